/**
 * `handover sign FILE --key KEY [--out JWS_FILE]`: signs a document with the typ its documentType
 * needs. `--out` writes exactly the JWS (what the service accepts as a body: nothing around the
 * token); without it the JWS goes to stdout with a newline, for a terminal.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { signDocument, TYP_BY_DOCUMENT_TYPE } from '../signing/document-signing.js';
import { defineAction, type CliRun } from './command-kit.js';
import { CliError, readJsonFile } from './io.js';

export function typFor(doc: unknown): string {
  const type = (doc as { documentType?: unknown })?.documentType;
  const typ = typeof type === 'string' ? TYP_BY_DOCUMENT_TYPE[type] : undefined;
  if (!typ) throw new CliError(`the document's documentType must be one of ${Object.keys(TYP_BY_DOCUMENT_TYPE).join(', ')}`, 1);
  return typ;
}

export function registerSign(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('sign')
      .description("sign a document's exact bytes as a JWS with the typ its documentType needs")
      .argument('<file>', 'the document (JSON)')
      .requiredOption('--key <file>', 'the private JWK')
      .option('--flattened', 'flattened JSON serialization instead of compact')
      .option('--out <file>', 'write exactly the token to a new file (otherwise stdout, with a newline)'),
    run,
    { 0: 'signed', 1: 'the document has no documentType the service knows', 2: 'usage error or an unreadable file' },
    async (file: string, o: { key: string; flattened?: boolean; out?: string }) => {
      const key = readJsonFile<JWK>(o.key);
      const typ = typFor(readJsonFile(file));
      // The exact bytes of the file are signed: what the sender reviewed is what is sent.
      const payload = fs.readFileSync(file);
      const jws = await signDocument(payload, key, typ, o.flattened ? 'flattened' : 'compact');
      if (o.out) fs.writeFileSync(o.out, jws, { flag: 'wx' });
      else process.stdout.write(`${jws}\n`);
      return 0;
    },
  );
}
