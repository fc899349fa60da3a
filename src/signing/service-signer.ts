/**
 * The service's own key: signs receipts, delivery receipts and notifications. Its public half is
 * published at /.well-known/jwks.json so anyone can verify what the service signed, offline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const SERVICE_ALG = 'ES256';

export interface ServiceSigner {
  readonly kid: string;
  /** The public keys to publish (the current one first). */
  jwks(): { keys: JWK[] };
  /** Signs a JSON payload as a compact JWS with the given typ. */
  sign(payload: Record<string, unknown>, typ: string): Promise<string>;
}

export class ServiceKeyMissingError extends Error {
  constructor(file: string) {
    super(`HANDOVER_SERVICE_KEY_FILE: no service signing key at ${file}; create one with \`npx handover keys generate --alg ES256 --kid svc-1 --out ${file}\``);
  }
}

/** Writes a new ES256 private JWK (file mode 0600) and returns it. */
export async function generateServiceKeyFile(file: string): Promise<void> {
  const { privateKey } = await generateKeyPair(SERVICE_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const thumb = await calculateJwkThumbprint(jwk, 'sha256');
  const created = new Date().toISOString().slice(0, 10);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify({ ...jwk, kid: `svc-${created}-${thumb.slice(0, 8)}`, alg: SERVICE_ALG, use: 'sig' }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

export async function loadServiceSigner(file: string, options: { generateIfMissing: boolean }): Promise<ServiceSigner & { generated: boolean }> {
  let generated = false;
  if (!fs.existsSync(file)) {
    if (!options.generateIfMissing) throw new ServiceKeyMissingError(file);
    try {
      await generateServiceKeyFile(file);
      generated = true;
    } catch (err) {
      // Another process created it first: use that one.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK & { kid?: string };
  if (typeof jwk.d !== 'string' || typeof jwk.kid !== 'string') throw new Error(`HANDOVER_SERVICE_KEY_FILE: ${file} is not a private JWK with a kid`);
  const alg = jwk.alg ?? SERVICE_ALG;
  const privateKey = (await importJWK(jwk, alg)) as CryptoKey;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  const kid = jwk.kid;
  return {
    kid,
    generated,
    jwks: () => ({ keys: [{ ...publicJwk, use: 'sig', alg }] }),
    sign: (payload, typ) => new CompactSign(Buffer.from(JSON.stringify(payload), 'utf8')).setProtectedHeader({ alg, kid, typ }).sign(privateKey),
  };
}
