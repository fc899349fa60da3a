/** `handover keys generate`: a new signing key pair; the private JWK to a file, the public one to stdout. */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../domain/organisations.js';
import { generateSigningKey } from '../signing/document-signing.js';
import { defineAction, type CliRun } from './command-kit.js';
import { CliError } from './io.js';

export function registerKeys(program: Command, run: CliRun): void {
  const keys = program.command('keys').description('signing keys for senders and GP practices');
  defineAction(
    keys
      .command('generate')
      .description('generate a key pair: the private JWK to a new 0600 file, the public JWK to stdout (register it with the service)')
      .addOption(new Option('--alg <alg>', 'signature algorithm').choices([...SIGNING_ALGORITHMS]).default('ES256'))
      .requiredOption('--kid <kid>', 'the key id to register it under')
      .requiredOption('--out <file>', 'where to write the private JWK (must not exist)'),
    run,
    { 0: 'written', 2: 'usage error, or the output file exists already' },
    async (o: { alg: SigningAlgorithm; kid: string; out: string }) => {
      const { privateJwk, publicJwk } = await generateSigningKey(o.alg, o.kid);
      try {
        // 0600 and never overwrite: a private key is not something to lose by a typo.
        fs.writeFileSync(o.out, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        throw new CliError(`${o.out}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'}); it must not exist yet`, 2);
      }
      process.stdout.write(`${JSON.stringify(publicJwk, null, 2)}\n`);
      process.stderr.write(`private key written to ${o.out}; register the public key above with the service\n`);
      return 0;
    },
  );
}
