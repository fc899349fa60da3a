/**
 * `handover audit verify`: walks the audit log's hash chain (in the database, or an exported
 * copy), checks it against the last signed checkpoint of its head, and reports the first event
 * that was changed, removed or moved, or that the log was cut short or rewritten. `handover
 * audit export` signs a checkpoint of the head, then writes the log up to it as JSON lines with
 * the checkpoint as the last line, so a copy can be kept and checked elsewhere.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { AuditEvent } from '../domain/audit-chain.js';
import { configFromEnvironment } from '../config.js';
import { openAuditLog, resolveDatabaseFor, servicePublicKeys } from '../deps.js';
import { verifyLogAgainstCheckpoint, writeAuditCheckpoint, type LogVerdict } from '../services/audit-checkpoints.js';
import { CheckpointSignatureError, verifyCheckpointSignature } from '../signing/audit-checkpoint-signature.js';
import { CliError, requireOption } from './io.js';

export const AUDIT_USAGE = `handover audit verify [--file EXPORTED_JSONL] [--jwks SERVICE_JWKS_FILE]   (default: the configured database and service key)
  handover audit export --out FILE`;

/** An exported copy: its events, and the signed checkpoint that must be its last line. */
async function readExport(file: string): Promise<{ events: AuditEvent[]; checkpointJws?: string }> {
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`, 2);
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const events: AuditEvent[] = [];
  let checkpointJws: string | undefined;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let raw: (AuditEvent & { at: string | Date }) | { checkpoint: { jws: string } };
    try {
      raw = JSON.parse(line) as typeof raw;
    } catch {
      throw new CliError(`${file}:${n}: not a JSON line`, 1);
    }
    if ('checkpoint' in raw) {
      checkpointJws = raw.checkpoint.jws;
      continue;
    }
    // Anything after the checkpoint was not covered by it: it counts as the log going on.
    checkpointJws = undefined;
    events.push({ ...raw, at: new Date(raw.at) });
  }
  return { events, ...(checkpointJws ? { checkpointJws } : {}) };
}

/** The checkpoint signature check against these service keys, when there are any. */
const checkerOf = (jwks: { keys: object[] } | undefined) => (jwks ? (jws: string) => verifyCheckpointSignature(jws, jwks as Parameters<typeof verifyCheckpointSignature>[1]) : undefined);

async function withDatabase<T>(work: (log: Awaited<ReturnType<typeof openAuditLog>>) => Promise<T>): Promise<T> {
  const config = configFromEnvironment();
  const database = await resolveDatabaseFor(config);
  const log = await openAuditLog(config, database);
  try {
    return await work(log);
  } finally {
    await log.close();
    await database.stop();
  }
}

function report(verdict: LogVerdict, exported: boolean): number {
  const anchor = verdict.checkpoint
    ? `, signed checkpoint ${verdict.checkpoint.number} (${verdict.checkpoint.at.toISOString()}, events up to ${verdict.checkpoint.headSeq}) matches`
    : exported
      ? ''
      : ', no signed checkpoint yet';
  if (verdict.ok) {
    process.stdout.write(`audit log intact: ${verdict.count} events, chain verified${anchor}\n`);
    return 0;
  }
  const { seq, problem, detail } = verdict.first;
  process.stdout.write(`audit log BROKEN at event ${seq} (${problem}): ${detail}; ${Math.max(0, verdict.count - 1)} events before it verified\n`);
  return 1;
}

export async function auditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { file: { type: 'string' }, out: { type: 'string' }, jwks: { type: 'string' } } });
  const jwksFromFile = values.jwks ? (JSON.parse(fs.readFileSync(values.jwks, 'utf8')) as { keys: object[] }) : undefined;
  if (sub === 'verify') {
    try {
      if (values.file) {
        const { events, checkpointJws } = await readExport(values.file);
        if (!checkpointJws) {
          process.stdout.write(`audit log BROKEN at the end of ${values.file} (truncated): the export does not end with its signed checkpoint\n`);
          return 1;
        }
        const jwks = jwksFromFile ?? (await servicePublicKeys(configFromEnvironment()));
        return report(await verifyLogAgainstCheckpoint(events, checkpointJws, checkerOf(jwks)), true);
      }
      return await withDatabase(async (log) => report(await verifyLogAgainstCheckpoint(log.audit.all(), (await log.checkpoints.latest())?.jws, checkerOf(jwksFromFile ?? log.signer?.jwks())), false));
    } catch (err) {
      if (err instanceof CheckpointSignatureError) {
        process.stdout.write(`audit log BROKEN: its last signed checkpoint cannot be trusted: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
  }
  if (sub === 'export') {
    const out = requireOption(values, 'out');
    const count = await withDatabase(async (log) => {
      if (!log.signer) throw new CliError('audit export signs a checkpoint of the log: the service key (HANDOVER_SERVICE_KEY_FILE) is needed', 2);
      const checkpoint = await writeAuditCheckpoint({ audit: log.audit, checkpoints: log.checkpoints, signer: log.signer, clock: () => new Date() }, 'export');
      const stream = fs.createWriteStream(out, { flags: 'wx' });
      let n = 0;
      for await (const e of log.audit.all()) {
        // The file ends at the checkpoint: events appended meanwhile belong to the next export.
        if (checkpoint && e.seq > checkpoint.headSeq) continue;
        if (!stream.write(`${JSON.stringify(e)}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
        n++;
      }
      if (checkpoint) stream.write(`${JSON.stringify({ checkpoint: { number: checkpoint.number, headSeq: checkpoint.headSeq, headHash: checkpoint.headHash, at: checkpoint.at, jws: checkpoint.jws } })}\n`);
      await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return n;
    });
    process.stdout.write(`exported ${count} events and their signed checkpoint to ${out}\n`);
    return 0;
  }
  throw new CliError(`usage:\n  ${AUDIT_USAGE}`, 2);
}
