/** `handover verify-receipt RECEIPT --jwks URL|FILE [--jws SUBMISSION]`: checks the service's signature on a receipt. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { verifyReceipt } from '../signing/document-signing.js';
import { CliError, readJsonFile, requireOption } from './io.js';

export const VERIFY_RECEIPT_USAGE = 'handover verify-receipt RECEIPT_FILE --jwks URL|FILE [--jws SIGNED_SUBMISSION_FILE]';

/** A JWKS from a URL or a file. */
export async function loadJwks(source: string): Promise<{ keys: JWK[] }> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new CliError(`${source}: HTTP ${res.status}`);
    return (await res.json()) as { keys: JWK[] };
  }
  return readJsonFile<{ keys: JWK[] }>(source);
}

export async function verifyReceiptCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { jwks: { type: 'string' }, jws: { type: 'string' } } });
  if (positionals.length !== 1) throw new CliError(`usage: ${VERIFY_RECEIPT_USAGE}`, 2);
  const text = fs.readFileSync(positionals[0]!, 'utf8').trim();
  // Either the JSON that `handover submit` printed, or the bare compact JWS.
  const receipt = text.startsWith('{') ? String((JSON.parse(text) as { receipt?: unknown }).receipt ?? '') : text;
  const jwks = await loadJwks(requireOption(values, 'jwks'));
  const submission = values.jws ? Buffer.from(fs.readFileSync(values.jws, 'utf8').trim()) : undefined;
  try {
    const check = await verifyReceipt(receipt, jwks, submission);
    if (check.matchesSubmission === false) {
      process.stderr.write('INVALID: the receipt is genuine but acknowledges other bytes than the given submission\n');
      return 1;
    }
    process.stdout.write(`valid receipt ${String(check.claims.receiptId)} for handover ${String(check.claims.handoverId)} version ${String(check.claims.version)}, signed by ${check.kid}${check.matchesSubmission ? ', matching the submission' : ''}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`INVALID: ${(err as Error).message}\n`);
    return 1;
  }
}
