/**
 * `npm run bench`: performance figures, each against a baseline measured in the same run.
 * Starts its own database and service on free ports and stops them.
 *
 *   npm run bench -- [--json PATH] [--duration SECONDS] [--feed N] [--quick] [--only NAME[,NAME]] [--scale-sizes N,N,N] [--sqlite-sizes N,N]
 *
 * Sections: submit (with memory), flood, reads (floods of reads and anonymous validation), pipeline, pdf, standard, feed, scale; --only runs just those.
 * --sqlite-sizes none: scale without the SQLite fallback's rows.
 * --quick: 2 s runs, a 1,000-item feed and scale at 1,000 and 10,000 (SQLite at 1,000); the defaults are
 * 5 s, 10,000, scale at 1,000, 10,000 and 100,000, and the SQLite fallback at 1,000 and 10,000.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { readValidFixture } from '../test/helpers/fixtures.js';
import { benchFeed } from './feed-bench.js';
import { benchFairFlood, benchFlood, benchReadFloods } from './flood-bench.js';
import { benchPdf } from './pdf-bench.js';
import { benchPipeline } from './pipeline-bench.js';
import { benchScale } from './scale-bench.js';
import { startBench, startService } from './setup.js';
import { round } from './stats.js';
import { benchCliValidate, benchStandard } from './standard-bench.js';
import { benchSubmit } from './submit-bench.js';

const { values } = parseArgs({
  options: { json: { type: 'string' }, duration: { type: 'string' }, feed: { type: 'string' }, quick: { type: 'boolean' }, only: { type: 'string' }, 'scale-sizes': { type: 'string' }, 'sqlite-sizes': { type: 'string' } },
});
const durationMs = Number(values.duration ?? (values.quick ? 2 : 5)) * 1000;
const feedSize = Number(values.feed ?? (values.quick ? 1000 : 10_000));
const SECTIONS = ['submit', 'flood', 'reads', 'pipeline', 'pdf', 'standard', 'feed', 'scale'] as const;
const only = values.only ? values.only.split(',') : [...SECTIONS];
for (const name of only) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: no section ${name}; sections: ${SECTIONS.join(', ')}`);
const runs = (name: (typeof SECTIONS)[number]) => only.includes(name);
/** A list of sizes, the default when not given, none for "none" (e.g. --sqlite-sizes none skips the fallback). */
const sizes = (raw: string | undefined, fallback: number[]) => (raw === 'none' ? [] : raw ? raw.split(',').map(Number) : fallback);
const scaleSizes = sizes(values['scale-sizes'], values.quick ? [1000, 10_000] : [1000, 10_000, 100_000]);
const sqliteSizes = sizes(values['sqlite-sizes'], values.quick ? [1000] : [1000, 10_000]);
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/** The submit document: the largest single-person fixture (~17 KB), the size the targets name. */
const SUBMIT_FIXTURE = '06-ptsd-medication-runs-out';
/** The PDF document: the largest household (five persons). */
const PDF_FIXTURE = 'fixtures/valid/02-family-of-five-blind-child.json';

/**
 * A benchmark stopped by SIGTERM or SIGINT (a CI timeout, Ctrl-C) stops what it started first:
 * the service process, then its database (whose watchdogs would otherwise do it when we exit).
 */
