/** What a registered public signing key must be: public only, for signatures, strong enough, matching its alg. */
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { invalidSigningKey } from '../errors.js';
import type { SigningAlgorithm } from '../domain/organisations.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const invalidKey = (detail: string, pointer = '/jwk') => invalidSigningKey(pointer, detail);

/** Checks a JWK for registration and returns the public JWK to store and its RFC 7638 thumbprint. */
export async function checkPublicJwk(input: unknown, alg: SigningAlgorithm): Promise<{ jwk: JWK & { kid: string }; fingerprint: string }> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw invalidKey('jwk must be a JSON object');
  const jwk = input as JWK & Record<string, unknown>;
  for (const m of PRIVATE_MEMBERS) if (m in jwk) throw invalidKey(`a private or symmetric key member ("${m}") was sent; register the public key only`, `/jwk/${m}`);
  if (typeof jwk.kid !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(jwk.kid)) throw invalidKey('kid must be 1-128 letters, digits and ._:-', '/jwk/kid');
  if (jwk.use !== undefined && jwk.use !== 'sig') throw invalidKey('use must be "sig"', '/jwk/use');
  if (jwk.alg !== undefined && jwk.alg !== alg) throw invalidKey(`jwk.alg must equal the registered algorithm ${alg}`, '/jwk/alg');
  const shape: Record<SigningAlgorithm, () => boolean> = {
    ES256: () => jwk.kty === 'EC' && jwk.crv === 'P-256',
    EdDSA: () => jwk.kty === 'OKP' && jwk.crv === 'Ed25519',
    PS256: () => jwk.kty === 'RSA',
    RS256: () => jwk.kty === 'RSA',
  };
  if (!shape[alg]()) throw invalidKey(`the key type does not fit ${alg} (ES256: EC P-256, EdDSA: OKP Ed25519, PS256/RS256: RSA)`, '/jwk/kty');
  if (jwk.kty === 'RSA') {
    const bits = typeof jwk.n === 'string' ? Buffer.from(jwk.n, 'base64url').length * 8 : 0;
    if (bits < 2048) throw invalidKey(`RSA keys need at least 2048 bits; this one has ${bits}`, '/jwk/n');
  }
  try {
    await importJWK({ ...jwk, alg }, alg);
  } catch {
    throw invalidKey('the key material is not a valid public key');
  }
  const { kid, kty, crv, x, y, n, e } = jwk;
  const publicJwk = Object.fromEntries(Object.entries({ kid, kty, crv, x, y, n, e, use: 'sig', alg }).filter(([, v]) => v !== undefined)) as unknown as JWK & { kid: string };
  return { jwk: publicJwk, fingerprint: await calculateJwkThumbprint(publicJwk, 'sha256') };
}
