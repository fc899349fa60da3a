/** Parses a JWS in compact or flattened JSON serialization, strictly, without trusting anything in it. */
import { parseStrictJson } from '../domain/strict-json.js';
import { AppError, duplicateJsonMember, jwsHeaderInvalid, jwsMalformed } from '../errors.js';

import type { JwsSerialization } from '../domain/stored-jws.js';

export interface ParsedJws {
  serialization: JwsSerialization;
  protectedB64: string;
  payloadB64: string;
  signatureB64: string;
  header: Record<string, unknown>;
  /** The payload's bytes, decoded once while checking the encoding is canonical. */
  payload: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes one JWS part, accepting only canonical base64url (RFC 7515 section 2: no padding,
 * no whitespace, nothing outside the alphabet, and spare bits zero). A decoder that ignores
 * the spare bits would let one signed text be written several ways; re-encoding the decoded
 * bytes must give back exactly the text that was sent.
 */
export function decodeBase64url(value: string, what: string): Buffer {
  if (!B64URL.test(value)) throw jwsMalformed(`the ${what} is not base64url (only A-Z a-z 0-9 - _, no padding or whitespace)`);
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.toString('base64url') !== value) throw jwsMalformed(`the ${what} is not canonical base64url (its unused trailing bits must be zero)`);
  return bytes;
}

/** A parse rule broken inside the protected header, reported at its place under /protected. */
function headerRuleError(err: AppError): AppError | undefined {
  if (err.code !== 'duplicate-member') return undefined;
  return duplicateJsonMember(`/protected${err.errors?.[0]?.pointer ?? ''}`);
}

function decodeHeader(protectedB64: string): Record<string, unknown> {
  if (protectedB64 === '') throw jwsMalformed('the protected header is empty');
  const bytes = decodeBase64url(protectedB64, 'protected header');
  let header: unknown;
  try {
    header = parseStrictJson(bytes);
  } catch (err) {
    const ruleError = err instanceof AppError ? headerRuleError(err) : undefined;
    throw ruleError ?? jwsMalformed('the protected header is not a JSON object');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw jwsMalformed('the protected header is not a JSON object');
  return header as Record<string, unknown>;
}

export function parseCompactJws(bytes: Buffer): ParsedJws {
  // Exactly the token, nothing around it: a trailing newline would make a second signed text.
  const text = bytes.toString('latin1');
  const parts = text.split('.');
  if (parts.length === 5) throw jwsMalformed('this is a JWE (5 parts); send a signed JWS');
  if (parts.length !== 3) throw jwsMalformed(`a compact JWS has 3 parts separated by ".", this has ${parts.length}`);
  const [protectedB64, payloadB64, signatureB64] = parts as [string, string, string];
  if (signatureB64 === '') throw jwsMalformed('the signature is empty');
  const payload = decodeBase64url(payloadB64, 'payload');
  decodeBase64url(signatureB64, 'signature');
  return { serialization: 'compact', protectedB64, payloadB64, signatureB64, header: decodeHeader(protectedB64), payload };
}

export function parseFlattenedJws(bytes: Buffer): ParsedJws {
  let value: unknown;
  try {
    value = parseStrictJson(bytes);
  } catch (err) {
    // Two "payload" members would be two documents in one envelope: the duplicate's own problem.
    if (err instanceof AppError && err.code === 'duplicate-member') throw err;
    throw jwsMalformed('the body is not a flattened JWS JSON object');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw jwsMalformed('the body is not a flattened JWS JSON object');
  const jws = value as Record<string, unknown>;
  if ('signatures' in jws) throw jwsMalformed('the general JSON serialization is not accepted; send one signature (flattened)');
  for (const member of ['protected', 'payload', 'signature']) {
    if (typeof jws[member] !== 'string') throw jwsMalformed(`"${member}" must be a string`);
  }
  const unknown = Object.keys(jws).filter((k) => !['protected', 'payload', 'signature', 'header'].includes(k));
  if (unknown.length > 0) throw jwsMalformed(`unknown member "${unknown[0]}"`);
  if (jws.header !== undefined) {
    // Every header parameter must be integrity-protected; an unprotected one could steer verification.
    const names = jws.header && typeof jws.header === 'object' ? Object.keys(jws.header) : ['header'];
    throw jwsHeaderInvalid(names[0] ?? 'header', 'unprotected header members are not accepted; put them in the protected header');
  }
  const parsed = { protectedB64: jws.protected as string, payloadB64: jws.payload as string, signatureB64: jws.signature as string };
  if (parsed.signatureB64 === '') throw jwsMalformed('the signature is empty');
  const payload = decodeBase64url(parsed.payloadB64, 'payload');
  decodeBase64url(parsed.signatureB64, 'signature');
  return { serialization: 'flattened', ...parsed, header: decodeHeader(parsed.protectedB64), payload };
}

export function parseJws(bytes: Buffer, serialization: JwsSerialization): ParsedJws {
  return serialization === 'compact' ? parseCompactJws(bytes) : parseFlattenedJws(bytes);
}
