/**
 * Checks a third party makes offline on a stored submission (evidence packages): a public key's
 * RFC 7638 thumbprint, and the signature of the bytes as received with the key as registered.
 */
import { calculateJwkThumbprint, compactVerify, flattenedVerify, importJWK, type FlattenedJWSInput, type JWK } from 'jose';
import type { JwsSerialization } from '../domain/stored-jws.js';

/** The SHA-256 JWK thumbprint the registry records for a key (base64url). */
export function jwkThumbprint(jwk: object): Promise<string> {
  return calculateJwkThumbprint(jwk as JWK, 'sha256');
}

/** Verifies stored JWS bytes with one public key and algorithm; returns the kid the header names. Throws when it does not verify. */
export async function verifyStoredSignature(bytes: Buffer, serialization: JwsSerialization, publicJwk: object, alg: string): Promise<{ kid: string | undefined }> {
  const key = await importJWK(publicJwk as JWK, alg);
  const options = { algorithms: [alg] };
  const result =
    serialization === 'flattened' ? await flattenedVerify(JSON.parse(bytes.toString('utf8')) as FlattenedJWSInput, key, options) : await compactVerify(bytes.toString('latin1'), key, options);
  return { kid: result.protectedHeader?.kid };
}
