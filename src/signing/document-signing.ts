/** Client-side signing and receipt checking, used by the CLI (and by anyone integrating in Node). */
import { CompactSign, compactVerify, createLocalJWKSet, exportJWK, FlattenedSign, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SigningAlgorithm } from '../domain/organisations.js';
import { receiptKindOf, receiptKindPhrase, type ReceiptKind } from '../domain/receipt-kinds.js';
import { sha256Hex } from './verify-signed-document.js';

/** The JWS typ for each document type; the service refuses a token of another type. */
export const TYP_BY_DOCUMENT_TYPE: Record<string, string> = {
  handover: 'handover+jws',
  'handover-withdrawal': 'handover-withdrawal+jws',
  'health-assessment-result': 'health-assessment-result+jws',
};

export async function generateSigningKey(alg: SigningAlgorithm, kid: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'PS256' || alg === 'RS256' ? { modulusLength: 3072 } : {}) });
  const meta = { kid, alg, use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...(await exportJWK(publicKey)), ...meta } };
}

export async function signDocument(payload: Buffer, privateJwk: JWK, typ: string, serialization: 'compact' | 'flattened' = 'compact'): Promise<string> {
  if (typeof privateJwk.kid !== 'string' || typeof privateJwk.alg !== 'string') throw new Error('the key file must be a private JWK with "kid" and "alg"');
  const key = await importJWK(privateJwk, privateJwk.alg);
  const header = { alg: privateJwk.alg, kid: privateJwk.kid, typ };
  if (serialization === 'flattened') return JSON.stringify(await new FlattenedSign(payload).setProtectedHeader(header).sign(key));
  return new CompactSign(payload).setProtectedHeader(header).sign(key);
}

export interface ReceiptCheck {
  claims: Record<string, unknown>;
  kid: string;
  /** Which kind of receipt it is (domain/receipt-kinds.ts). */
  kind: ReceiptKind;
  /** Whether the receipt's jwsSha256 matches the given signed submission (when one was given). */
  matchesSubmission?: boolean;
}

/**
 * Verifies a receipt against the service's published keys and names its kind (its `typ` and signed
 * `type` must agree on one); with `expectedKind`, a receipt of another kind is refused; optionally
 * checks it against the signed bytes it acknowledges.
 */
export async function verifyReceipt(receiptJws: string, jwks: { keys: JWK[] }, submission?: Buffer, expectedKind?: ReceiptKind): Promise<ReceiptCheck> {
  const { payload, protectedHeader } = await compactVerify(receiptJws.trim(), createLocalJWKSet(jwks), { algorithms: ['ES256', 'EdDSA', 'PS256', 'RS256'] });
  const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  const kind = receiptKindOf(protectedHeader.typ, claims.type);
  if (!kind) throw new Error(`not a receipt (typ ${String(protectedHeader.typ)}, type ${String(claims.type)})`);
  if (expectedKind && kind !== expectedKind) throw new Error(`${receiptKindPhrase(kind)}, not ${receiptKindPhrase(expectedKind)}`);
  return {
    claims,
    kid: String(protectedHeader.kid),
    kind,
    ...(submission ? { matchesSubmission: claims.jwsSha256 === sha256Hex(submission) } : {}),
  };
}
