/**
 * `handover audit verify`: walks the audit log's hash chain (in the database, or an exported
 * copy) and reports the first event that was changed, removed or moved. `handover audit export`
 * writes the log as JSON lines, so a copy can be kept and checked elsewhere.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { verifyAuditChain, type AuditEvent } from '../domain/audit-chain.js';
import { loadConfig } from '../config.js';
import { openAuditLog, resolveDatabaseFor } from '../deps.js';
import { CliError, requireOption } from './io.js';

export const AUDIT_USAGE = `handover audit verify [--file EXPORTED_JSONL]   (default: the configured database)
  handover audit export --out FILE`;

async function* eventsFromFile(file: string): AsyncGenerator<AuditEvent> {
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`, 2);
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let raw: AuditEvent & { at: string | Date };
    try {
      raw = JSON.parse(line) as AuditEvent;
    } catch {
      throw new CliError(`${file}:${n}: not a JSON line`, 1);
    }
    yield { ...raw, at: new Date(raw.at) };
  }
}

async function withDatabase<T>(work: (log: Awaited<ReturnType<typeof openAuditLog>>) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const database = await resolveDatabaseFor(config);
  const log = await openAuditLog(config, database);
  try {
    return await work(log);
  } finally {
    await log.close();
    await database.stop();
  }
}

export async function auditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { file: { type: 'string' }, out: { type: 'string' } } });
  if (sub === 'verify') {
    const verdict = values.file ? await verifyAuditChain(eventsFromFile(values.file)) : await withDatabase((log) => verifyAuditChain(log.audit.all()));
    if (verdict.ok) {
      process.stdout.write(`audit log intact: ${verdict.count} events, chain verified\n`);
      return 0;
    }
    const { seq, problem, detail } = verdict.first;
    process.stdout.write(`audit log BROKEN at event ${seq} (${problem}): ${detail}; ${verdict.count - 1} events before it verified\n`);
    return 1;
  }
  if (sub === 'export') {
    const out = requireOption(values, 'out');
    const count = await withDatabase(async (log) => {
      const stream = fs.createWriteStream(out, { flags: 'wx' });
      let n = 0;
      for await (const e of log.audit.all()) {
        if (!stream.write(`${JSON.stringify(e)}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
        n++;
      }
      await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return n;
    });
    process.stdout.write(`exported ${count} events to ${out}\n`);
    return 0;
  }
  throw new CliError(`usage:\n  ${AUDIT_USAGE}`, 2);
}
