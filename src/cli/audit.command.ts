/**
 * `handover audit verify`: walks the audit log's hash chain (in the database, or an exported
 * copy), checks it against the last signed checkpoint of its head, and reports the first event
 * that was changed, removed or moved, or that the log was cut short or rewritten. `handover
 * audit export` signs a checkpoint of the head, then writes the log up to it as JSON lines with
 * the checkpoint as the last line, so a copy can be kept and checked elsewhere. In the database,
 * events older than twice the checkpoint interval must be covered by the last checkpoint (the
 * service signs one every interval), pending ones included; `--checkpoint FILE` checks the log
 * also extends a checkpoint someone kept (from a receipt, a webhook or the witness).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import type { AuditEvent } from '../domain/audit-chain.js';
import { configFromEnvironment } from '../config.js';
import { openAuditLog, servicePublicKeys } from '../cli-stores.js';
import { resolveDatabaseFor } from '../store.js';
import { verifyLogAgainstCheckpoint, writeAuditCheckpoint, type CheckpointDeps, type LogVerdict } from '../services/audit-checkpoints.js';
import { auditSequencer } from '../services/audit-sequencer.js';
import type { AuditLease } from '../storage/audit-lease.js';
import { createLogger } from '../logger.js';
import { CheckpointSignatureError } from '../domain/audit-chain.js';
import { verifyCheckpointSignature } from '../signing/audit-checkpoint-signature.js';
import { defineAction, type CliRun } from './command-kit.js';
import { CliError, readJsonFile } from './io.js';
import { counted, startProgress, type Progress } from './progress.js';

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

/**
 * A checkpoint someone kept: the compact JWS alone, or JSON (lines) holding it as a receipt's
 * `auditCheckpoint`, or as a witness file's or export's `checkpoint.jws` (the last one counts).
 */
