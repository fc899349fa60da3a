/**
 * Scale: the request-path costs with 1,000, 10,000 and 100,000 handovers stored, and their
 * growth (cost at the largest count / cost at the smallest). Flat is the target.
 *
 * Seeding takes the submission pipeline's fast path: each record is made by the pipeline (sign,
 * verify, parse, validate, sign the receipt) and written with insertNewVersionsInBulk, which
 * writes exactly the documents a submission writes (signed bytes, deadlines, version, committed
 * feed entry), in batches, without the lookups of earlier versions a fresh id does not need.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Caller } from '../src/domain/organisations.js';
import { encodeCursor } from '../src/domain/pagination.js';
import { buildVersionRecord, verifySubmission } from '../src/services/submit-handover.js';
import { runLoad } from './run-load.js';
import { freshHandover, MUNICIPALITY, SENDER, signHandover, type Bench, type ServiceProcess } from './setup.js';
import { median, percentile } from './stats.js';

export interface ScaleRow {
  stored: number;
  seedSeconds: number;
  fetchOneP50Ms: number;
  fetchOneP99Ms: number;
  feedPageP50Ms: number;
  /** The web application's inbox, first page: the feed's first 50 (the list the page shows as soon as it answers), p50. */
  inboxFirstPageP50Ms: number;
  /** The inbox's deadlines list (60 days ahead, 36 months back), its first page of 100 as the web app asks, loaded beside the list: p50 of 3 (the whole list before 2026-12-08, when it was not paged). */
  deadlinesP50Ms: number;
  /** Paging the newest 10,000 entries to the end of the feed (null below 10,000 stored). */
  feedToEndMs: number | null;
  pdfP50Ms: number;
  /** The municipality's figures over everything stored (GET /v1/figures, p50 of 3: read from counters); null in results from before 2026-12-07, measured above 20,000 only since. */
  figuresMs: number | null;
  submitC10PerS: number;
  submitC10P99Ms: number;
  submitC50PerS: number;
  submitC50P99Ms: number;
  /** Baseline: the same database bare, in the same run: findOne of a stored version's document by _id (p50, p99 of 60). */
  bareFindOneP50Ms: number;
  bareFindOneP99Ms: number;
  /** Baseline: insertOne of documents the size of a submission's signed bytes, 50 at once, for as long as a submit run. */
  bareInsertC50PerS: number;
  bareInsertC50P99Ms: number;
  /** CPU per created submission in the c=50 run: the service's process alone, and every process on the machine (FerretDB, PostgreSQL, the load generator too). */
  serviceCpuMsPerSubmission: number;
  machineCpuMsPerSubmission: number;
}

export interface ScaleFigures {
  database: string;
  rows: ScaleRow[];
  growth: { fetchOne: number; feedPage: number; deadlines: number; pdf: number; submitC50P99: number; submitC10P99: number };
}

const SEED_BATCH = 500;

/** The feed's cursor format (opaque to clients; the benchmark is the service's own). */
const cursorAt = (seq: number) => encodeCursor('feed', seq);

