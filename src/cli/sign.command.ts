/**
 * `handover sign FILE --key KEY [--out JWS_FILE]`: signs a document with the typ its documentType
 * needs. `--out` writes exactly the JWS (what the service accepts as a body: nothing around the
 * token); without it the JWS goes to stdout with a newline, for a terminal.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { signDocument, TYP_BY_DOCUMENT_TYPE } from '../signing/document-signing.js';
import { CliError, readJsonFile, requireOption } from './io.js';

export const SIGN_USAGE = 'handover sign FILE --key PRIVATE_JWK_FILE [--flattened] [--out JWS_FILE]';

export function typFor(doc: unknown): string {
  const type = (doc as { documentType?: unknown })?.documentType;
  const typ = typeof type === 'string' ? TYP_BY_DOCUMENT_TYPE[type] : undefined;
  if (!typ) throw new CliError(`the document's documentType must be one of ${Object.keys(TYP_BY_DOCUMENT_TYPE).join(', ')}`, 1);
  return typ;
}

export async function signCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { key: { type: 'string' }, flattened: { type: 'boolean', default: false }, out: { type: 'string' } } });
  if (positionals.length !== 1) throw new CliError(`usage: ${SIGN_USAGE}`, 2);
  const file = positionals[0]!;
  const key = readJsonFile<JWK>(requireOption(values, 'key'));
  // The exact bytes of the file are signed: what the sender reviewed is what is sent.
  const payload = fs.readFileSync(file);
  const typ = typFor(readJsonFile(file));
  const jws = await signDocument(payload, key, typ, values.flattened ? 'flattened' : 'compact');
  if (values.out) fs.writeFileSync(values.out, jws, { flag: 'wx' });
  else process.stdout.write(`${jws}\n`);
  return 0;
}
