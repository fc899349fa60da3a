/** `handover keys generate`: a new signing key pair; the private JWK to a file, the public one to stdout. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../domain/organisations.js';
import { generateSigningKey } from '../signing/document-signing.js';
import { CliError, requireOption } from './io.js';

export const KEYS_USAGE = 'handover keys generate --alg ES256|EdDSA|PS256|RS256 --kid KID --out PRIVATE_JWK_FILE';

export async function keysCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'generate') throw new CliError(`usage: ${KEYS_USAGE}`, 2);
  const { values } = parseArgs({ args: rest, options: { alg: { type: 'string', default: 'ES256' }, kid: { type: 'string' }, out: { type: 'string' } } });
  const alg = values.alg as SigningAlgorithm;
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(alg)) throw new CliError(`--alg must be one of ${SIGNING_ALGORITHMS.join(', ')}`, 2);
  const kid = requireOption(values, 'kid');
  const out = requireOption(values, 'out');
  const { privateJwk, publicJwk } = await generateSigningKey(alg, kid);
  try {
    // 0600 and never overwrite: a private key is not something to lose by a typo.
    fs.writeFileSync(out, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    throw new CliError(`${out}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'}); it must not exist yet`, 2);
  }
  process.stdout.write(`${JSON.stringify(publicJwk, null, 2)}\n`);
  process.stderr.write(`private key written to ${out}; register the public key above with the service\n`);
  return 0;
}