async function timeGets(url: string, token: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

export async function benchScale(bench: Bench, service: ServiceProcess, fixture: Record<string, unknown>, sizes: readonly number[], submitMs: number, log: (s: string) => void): Promise<ScaleFigures> {
  const caller: Caller = { credentialId: 'bench', organisationId: SENDER, organisationType: 'asylum-centre-operator', role: 'sender' };
  const key = bench.keys.EdDSA!;
  const ids: string[] = [];
  // The feed also holds what earlier sections stored: measure positions from its real head.
  let stored = 0;
  const rows: ScaleRow[] = [];
  const token = bench.municipalityToken;
  for (const size of sizes) {
    const t0 = performance.now();
    // Records made by the pipeline (sign, verify, validate, receipt) while the previous batch is written.
    let writing: Promise<void> = Promise.resolve();
    while (stored < size) {
      const batch = [];
      for (let i = 0; i < Math.min(SEED_BATCH, size - stored); i++) {
        const doc = freshHandover(fixture);
        const input = { bytes: Buffer.from(await signHandover(doc, key)), serialization: 'compact' as const };
        const accepted = await verifySubmission(bench.deps.submission, caller, input);
        batch.push(await buildVersionRecord(bench.deps.submission, caller, input, accepted, []));
        ids.push(doc.handoverId as string);
      }
      await writing;
      writing = bench.deps.handovers.insertNewVersionsInBulk(batch);
      stored += batch.length;
      if (stored % 10_000 < SEED_BATCH) log(`scale: ${stored} stored`);
    }
    await writing;
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`scale: ${size} stored (seeding took ${Math.round(seedSeconds)} s); measuring`);
    // Each stage's wall time goes to the log, so a slow run says where its time went.
    let stageStart = performance.now();
    const stage = (name: string) => {
      log(`scale: ${size} stored: ${name} took ${Math.round(performance.now() - stageStart)} ms`);
      stageStart = performance.now();
    };
    const head = await feedHead(service, token);
    stage('finding the feed head');
    const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
    const picks = Array.from({ length: 60 }, pick);
    const one: number[] = [];
    for (const id of picks) one.push(...(await timeGets(`${service.url}/v1/handovers/${id}`, token, 1)));
    one.sort((a, b) => a - b);
    stage('60 fetches by id');
    const pages: number[] = [];
    for (let i = 0; i < 30; i++) pages.push(...(await timeGets(`${service.url}/v1/municipalities/${MUNICIPALITY.code}/handovers?limit=100&after=${cursorAt(Math.floor(Math.random() * Math.max(1, head - 100)))}`, token, 1)));
    stage('30 feed pages');
    const inbox = await timeGets(`${service.url}/v1/municipalities/${MUNICIPALITY.code}/handovers?limit=50`, token, 20);
    stage('20 inbox first pages');
    const deadlines = await timeGets(`${service.url}/v1/municipalities/${MUNICIPALITY.code}/deadlines?within=60d&limit=100`, token, 3);
    stage('3 deadline lists');
    let feedToEndMs: number | null = null;
    if (head >= 10_000) {
      let after = cursorAt(head - 10_000);
      const p0 = performance.now();
      for (;;) {
        const res = await fetch(`${service.url}/v1/municipalities/${MUNICIPALITY.code}/handovers?limit=100&after=${after}`, { headers: { Authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { items: unknown[]; next: string | null };
        if (body.next === null) break;
        after = body.next;
      }
      feedToEndMs = performance.now() - p0;
      stage('the newest 10,000 to the end');
    }
    const pdfs: number[] = [];
    for (const id of picks.slice(0, 15)) pdfs.push(...(await timeGets(`${service.url}/v1/handovers/${id}/pdf?audience=coordinating-department&lang=da`, token, 1)));
    stage('15 PDFs');
    // A report over the default period (the 365 days to the end of today: everything seeded) reads the counters
    // of its months (issue 31.5); the first settles what the derivation worker has not derived yet: the median of 3.
    const figuresMs = median(await timeGets(`${service.url}/v1/figures`, token, 3));
    stage('3 figure reports');
    const submit = async (concurrency: number) => {
      const count = Math.ceil((submitMs / 1000) * 150);
      const jws: string[] = [];
      for (let i = 0; i < count; i++) jws.push(await signHandover(freshHandover(fixture), bench.keys.ES256!));
      const file = path.join(bench.dir, `scale-${size}-${concurrency}.txt`);
      fs.writeFileSync(file, `${jws.join('\n')}\n`);
      const r = await runLoad(`${service.url}/v1/handovers`, bench.senderToken, concurrency, submitMs, file);
      fs.rmSync(file);
      stored += r.created;
      // Anything but 201 is said (none is expected: a write slower than the feed's settle time is filed again, never refused).
      log(`scale: ${size} stored: submit c=${concurrency}: ${r.requests} requests, ${r.created} created, statuses ${JSON.stringify(r.statuses)}, p99 ${Math.round(r.p99)} ms`);
      return r;
    };
    const c10 = await submit(10);
    const serviceCpu0 = processCpuMs(service.child.pid!);
    const machineCpu0 = machineBusyCpuMs();
    const c50 = await submit(50);
    const serviceCpuMs = processCpuMs(service.child.pid!) - serviceCpu0;
    const machineCpuMs = machineBusyCpuMs() - machineCpu0;
    stage('submitting at c=10 and c=50 (signing included)');
    // The bare database in the same run: what the request path's costs are measured against.
    const bareOne = await bareFindOnes(bench, picks);
    const jwsChars = (await signHandover(freshHandover(fixture), bench.keys.ES256!)).length;
    const bareInsert = await bareInserts(bench, jwsChars, 50, submitMs);
    stage('the bare database: 60 findOne by _id, insertOne at c=50');
    rows.push({
      stored: size,
      seedSeconds,
      fetchOneP50Ms: median(one),
      fetchOneP99Ms: percentile(one, 99),
      feedPageP50Ms: median(pages),
      inboxFirstPageP50Ms: median(inbox),
      deadlinesP50Ms: median(deadlines),
      feedToEndMs,
      pdfP50Ms: median(pdfs),
      figuresMs,
      submitC10PerS: c10.throughput,
      submitC10P99Ms: c10.p99,
      submitC50PerS: c50.throughput,
      submitC50P99Ms: c50.p99,
      bareFindOneP50Ms: median(bareOne),
      bareFindOneP99Ms: percentile(bareOne, 99),
      bareInsertC50PerS: bareInsert.perSecond,
      bareInsertC50P99Ms: bareInsert.p99,
      serviceCpuMsPerSubmission: serviceCpuMs / Math.max(1, c50.created),
      machineCpuMsPerSubmission: machineCpuMs / Math.max(1, c50.created),
    });
  }
  const first = rows[0]!;
  const last = rows.at(-1)!;
  return {
    database: bench.database.kind,
    rows,
    growth: {
      fetchOne: last.fetchOneP50Ms / first.fetchOneP50Ms,
      feedPage: last.feedPageP50Ms / first.feedPageP50Ms,
      deadlines: last.deadlinesP50Ms / first.deadlinesP50Ms,
      pdf: last.pdfP50Ms / first.pdfP50Ms,
      submitC10P99: last.submitC10P99Ms / first.submitC10P99Ms,
      submitC50P99: last.submitC50P99Ms / first.submitC50P99Ms,
    },
  };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** CPU ms a process has used (user + system), from /proc/<pid>/stat. */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/** CPU ms the whole machine has spent busy (every core, everything but idle and iowait), from /proc/stat. */
function machineBusyCpuMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / USER_HZ;
}

/** The bare database's read: findOne by _id of stored versions' documents, through the service's own driver connection. */
async function bareFindOnes(bench: Bench, ids: readonly string[]): Promise<number[]> {
  const versions = bench.deps.db.connection.db!.collection('handover_versions');
  const out: number[] = [];
  for (const id of ids) {
    const t0 = performance.now();
    if (!(await versions.findOne({ _id: `${id}:1` as never }))) throw new Error(`bare findOne: ${id}:1 is not stored`);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

/** The bare database's write: insertOne of documents as large as a submission's signed bytes, `concurrency` at once, for `durationMs`. */
async function bareInserts(bench: Bench, bodyChars: number, concurrency: number, durationMs: number): Promise<{ perSecond: number; p99: number }> {
  const collection = bench.deps.db.connection.db!.collection('bench_bare_inserts');
  const body = 'x'.repeat(bodyChars);
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - t0 < durationMs) {
        const s = performance.now();
        await collection.insertOne({ _id: crypto.randomUUID() as never, body, at: new Date() });
        latencies.push(performance.now() - s);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  await collection.drop();
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / (elapsed / 1000), p99: percentile(latencies, 99) };
}

/** How many entries the benchmark municipality's feed holds (the last page's cursor). */
async function feedHead(service: ServiceProcess, token: string): Promise<number> {
  // Probe doubling, then halving, over feed positions: a page after the head is empty.
  const itemsAfter = async (n: number) => {
    const res = await fetch(`${service.url}/v1/municipalities/${MUNICIPALITY.code}/handovers?limit=1&after=${cursorAt(n)}`, { headers: { Authorization: `Bearer ${token}` } });
    return ((await res.json()) as { items: unknown[] }).items.length > 0;
  };
  let low = 0;
  let step = 1;
  while (await itemsAfter(low + step - 1)) {
    low += step;
    step *= 2;
  }
  let high = low + step;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await itemsAfter(mid - 1)) low = mid;
    else high = mid;
  }
  return low;
}
