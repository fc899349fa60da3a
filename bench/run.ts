/**
 * `npm run bench`: performance figures, each against a baseline measured in the same run.
 * Starts its own database and service on free ports and stops them.
 *
 *   npm run bench -- [--json PATH] [--duration SECONDS] [--feed N] [--quick]
 *
 * --quick: 2 s runs and a 1,000-item feed (for a smoke test); the defaults are 5 s and 10,000.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { readValidFixture } from '../test/helpers/fixtures.js';
import { benchFeed } from './feed-bench.js';
import { benchFlood } from './flood-bench.js';
import { benchPdf } from './pdf-bench.js';
import { benchPipeline } from './pipeline-bench.js';
import { startBench, startService } from './setup.js';
import { round } from './stats.js';
import { benchStandard } from './standard-bench.js';
import { benchSubmit } from './submit-bench.js';

const { values } = parseArgs({ options: { json: { type: 'string' }, duration: { type: 'string' }, feed: { type: 'string' }, quick: { type: 'boolean' } } });
const durationMs = Number(values.duration ?? (values.quick ? 2 : 5)) * 1000;
const feedSize = Number(values.feed ?? (values.quick ? 1000 : 10_000));
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/** The submit document: the largest single-person fixture (~17 KB), the size the targets name. */
const SUBMIT_FIXTURE = '06-ptsd-medication-runs-out';
/** The PDF document: the largest household (five persons). */
const PDF_FIXTURE = 'fixtures/valid/02-family-of-five-blind-child.json';

const bench = await startBench();
log(bench.database.description);
const service = await startService(bench);
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version, database: bench.database.kind };
try {
  const fixture = readValidFixture<Record<string, unknown>>(SUBMIT_FIXTURE);
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
  const flood = await benchFlood(bench, service, fixture, durationMs, log);
  log('pipeline cost');
  const pipeline = await benchPipeline(bench, fixture, 200);
  log('PDF');
  const pdf = await benchPdf(bench.deps.standard, PDF_FIXTURE, 30);
  log('standard');
  const standard = benchStandard(PDF_FIXTURE, fs.readFileSync(PDF_FIXTURE), 10);
  log(`feed: storing ${feedSize} handovers`);
  const feed = await benchFeed(bench, service, readValidFixture('01-single-adult-asylum-centre'), feedSize, log);

  const lines: string[] = [];
  const row = (cells: (string | number)[]) => lines.push(`| ${cells.join(' | ')} |`);
  lines.push(`handover-exchange benchmark, ${new Date().toISOString().slice(0, 10)}: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, database ${machine.database}`);
  lines.push('', `Submit (${SUBMIT_FIXTURE}, ${Math.round(fs.statSync(`fixtures/valid/${SUBMIT_FIXTURE}.json`).size / 1024)} KB; ${durationMs / 1000} s per run; baseline: the same submissions in a bare loop without HTTP at the same concurrency, same database)`);
  row(['alg', 'concurrency', 'HTTP /s', 'bare /s', 'HTTP / bare', 'p50 ms', 'p95 ms', 'p99 ms', 'bare p99 ms', 'errors']);
  row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---']);
  for (const s of submit) row([s.alg, s.concurrency, round(s.http.throughput), round(s.bare.throughput), `${round(s.ratio * 100, 0)}%`, round(s.http.p50), round(s.http.p95), round(s.http.p99), round(s.bare.p99), `${s.http.errors}${s.http.exhausted ? ' (ran out of documents)' : ''}`]);
  lines.push('', `Memory: peak RSS of the service during the submit runs: ${round(peakRssMiB)} MiB`);
  lines.push('', `Flood of invalid signatures (ES256, known kid, one bit flipped in the signature, concurrency 50) against valid submissions at concurrency 10; baseline: the same valid traffic alone, just before`);
  row(['valid /s alone', 'valid p99 ms alone', 'valid /s under flood', 'valid p99 ms under flood', 'p99 under flood / alone', 'flood requests /s', 'flood answers']);
  row(['---', '---', '---', '---', '---', '---', '---']);
  row([round(flood.alone.throughput), round(flood.alone.p99), round(flood.underFlood.throughput), round(flood.underFlood.p99), `${round(flood.p99Ratio, 2)}x`, round(flood.flood.requestsPerSecond), Object.entries(flood.flood.statuses).map(([k, v]) => `${v} x ${k}`).join(', ')]);
  lines.push('', 'Pipeline cost (CPU µs per submission in one process; baseline: verify written directly with node:crypto)');
  row(['alg', 'verify (jose)', 'verify (node:crypto)', 'jose / node:crypto', 'parse', 'validate', 'SHA-256', 'receipt', 'insert (driver CPU)', 'insert wall ms']);
  row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---']);
  for (const p of pipeline) row([p.alg, round(p.verify, 0), round(p.referenceVerify, 0), `${round(p.verify / p.referenceVerify, 2)}x`, round(p.parse, 0), round(p.validate, 0), round(p.sha256, 0), round(p.receipt, 0), round(p.insert, 0), round(p.insertWallMs)]);
  lines.push('', 'PDF (largest household, five persons, Danish; median of 30; baseline: the same document with pdf-lib\'s standard Helvetica, no embedded font)');
  row(['audience', 'pages', 'KB', 'ms', 'Helvetica ms', 'ratio']);
  row(['---', '---', '---', '---', '---', '---']);
  for (const p of pdf) row([p.audience, p.pages, round(p.bytes / 1024, 0), round(p.ms), round(p.helveticaMs), `${round(p.ratio, 2)}x`]);
  lines.push('', `Standard (${standard.schemas} schema files; the largest fixture, ${standard.fixture}, ${round(standard.fixtureKB, 0)} KB; medians)`);
  row(['compile all schemas, ms', 'baseline: read + JSON.parse them, ms', 'validate against the schema, µs', 'validate + cross-field rules + completeness, µs']);
  row(['---', '---', '---', '---']);
  row([round(standard.compileMs), round(standard.readMs, 2), round(standard.schemaValidateUs, 0), round(standard.documentValidateUs, 0)]);
  lines.push('', `Feed (${feed.items} items paged at limit 100 over HTTP; seeded in ${round(feed.seedSeconds)} s through the submission pipeline, see bench/feed-bench.ts)`);
  row(['to the end, ms', 'pages', 'ms per page', 'fetch one handover, ms']);
  row(['---', '---', '---', '---']);
  row([round(feed.pageThroughMs, 0), feed.pages, round(feed.msPerPage), round(feed.fetchOneMs)]);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ date: new Date().toISOString(), machine, durationMs, submit, peakRssMiB, flood, pipeline, pdf, standard, feed }, null, 2)}\n`);
} finally {
  await service.stop();
  await bench.close();
}
