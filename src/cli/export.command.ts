/**
 * `handover export --url URL --municipality CODE --out FILE [--from D] [--to D] [--resume]`: a
 * municipality's bulk export, fetched request by request (GET /v1/municipalities/:code/export)
 * until the service says the feed is done, each handover as one NDJSON line in FILE. Cut off
 * (network, Ctrl-C), it resumes with --resume from the last complete line in FILE.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import { cliCredentialFromEnvironment } from '../config.js';
import { defineAction, type CliRun } from './command-kit.js';
import { CliError } from './io.js';
import { startProgress } from './progress.js';

interface ExportOptions {
  url: string;
  municipality: string;
  out: string;
  from?: string;
  to?: string;
  pdf?: string;
  resume?: boolean;
  credential?: string;
}

export function registerExport(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('export')
      .description("a municipality's bulk export of its handovers as NDJSON, resumable")
      .requiredOption('--url <url>', 'the service')
      .requiredOption('--municipality <code>', 'the municipality code')
      .requiredOption('--out <file>', 'the NDJSON file (new, or with --resume the one to go on)')
      .option('--from <date>', 'received on or after (YYYY-MM-DD or RFC 3339)')
      .option('--to <date>', 'received before (YYYY-MM-DD or RFC 3339)')
      .option('--pdf <lang>', "each line also carries the coordinating department's PDF (base64) in da or en")
      .option('--resume', 'go on after the last complete line of --out')
      .option('--credential <token>', 'the municipality credential (default: env HANDOVER_CREDENTIAL)'),
    run,
    { 0: 'exported to the end of the feed as it stands', 1: 'refused by the service, or cut off (the file keeps every complete line: run again with --resume)', 2: 'usage error, or --out exists without --resume' },
    (o: ExportOptions) => exportToFile(o),
  );
}

/** The cursor of the last complete line of an earlier export, to go on after it. */
async function lastCursor(file: string): Promise<string | undefined> {
  let cursor: string | undefined;
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    try {
      cursor = (JSON.parse(line) as { cursor?: string }).cursor ?? cursor;
    } catch {
      // A line cut off mid-write: the export goes on after the last whole one.
    }
  }
  return cursor;
}

async function exportToFile(o: ExportOptions): Promise<number> {
  const credential = o.credential ?? cliCredentialFromEnvironment();
  if (!credential) throw new CliError('--credential or HANDOVER_CREDENTIAL is required', 2);
  if (!o.resume && fs.existsSync(o.out)) throw new CliError(`${o.out} exists: use --resume to go on with it, or another file`, 2);
  let after = o.resume && fs.existsSync(o.out) ? await lastCursor(o.out) : undefined;
  if (o.resume && fs.existsSync(o.out)) {
    // Drop a partial last line, so the file stays one JSON document per line.
    const text = fs.readFileSync(o.out, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) fs.writeFileSync(o.out, text.slice(0, text.lastIndexOf('\n') + 1));
  }
  const out = fs.createWriteStream(o.out, { flags: 'a' });
  const progress = startProgress('exporting handovers', undefined);
  let total = 0;
  try {
    for (;;) {
      // PDFs make lines large: fewer per request.
      const query = new URLSearchParams({ limit: o.pdf ? '50' : '500', ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), ...(o.pdf ? { include: 'pdf', lang: o.pdf } : {}), ...(after ? { after } : {}) });
      let res: Response;
      try {
        res = await fetch(`${o.url.replace(/\/$/, '')}/v1/municipalities/${encodeURIComponent(o.municipality)}/export?${query}`, { headers: { Authorization: `Bearer ${credential}` } });
      } catch (err) {
        throw new CliError(`cannot reach ${o.url}: ${(err as Error).message}; ${total} handovers written, run again with --resume`);
      }
      if (res.status !== 200) {
        progress.print(process.stderr, `refused (${res.status}):\n${await res.text()}\n`);
        return 1;
      }
      let end: { next: string | null; resumeAfter: string } | undefined;
      let buffered = '';
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const parsed = JSON.parse(line) as { type: string; next?: string | null; resumeAfter?: string };
          if (parsed.type === 'end') {
            end = parsed as typeof end;
            continue;
          }
          if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
          total++;
          progress.tick();
        }
      }
      if (!end) throw new CliError(`the answer was cut off; ${total} handovers written, run again with --resume`);
      if (end.next === null) break;
      after = end.next;
    }
  } finally {
    progress.stop();
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  process.stdout.write(`exported ${total} handovers to ${o.out}\n`);
  return 0;
}