const undo: (() => Promise<void>)[] = [];
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the service and the database`);
    setTimeout(() => process.exit(1), 8_000).unref();
    void (async () => {
      for (const step of undo.splice(0)) await step().catch(() => undefined);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    })();
  });
}

const bench = await startBench();
undo.unshift(() => bench.close());
log(bench.database.description);
const service = await startService(bench);
undo.unshift(() => service.stop());
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version, database: bench.database.kind };
try {
  const fixture = readValidFixture<Record<string, unknown>>(SUBMIT_FIXTURE);
  const results: Record<string, unknown> = {};
  const lines: string[] = [];
  const row = (cells: (string | number | null)[]) => lines.push(`| ${cells.map((c) => (c === null ? '-' : c)).join(' | ')} |`);
  lines.push(`handover-exchange benchmark, ${new Date().toISOString().slice(0, 10)}: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, database ${machine.database}`);
  if (runs('submit')) {
    const submit = await benchSubmit(
      bench,
      service,
      fixture,
      [
        { alg: 'ES256', concurrency: 1 },
        { alg: 'ES256', concurrency: 10 },
        { alg: 'ES256', concurrency: 50 },
        { alg: 'EdDSA', concurrency: 50 },
        { alg: 'PS256', concurrency: 50 },
      ],
      durationMs,
      log,
    );
    const peakRssMiB = service.peakRssMiB();
    Object.assign(results, { submit, peakRssMiB });
    lines.push('', `Submit (${SUBMIT_FIXTURE}, ${Math.round(fs.statSync(`fixtures/valid/${SUBMIT_FIXTURE}.json`).size / 1024)} KB; ${durationMs / 1000} s per run; baseline: the same submissions in a bare loop without HTTP at the same concurrency, same database)`);
    row(['alg', 'concurrency', 'HTTP /s', 'bare /s', 'HTTP / bare', 'p50 ms', 'p95 ms', 'p99 ms', 'bare p99 ms', 'errors']);
    row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---']);
    for (const s of submit) row([s.alg, s.concurrency, round(s.http.throughput), round(s.bare.throughput), `${round(s.ratio * 100, 0)}%`, round(s.http.p50), round(s.http.p95), round(s.http.p99), round(s.bare.p99), `${s.http.errors}${s.http.exhausted ? ' (ran out of documents)' : ''}`]);
    lines.push('', `Memory: peak RSS of the service during the submit runs: ${round(peakRssMiB)} MiB`);
  }
  if (runs('flood')) {
    const flood = await benchFlood(bench, service, fixture, durationMs, log);
    results.flood = flood;
    lines.push('', `Flood of invalid signatures (ES256, known kid, one bit flipped in the signature, concurrency 50) against valid submissions at concurrency 10; baseline: the same valid traffic alone, just before`);
    row(['valid /s alone', 'valid p99 ms alone', 'valid /s under flood', 'valid p99 ms under flood', 'p99 under flood / alone', 'flood requests /s', 'flood answers']);
    row(['---', '---', '---', '---', '---', '---', '---']);
    row([round(flood.alone.throughput), round(flood.alone.p99), round(flood.underFlood.throughput), round(flood.underFlood.p99), `${round(flood.p99Ratio, 2)}x`, round(flood.flood.requestsPerSecond), Object.entries(flood.flood.statuses).map(([k, v]) => `${v} x ${k}`).join(', ')]);
    const fair = await benchFairFlood(bench, fixture, durationMs, log);
    results.fairFlood = fair;
    lines.push('', "Fair limits: the same flood from another sender's credential, against a service with per-caller limits (40/s and 16 in flight per credential, 100/s per organisation); baseline: the valid sender alone on that service, just before");
    row(['valid /s alone', 'valid p99 ms alone', 'valid /s under flood', 'valid p99 ms under flood', 'p99 under flood / alone', 'flood requests /s', 'flood answers']);
    row(['---', '---', '---', '---', '---', '---', '---']);
    row([round(fair.alone.throughput), round(fair.alone.p99), round(fair.underFlood.throughput), round(fair.underFlood.p99), `${round(fair.p99Ratio, 2)}x`, round(fair.flood.requestsPerSecond), Object.entries(fair.flood.statuses).map(([k, v]) => `${v} x ${k}`).join(', ')]);
  }
  if (runs('reads')) {
    const reads = await benchReadFloods(bench, fixture, durationMs, log);
    results.readFloods = reads;
    lines.push(
      '',
      "Floods of reads and anonymous validation (16 workers that ignore Retry-After: one municipality credential paging its feed at limit 100, or POST /v1/validate of the 17 KB document without a credential from one address) against the others, a second credential of the municipality paging its feed at limit 50 at concurrency 4; baseline: the others alone on the same service, just before; on a service with the default fair shares and on one with them lifted",
    );
    row(['flood', 'fair shares', 'others /s alone', 'others p50 ms alone', 'others p99 ms alone', 'others /s under flood', 'others p50 ms under flood', 'others p99 ms under flood', 'p50 under / alone', 'p99 under / alone', 'flood requests /s', 'flood answers']);
    row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---']);
    for (const r of reads) row([r.flood, r.limits, round(r.alone.perSecond), round(r.alone.p50), round(r.alone.p99), round(r.underFlood.perSecond), round(r.underFlood.p50), round(r.underFlood.p99), `${round(r.p50Ratio, 2)}x`, `${round(r.p99Ratio, 2)}x`, round(r.flooding.requestsPerSecond), Object.entries(r.flooding.statuses).map(([k, v]) => `${v} x ${k}`).join(', ')]);
  }
  if (runs('pipeline')) {
    log('pipeline cost');
    const pipeline = await benchPipeline(bench, fixture, 200);
    results.pipeline = pipeline;
    lines.push('', 'Pipeline cost (CPU µs per submission in one process; baseline: verify written directly with node:crypto)');
    row(['alg', 'verify (jose)', 'verify (node:crypto)', 'jose / node:crypto', 'parse', 'validate', 'SHA-256', 'receipt', 'insert (driver CPU)', 'insert wall ms']);
    row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---']);
    for (const p of pipeline) row([p.alg, round(p.verify, 0), round(p.referenceVerify, 0), `${round(p.verify / p.referenceVerify, 2)}x`, round(p.parse, 0), round(p.validate, 0), round(p.sha256, 0), round(p.receipt, 0), round(p.insert, 0), round(p.insertWallMs)]);
  }
  if (runs('pdf')) {
    log('PDF');
    const pdf = await benchPdf(bench.deps.standard, PDF_FIXTURE, 30);
    results.pdf = pdf;
    lines.push('', 'PDF (largest household, five persons, Danish; median of 30; baseline: the same document with pdf-lib\'s standard Helvetica, no embedded font)');
    row(['audience', 'pages', 'KB', 'ms', 'Helvetica ms', 'ratio']);
    row(['---', '---', '---', '---', '---', '---']);
    for (const p of pdf) row([p.audience, p.pages, round(p.bytes / 1024, 0), round(p.ms), round(p.helveticaMs), `${round(p.ratio, 2)}x`]);
  }
  if (runs('standard')) {
    log('standard');
    const standard = benchStandard(PDF_FIXTURE, fs.readFileSync(PDF_FIXTURE), 10);
    results.standard = standard;
    lines.push('', `Standard (${standard.schemas} schema files; the largest fixture, ${standard.fixture}, ${round(standard.fixtureKB, 0)} KB; medians)`);
    row(['compile all schemas, ms', 'baseline: read + JSON.parse them, ms', 'validate against the schema, µs', 'validate + cross-field rules + completeness, µs']);
    row(['---', '---', '---', '---']);
    row([round(standard.compileMs), round(standard.readMs, 2), round(standard.schemaValidateUs, 0), round(standard.documentValidateUs, 0)]);
    const cli = benchCliValidate(PDF_FIXTURE, 5);
    results.cliValidate = cli;
    lines.push('', `\`handover validate FILE\` (the same fixture; CPU ms, user + system, median of 5; target under 500; baseline: a bare \`node -e 0\`)`);
    row(['compiled (bin/handover.js)', 'through tsx (src/, transpiled at run time)', 'bare node', 'compiled / bare node']);
    row(['---', '---', '---', '---']);
    row([round(cli.compiledMs, 0), round(cli.tsxMs, 0), round(cli.nodeMs, 0), `${round(cli.compiledMs / cli.nodeMs, 2)}x`]);
  }
  if (runs('feed')) {
    log(`feed: storing ${feedSize} handovers`);
    const feed = await benchFeed(bench, service, readValidFixture('01-single-adult-asylum-centre'), feedSize, log);
    results.feed = feed;
    lines.push('', `Feed (${feed.items} items paged at limit 100 over HTTP; seeded in ${round(feed.seedSeconds)} s through the submission pipeline, see bench/feed-bench.ts)`);
    row(['to the end, ms', 'pages', 'ms per page', 'fetch one handover, ms']);
    row(['---', '---', '---', '---']);
    row([round(feed.pageThroughMs, 0), feed.pages, round(feed.msPerPage), round(feed.fetchOneMs)]);
  }
  if (runs('scale')) {
    const single = readValidFixture<Record<string, unknown>>('01-single-adult-asylum-centre');
    const submitMs = Math.min(durationMs, 3000);
    // Each on a database of its own, so the counts are exact and earlier sections do not add to them.
    const scaleOn = async (backend: 'postgresql' | 'sqlite', counts: number[]) => {
      const own = await startBench(backend);
      const ownService = await startService(own);
      try {
        return await benchScale(own, ownService, single, counts, submitMs, log);
      } finally {
        await ownService.stop();
        await own.close();
      }
    };
    const scale = await scaleOn('postgresql', scaleSizes);
    const sqlite = sqliteSizes.length > 0 ? (log('scale: the same rows on the SQLite fallback'), await scaleOn('sqlite', sqliteSizes)) : undefined;
    results.scale = { ...scale, ...(sqlite ? { sqlite } : {}) };
    const tables = [[`FerretDB on PostgreSQL (${scale.database})`, scale] as const, ...(sqlite ? [[`FerretDB on SQLite, the fallback (${sqlite.database})`, sqlite] as const] : [])];
    for (const [label, figures] of tables) {
      lines.push('', `Scale, ${label}: costs with N handovers stored (seeded through the pipeline's fast path, bench/scale-bench.ts); single-adult documents; submit runs ${submitMs / 1000} s`);
      row(['stored', 'seeding s', 'fetch one p50 ms', 'fetch one p99 ms', 'feed page p50 ms', 'inbox first page p50 ms', 'deadlines p50 ms', 'newest 10,000 to the end ms', 'PDF p50 ms', 'figures (all stored) ms', 'submit c=10 /s', 'submit c=10 p99 ms', 'submit c=50 /s', 'submit c=50 p99 ms']);
      row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---']);
      for (const r of figures.rows) row([r.stored, round(r.seedSeconds, 0), round(r.fetchOneP50Ms), round(r.fetchOneP99Ms), round(r.feedPageP50Ms), round(r.inboxFirstPageP50Ms), round(r.deadlinesP50Ms, 0), r.feedToEndMs === null ? null : round(r.feedToEndMs, 0), round(r.pdfP50Ms), r.figuresMs === null ? null : round(r.figuresMs, 0), round(r.submitC10PerS), round(r.submitC10P99Ms), round(r.submitC50PerS), round(r.submitC50P99Ms)]);
      lines.push('', `Scale, ${label}, against the bare database in the same run (targets: fetch one within 2x a bare findOne by _id; submit at c=50 at least 15% of bare insertOne throughput, p99 within 10x; service CPU per submission under 20 ms)`);
      row(['stored', 'fetch one p50 ms', 'bare findOne p50 ms', 'fetch one / bare', 'submit c=50 /s', 'bare insertOne c=50 /s', 'submit / bare', 'submit c=50 p99 ms', 'bare insert p99 ms', 'p99 / bare', 'service CPU ms per submission', 'all processes CPU ms per submission']);
      row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---']);
      for (const r of figures.rows) row([r.stored, round(r.fetchOneP50Ms), round(r.bareFindOneP50Ms), `${round(r.fetchOneP50Ms / r.bareFindOneP50Ms, 1)}x`, round(r.submitC50PerS), round(r.bareInsertC50PerS), `${round((r.submitC50PerS / r.bareInsertC50PerS) * 100, 1)}%`, round(r.submitC50P99Ms), round(r.bareInsertC50P99Ms), `${round(r.submitC50P99Ms / r.bareInsertC50P99Ms, 1)}x`, round(r.serviceCpuMsPerSubmission), round(r.machineCpuMsPerSubmission)]);
      const g = figures.growth;
      lines.push('', `Growth ${figures.rows[0]!.stored} -> ${figures.rows.at(-1)!.stored} stored (cost at the larger / cost at the smaller; target <= 1.3): fetch one ${round(g.fetchOne, 2)}x, feed page ${round(g.feedPage, 2)}x, deadlines first page ${round(g.deadlines, 2)}x, PDF ${round(g.pdf, 2)}x, submit c=10 p99 ${round(g.submitC10P99, 2)}x, submit c=50 p99 ${round(g.submitC50P99, 2)}x`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ date: new Date().toISOString(), machine, durationMs, ...results }, null, 2)}\n`);
} finally {
  await service.stop();
  await bench.close();
}
