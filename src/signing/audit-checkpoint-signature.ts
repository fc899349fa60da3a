/** Checks a signed audit checkpoint against the service's public keys (jose stays in signing/). */
import { compactVerify, createLocalJWKSet, errors as joseErrors, type JSONWebKeySet } from 'jose';

import { AUDIT_CHECKPOINT_TYP, CheckpointSignatureError, type CheckpointClaims } from '../domain/audit-chain.js';

/** The claims of a checkpoint JWS whose signature verifies with one of these keys and whose typ is right. */
export async function verifyCheckpointSignature(jws: string, jwks: JSONWebKeySet): Promise<CheckpointClaims> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['ES256', 'EdDSA', 'PS256', 'RS256'] });
    if (protectedHeader.typ !== AUDIT_CHECKPOINT_TYP) throw new CheckpointSignatureError(`typ is ${String(protectedHeader.typ)}, not ${AUDIT_CHECKPOINT_TYP}`);
    const claims = JSON.parse(new TextDecoder().decode(payload)) as CheckpointClaims;
    if (!Number.isSafeInteger(claims.checkpoint) || !Number.isSafeInteger(claims.headSeq) || typeof claims.headHash !== 'string' || typeof claims.at !== 'string') {
      throw new CheckpointSignatureError('the signed checkpoint is missing a claim');
    }
    return claims;
  } catch (err) {
    if (err instanceof CheckpointSignatureError) throw err;
    if (err instanceof joseErrors.JOSEError) throw new CheckpointSignatureError(`the signature does not verify with the service's keys (${err.code})`);
    throw new CheckpointSignatureError('the checkpoint is not a readable JWS');
  }
}
