/** `handover verify-receipt RECEIPT --jwks URL|FILE [--jws SUBMISSION]`: checks the service's signature on a receipt. */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { verifyReceipt } from '../signing/document-signing.js';
import { defineAction, type CliRun } from './command-kit.js';
import { CliError, readJsonFile, readTextFile } from './io.js';

/** A JWKS from a URL or a file. */
export async function loadJwks(source: string): Promise<{ keys: JWK[] }> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new CliError(`${source}: HTTP ${res.status}`);
    return (await res.json()) as { keys: JWK[] };
  }
  return readJsonFile<{ keys: JWK[] }>(source);
}

export function registerVerifyReceipt(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('verify-receipt')
      .description("check the service's signature on a receipt, and optionally that it acknowledges exactly these signed bytes")
      .argument('<receipt>', 'the receipt: the JSON `handover submit` printed, or the bare compact JWS')
      .requiredOption('--jwks <url|file>', "the service's public keys (/.well-known/jwks.json)")
      .option('--jws <file>', 'the signed submission the receipt should acknowledge'),
    run,
    { 0: 'a genuine receipt (matching the submission when --jws is given)', 1: 'not a genuine receipt, or it acknowledges other bytes', 2: 'usage error or unreadable input' },
    async (receiptFile: string, o: { jwks: string; jws?: string }) => {
      const text = readTextFile(receiptFile).trim();
      // Either the JSON that `handover submit` printed, or the bare compact JWS.
      const receipt = text.startsWith('{') ? String((JSON.parse(text) as { receipt?: unknown }).receipt ?? '') : text;
      const jwks = await loadJwks(o.jwks);
      const submission = o.jws ? Buffer.from(readTextFile(o.jws).trim()) : undefined;
      try {
        const check = await verifyReceipt(receipt, jwks, submission);
        if (check.matchesSubmission === false) {
          process.stderr.write('INVALID: the receipt is genuine but acknowledges other bytes than the given submission\n');
          return 1;
        }
        process.stdout.write(
          `valid receipt ${String(check.claims.receiptId)} for handover ${String(check.claims.handoverId)} version ${String(check.claims.version)}, signed by ${check.kid}${check.matchesSubmission ? ', matching the submission' : ''}\n`,
        );
        return 0;
      } catch (err) {
        process.stderr.write(`INVALID: ${(err as Error).message}\n`);
        return 1;
      }
    },
  );
}
