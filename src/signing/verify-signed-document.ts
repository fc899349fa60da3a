/**
 * Verifies a signed document (handover, withdrawal, health-assessment result) in the order the
 * rules are promised: parse, header, key (registry, organisation, validity), signature. Nothing
 * in the payload is read before the signature verifies.
 */
import { errors as joseErrors, flattenedVerify, importJWK, type CryptoKey, type JWK } from 'jose';
import { sha256Hex as sha256HexOf } from '../domain/crypto.js';
import { keyValidityAt, type SigningKeyRecord } from '../domain/organisations.js';
import type { VerificationFacts } from '../domain/handover-record.js';
import {
  jwsAlgNotAllowed,
  jwsMalformed,
  jwsSignatureInvalid,
  signingKeyAlgMismatch,
  signingKeyExpired,
  signingKeyNotYetValid,
  signingKeyRevoked,
  signingKeyUnknown,
  signingKeyWrongOrganisation,
} from '../errors.js';
import { checkProtectedHeader } from './header-rules.js';
import type { JwsSerialization } from '../domain/stored-jws.js';
import { parseJws } from './jws-parse.js';

export interface VerifiedDocument {
  payload: Buffer;
  jwsSha256: string;
  serialization: JwsSerialization;
  verification: VerificationFacts;
}

export interface KeyRegistry {
  /** Always asks the database, so a revocation takes effect on the next request. */
  findKey(kid: string): Promise<SigningKeyRecord | undefined>;
}

/** Imported keys, by thumbprint: importing is the costly part and a key's material never changes. */
export class KeyCache {
  private readonly keys = new Map<string, Promise<CryptoKey | Uint8Array>>();

  get(record: SigningKeyRecord): Promise<CryptoKey | Uint8Array> {
    const cacheKey = `${record.fingerprint}:${record.alg}`;
    let key = this.keys.get(cacheKey);
    if (!key) {
      key = importJWK(record.publicJwk as JWK, record.alg);
      key.catch(() => this.keys.delete(cacheKey));
      this.keys.set(cacheKey, key);
    }
    return key;
  }
}

export interface VerifyRequest {
  bytes: Buffer;
  serialization: JwsSerialization;
  expectedTyp: string;
  /** The organisation of the credential that submitted it. */
  organisationId: string;
  receivedAt: Date;
}

export function sha256Hex(bytes: Uint8Array): string {
  return sha256HexOf(bytes);
}

export async function verifySignedDocument(registry: KeyRegistry, cache: KeyCache, req: VerifyRequest): Promise<VerifiedDocument> {
  const jws = parseJws(req.bytes, req.serialization);
  const header = checkProtectedHeader(jws.header, req.expectedTyp);
  const record = await registry.findKey(header.kid);
  if (!record) throw signingKeyUnknown();
  if (record.organisationId !== req.organisationId) throw signingKeyWrongOrganisation();
  if (record.alg !== header.alg) throw signingKeyAlgMismatch();
  switch (keyValidityAt(record, req.receivedAt)) {
    case 'revoked':
      throw signingKeyRevoked();
    case 'expired':
      throw signingKeyExpired();
    case 'not-yet-valid':
      throw signingKeyNotYetValid();
    case 'valid':
      break;
  }
  const key = await cache.get(record);
  try {
    await flattenedVerify({ protected: jws.protectedB64, payload: jws.payloadB64, signature: jws.signatureB64 }, key, { algorithms: [record.alg] });
  } catch (err) {
    // Translate by jose's stable codes, never by message text.
    if (err instanceof joseErrors.JOSEError) {
      if (err.code === 'ERR_JOSE_ALG_NOT_ALLOWED') throw jwsAlgNotAllowed(header.alg);
      if (err.code === 'ERR_JWS_INVALID') throw jwsMalformed('the JWS is not well-formed');
      throw jwsSignatureInvalid();
    }
    throw jwsSignatureInvalid();
  }
  return {
    payload: jws.payload,
    jwsSha256: sha256Hex(req.bytes),
    serialization: jws.serialization,
    verification: { kid: record.kid, alg: record.alg, typ: header.typ, keyFingerprint: record.fingerprint },
  };
}