function readKeptCheckpoint(file: string): string {
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`, 2);
  const text = fs.readFileSync(file, 'utf8').trim();
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) return text;
  let found: string | undefined;
  for (const line of text.split('\n')) {
    try {
      const v = JSON.parse(line) as { auditCheckpoint?: unknown; checkpoint?: { jws?: unknown } };
      const jws = v.auditCheckpoint ?? v.checkpoint?.jws;
      if (typeof jws === 'string') found = jws;
    } catch {
      // a line of something else: passed over
    }
  }
  if (!found) throw new CliError(`${file}: no signed checkpoint in it (a compact JWS, or JSON with auditCheckpoint or checkpoint.jws)`, 2);
  return found;
}

/** The checkpoint signature check against these service keys, when there are any. */
const checkerOf = (jwks: { keys: object[] } | undefined) => (jwks ? (jws: string) => verifyCheckpointSignature(jws, jwks as Parameters<typeof verifyCheckpointSignature>[1]) : undefined);

async function withDatabase<T>(work: (log: Awaited<ReturnType<typeof openAuditLog>>, config: ReturnType<typeof configFromEnvironment>) => Promise<T>): Promise<T> {
  const config = configFromEnvironment();
  const database = await resolveDatabaseFor(config);
  const log = await openAuditLog(config, database);
  try {
    return await work(log, config);
  } finally {
    await log.close();
    await database.stop();
  }
}

function report(verdict: LogVerdict, exported: boolean, progress?: Progress): number {
  progress?.stop();
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

export function registerAudit(program: Command, run: CliRun): void {
  const audit = program.command('audit').description('the hash-chained audit log and its signed checkpoints');
  defineAction(
    audit
      .command('verify')
      .description("walk the audit log's hash chain (the configured database, or an exported copy) and check it against its last signed checkpoint")
      .option('--file <jsonl>', 'an exported copy instead of the database')
      .option('--checkpoint <file>', "a signed checkpoint kept outside the database (a receipt's auditCheckpoint, a webhook's Audit-Checkpoint header, a witness file's last line, or the JWS alone): the log must extend it")
      .option('--jwks <file>', "the service's public keys (default: the configured service key)"),
    run,
    {
      0: 'the log is intact, matches its last signed checkpoint (and the kept one), and every event older than twice the checkpoint interval is covered',
      1: 'the log is broken (the first bad event named), holds a field its hash does not cover, is cut short or rewritten below a checkpoint, has events left unanchored too long, or a checkpoint cannot be trusted',
      2: 'usage error or unreadable input',
    },
    (o: { file?: string; jwks?: string; checkpoint?: string }) => verifyAudit(o),
  );
  defineAction(
    audit
      .command('export')
      .description('sign a checkpoint of the head, then write the log up to it as JSON lines ending with that checkpoint')
      .requiredOption('--out <file>', 'a new file'),
    run,
    { 0: 'exported', 1: 'the export failed', 2: 'usage error, the file exists, or no service key to sign the checkpoint with' },
    (o: { out: string }) => exportAudit(o.out),
  );
}

async function verifyAudit(o: { file?: string; jwks?: string; checkpoint?: string }): Promise<number> {
  const jwksFromFile = o.jwks ? readJsonFile<{ keys: object[] }>(o.jwks) : undefined;
  const kept = o.checkpoint ? { kept: readKeptCheckpoint(o.checkpoint) } : {};
  try {
    if (o.file) {
      const { events, checkpointJws } = await readExport(o.file);
      if (!checkpointJws) {
        process.stdout.write(`audit log BROKEN at the end of ${o.file} (truncated): the export does not end with its signed checkpoint\n`);
        return 1;
      }
      const jwks = jwksFromFile ?? (await servicePublicKeys(configFromEnvironment()));
      return await withProgress('verifying the audit log', events.length, async (progress) =>
        report(await verifyLogAgainstCheckpoint(counted(events, progress), checkpointJws, checkerOf(jwks), kept), true, progress),
      );
    }
    return await withDatabase(async (log, config) => {
      const head = await log.audit.head();
      // The service signs a checkpoint every interval once events joined the chain: twice that is late.
      const unanchoredBefore = new Date(Date.now() - 2 * config.auditCheckpointMs);
      const verdict = await withProgress('verifying the audit log', head.seq, async (progress) => {
        const v = await verifyLogAgainstCheckpoint(counted(log.audit.all(), progress), (await log.checkpoints.latest())?.jws, checkerOf(jwksFromFile ?? log.signer?.jwks()), { ...kept, unanchoredBefore });
        progress.stop();
        return v;
      });
      const stale = verdict.ok ? (await log.audit.pending())[0] : undefined;
      if (stale && stale.at < unanchoredBefore) {
        process.stdout.write(`audit log BROKEN: events recorded at ${stale.at.toISOString()} are still pending, not in the chain nor covered by a checkpoint (the sequencer has not run for longer than twice the checkpoint interval)\n`);
        return 1;
      }
      return report(verdict, false);
    });
  } catch (err) {
    if (err instanceof CheckpointSignatureError) {
      process.stdout.write(`audit log BROKEN: its last signed checkpoint cannot be trusted: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

async function exportAudit(out: string): Promise<number> {
  const count = await withDatabase(async (log) => {
    if (!log.signer) throw new CliError('audit export signs a checkpoint of the log: the service key (HANDOVER_SERVICE_KEY_FILE) is needed', 2);
    let stream: fs.WriteStream;
    try {
      stream = await openNewFile(out);
    } catch (err) {
      throw new CliError(`${out}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'}); it must not exist yet`, 2);
    }
    const d = { audit: log.audit, checkpoints: log.checkpoints, signer: log.signer, clock: () => new Date() };
    const checkpoint = await integratePending(d, log.lease)
      .then(() => writeAuditCheckpoint(d, 'export'))
      .catch((err: unknown) => {
        // Nothing was exported: leave no empty file behind to block the next try.
        stream.destroy();
        fs.rmSync(out, { force: true });
        throw err;
      });
    return withProgress('exporting the audit log', checkpoint?.headSeq ?? 0, async (progress) => {
      let n = 0;
      for await (const e of log.audit.all()) {
        // The file ends at the checkpoint: events appended meanwhile belong to the next export.
        if (checkpoint && e.seq > checkpoint.headSeq) continue;
        if (!stream.write(`${JSON.stringify(e)}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
        n++;
        progress.tick();
      }
      if (checkpoint) stream.write(`${JSON.stringify({ checkpoint: { number: checkpoint.number, headSeq: checkpoint.headSeq, headHash: checkpoint.headHash, at: checkpoint.at, jws: checkpoint.jws } })}\n`);
      await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return n;
    });
  });
  process.stdout.write(`exported ${count} events and their signed checkpoint to ${out}\n`);
  return 0;
}

/**
 * What requests wrote and no sequencer has integrated yet (the service is stopped, or between
 * rounds) joins the chain before the export's checkpoint, by the sequencer's own lease (waiting
 * for a running service's holder when it has the lease).
 */
async function integratePending(d: CheckpointDeps, lease: AuditLease): Promise<void> {
  const config = configFromEnvironment();
  const sequencer = auditSequencer({ ...d, lease, logger: createLogger('silent'), periodMs: config.auditSequencerMs, checkpointMs: config.auditCheckpointMs });
  try {
    await sequencer.settle({ anchor: false, timeoutMs: 2 * config.auditLeaseMs + 10_000 });
  } finally {
    await lease.release();
  }
}

/** A new file for writing (never an existing one: an export is not something to overwrite by a typo). */
function openNewFile(file: string): Promise<fs.WriteStream> {
  return new Promise((resolve, reject) => {
    const stream = fs.createWriteStream(file, { flags: 'wx' });
    stream.once('open', () => resolve(stream));
    stream.once('error', reject);
  });
}

async function withProgress<T>(label: string, total: number, work: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = startProgress(label, total);
  try {
    return await work(progress);
  } finally {
    progress.stop();
  }
}
