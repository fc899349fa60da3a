/** `handover verify-receipt RECEIPT --jwks URL|FILE [--kind KIND] [--jws SUBMISSION]`: checks the service's signature on a receipt and names its kind. */
import { InvalidArgumentError, type Command } from 'commander';
import type { JWK } from 'jose';
import { RECEIPT_KIND_NAMES, RECEIPT_KINDS, type ReceiptKind } from '../domain/receipt-kinds.js';
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

/** `--kind`: one of the receipt kinds, or a usage error naming them. */
function receiptKind(value: string): ReceiptKind {
  if (!(RECEIPT_KIND_NAMES as string[]).includes(value)) throw new InvalidArgumentError(`--kind must be one of ${RECEIPT_KIND_NAMES.join(', ')}`);
  return value as ReceiptKind;
}

/** What the receipt is for, in the words of its kind: "for handover H version 2 (F2, F5 from 751 to 730)". */
function receiptSubject(kind: ReceiptKind, c: Record<string, unknown>): string {
  const handover = `for handover ${String(c.handoverId)}`;
  if (kind === 'assessment-result') return `${handover} (person ${String(c.personRef ?? '?')})`;
  const version = `${handover} version ${String(c.version)}`;
  if (kind === 'delivery') return `${version} (outcome ${String(c.outcome ?? 'ok')})`;
  if (kind === 'transfer') return `${version} (${(Array.isArray(c.personRefs) ? c.personRefs : []).join(', ')} from ${String(c.fromMunicipalityCode)} to ${String(c.toMunicipalityCode)})`;
  return version;
}

export function registerVerifyReceipt(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('verify-receipt')
      .description("check the service's signature on a receipt and name its kind (submission, delivery, withdrawal, transfer, assessment-result); optionally that it is of one kind, and that it acknowledges exactly these signed bytes")
      .argument('<receipt>', 'the receipt: the JSON `handover submit` printed, or the bare compact JWS')
      .requiredOption('--jwks <url|file>', "the service's public keys (/.well-known/jwks.json)")
      .option('--kind <kind>', `the kind of receipt it must be: ${RECEIPT_KIND_NAMES.join(', ')}`, receiptKind)
      .option('--jws <file>', 'the signed submission the receipt should acknowledge'),
    run,
    { 0: 'a genuine receipt (of the --kind asked for; matching the submission when --jws is given)', 1: 'not a genuine receipt, a receipt of another kind than --kind, or it acknowledges other bytes', 2: 'usage error or unreadable input' },
    async (receiptFile: string, o: { jwks: string; jws?: string; kind?: ReceiptKind }) => {
      const text = readTextFile(receiptFile).trim();
      // Either the JSON that `handover submit` printed, or the bare compact JWS.
      const receipt = text.startsWith('{') ? String((JSON.parse(text) as { receipt?: unknown }).receipt ?? '') : text;
      const jwks = await loadJwks(o.jwks);
      const submission = o.jws ? Buffer.from(readTextFile(o.jws).trim()) : undefined;
      try {
        const check = await verifyReceipt(receipt, jwks, submission, o.kind);
        if (check.matchesSubmission === false) {
          process.stderr.write('INVALID: the receipt is genuine but acknowledges other bytes than the given submission\n');
          return 1;
        }
        process.stdout.write(`valid ${RECEIPT_KINDS[check.kind].name} ${String(check.claims.receiptId)} ${receiptSubject(check.kind, check.claims)}, signed by ${check.kid}${check.matchesSubmission ? ', matching the submission' : ''}\n`);
        return 0;
      } catch (err) {
        process.stderr.write(`INVALID: ${(err as Error).message}\n`);
        return 1;
      }
    },
  );
}
