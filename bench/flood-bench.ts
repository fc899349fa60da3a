/**
 * Floods (reliability catalogue 37; design target: one credential's flood leaves others' p99
 * within 2x). A flood of invalid signatures: valid submissions at concurrency 10, first alone,
 * then while a second load generator sends JWS with a known kid and a broken signature at
 * concurrency 50; the figure is the valid traffic's p99 under the flood against its p99 alone,
 * with what the flood got back. Then the same from another sender under the fair limits, and
 * floods of reads and of anonymous validation against another credential's reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { issueCredential } from '../src/services/credentials.js';
import { seedHandovers } from './feed-bench.js';
import { runLoad, runRequests } from './run-load.js';
import { freshHandover, MUNICIPALITY, signHandover, startService, type Bench, type ServiceProcess } from './setup.js';

export interface FairFigures {
  alone: { throughput: number; p99: number };
  underFlood: { throughput: number; p99: number };
  p99Ratio: number;
  flood: { requestsPerSecond: number; statuses: Record<string, number> };
}

export interface FloodFigures {
  alone: { throughput: number; p99: number };
  underFlood: { throughput: number; p99: number };
  /** p99 under the flood / p99 alone. */
  p99Ratio: number;
  flood: { requestsPerSecond: number; statuses: Record<string, number> };
}

/** Flips one bit in the middle of the signature: the kid is known, so only the verify itself can refuse it. */
function brokenSignature(jws: string): string {
  const [h, p, s] = jws.split('.');
  const sig = Buffer.from(s!, 'base64url');
  sig[sig.length >> 1]! ^= 0x01;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

export async function benchFlood(bench: Bench, service: ServiceProcess, fixture: Record<string, unknown>, durationMs: number, log: (s: string) => void): Promise<FloodFigures> {
  const key = bench.keys.ES256!;
  const count = Math.max(200, Math.ceil((durationMs / 1000) * 250));
  log(`flood: signing ${2 * count} valid documents`);
  const files = [] as string[];
  for (const name of ['alone', 'under-flood']) {
    const docs: string[] = [];
    for (let i = 0; i < count; i++) docs.push(await signHandover(freshHandover(fixture), key));
    const file = path.join(bench.dir, `flood-valid-${name}.txt`);
    fs.writeFileSync(file, `${docs.join('\n')}\n`);
    files.push(file);
  }
  // The flood repeats 300 broken submissions (3,000 requests at most): each is refused, none is stored.
  const broken: string[] = [];
  for (let i = 0; i < 300; i++) broken.push(brokenSignature(await signHandover(freshHandover(fixture), key)));
  const floodFile = path.join(bench.dir, 'flood-invalid.txt');
  fs.writeFileSync(floodFile, `${Array.from({ length: 10 }, () => broken.join('\n')).join('\n')}\n`);

  log('flood: valid traffic alone');
  const alone = await runLoad(`${service.url}/v1/handovers`, bench.senderToken, 10, durationMs, files[0]!);
  log('flood: valid traffic under a flood of invalid signatures');
  const [underFlood, flood] = await Promise.all([runLoad(`${service.url}/v1/handovers`, bench.senderToken, 10, durationMs, files[1]!), runLoad(`${service.url}/v1/handovers`, bench.senderToken, 50, durationMs, floodFile)]);
  for (const f of [...files, floodFile]) fs.rmSync(f);
  return {
    alone: { throughput: alone.throughput, p99: alone.p99 },
    underFlood: { throughput: underFlood.throughput, p99: underFlood.p99 },
    p99Ratio: underFlood.p99 / alone.p99,
    flood: { requestsPerSecond: (flood.requests / flood.elapsedMs) * 1000, statuses: flood.statuses },
  };
}

/**
 * The same flood from another organisation's credential, against a service with the default
 * per-caller limits (the benchmark's own service lifts them): the fair-limits row. The flood is
 * refused with 429 before its bodies are read, so the valid sender keeps its share.
 */
export async function benchFairFlood(bench: Bench, fixture: Record<string, unknown>, durationMs: number, log: (s: string) => void): Promise<FairFigures> {
  const count = Math.max(200, Math.ceil((durationMs / 1000) * 250));
  log(`fair limits: signing ${2 * count} valid documents and a flood from another sender`);
  const files: string[] = [];
  for (const name of ['alone', 'under-flood']) {
    const docs: string[] = [];
    for (let i = 0; i < count; i++) docs.push(await signHandover(freshHandover(fixture), bench.keys.ES256!));
    const file = path.join(bench.dir, `fair-valid-${name}.txt`);
    fs.writeFileSync(file, `${docs.join('\n')}\n`);
    files.push(file);
  }
  const broken: string[] = [];
  for (let i = 0; i < 300; i++) {
    const doc = freshHandover(fixture);
    doc.sender = { ...(doc.sender as object), organisationId: 'bench-flooder' };
    broken.push(brokenSignature(await signHandover(doc, bench.flooder.key)));
  }
  const floodFile = path.join(bench.dir, 'fair-invalid.txt');
  fs.writeFileSync(floodFile, `${Array.from({ length: 10 }, () => broken.join('\n')).join('\n')}\n`);
  // 40 per second per credential: above what the valid sender makes at concurrency 10 (so it is
  // never held back itself), far below what a flood of cheap refusals could make.
  const service = await startService(bench, { perCallerLimits: { HANDOVER_SUBMISSIONS_PER_SECOND_PER_CREDENTIAL: '40', HANDOVER_SUBMISSIONS_PER_SECOND_PER_ORGANISATION: '100' } });
  try {
    log('fair limits: valid traffic alone');
    const alone = await runLoad(`${service.url}/v1/handovers`, bench.senderToken, 10, durationMs, files[0]!);
    log("fair limits: valid traffic under another sender's flood");
    const [underFlood, flood] = await Promise.all([runLoad(`${service.url}/v1/handovers`, bench.senderToken, 10, durationMs, files[1]!), runLoad(`${service.url}/v1/handovers`, bench.flooder.token, 50, durationMs, floodFile)]);
    return {
      alone: { throughput: alone.throughput, p99: alone.p99 },
      underFlood: { throughput: underFlood.throughput, p99: underFlood.p99 },
      p99Ratio: underFlood.p99 / alone.p99,
      flood: { requestsPerSecond: (flood.requests / flood.elapsedMs) * 1000, statuses: flood.statuses },
    };
  } finally {
    await service.stop();
    for (const f of [...files, floodFile]) fs.rmSync(f);
  }
}

/** One row of the read and validation floods: the others' latency alone and under the flood, on one service. */
export interface ReadFloodRow {
  flood: 'feed' | 'anonymous-validate';
  limits: 'defaults' | 'lifted';
  alone: { p50: number; p99: number; perSecond: number };
  underFlood: { p50: number; p99: number; perSecond: number };
  p50Ratio: number;
  p99Ratio: number;
  flooding: { requestsPerSecond: number; statuses: Record<string, number> };
}

/** The address the anonymous flood comes from, told to the service by a trusted proxy header (loopback). */
const FLOOD_ADDRESS = '198.51.100.7';

/**
 * Reads and anonymous validation (issue 28.14): the others are a municipality's case system
 * paging its feed at concurrency 4 with its own credential; the floods are 16 workers from one
 * other credential of the same municipality paging the feed as fast as they can, and 16 workers
 * POSTing a 17 KB document to /v1/validate without a credential from one address; neither waits
 * for Retry-After. Each against a service with the default fair shares and one with them lifted;
 * the figures are the others' p50 and p99 under the flood against alone, just before, on that service.
 */
export async function benchReadFloods(bench: Bench, fixture: Record<string, unknown>, durationMs: number, log: (s: string) => void): Promise<ReadFloodRow[]> {
  // Pages with something on them: 300 handovers more in the municipality's feed.
  await seedHandovers(bench, fixture, 300, log, 'read floods');
  const flooderToken = (await issueCredential(bench.deps.organisations, { organisationId: MUNICIPALITY.id, role: 'municipality', label: 'bench-read-flood' }, new Date())).token;
  const feedPage = (service: ServiceProcess, limit: number) => `${service.url}/v1/municipalities/${MUNICIPALITY.code}/handovers?limit=${limit}`;
  const others = (service: ServiceProcess) => runRequests({ url: feedPage(service, 50), method: 'GET', headers: { Authorization: `Bearer ${bench.municipalityToken}` }, concurrency: 4, durationMs, okStatus: 200 });
  const floods = {
    feed: (service: ServiceProcess) => runRequests({ url: feedPage(service, 100), method: 'GET', headers: { Authorization: `Bearer ${flooderToken}` }, concurrency: 16, durationMs, okStatus: 200 }),
    'anonymous-validate': (service: ServiceProcess) =>
      runRequests({ url: `${service.url}/v1/validate`, method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': FLOOD_ADDRESS }, body: JSON.stringify(freshHandover(fixture)), concurrency: 16, durationMs, okStatus: 200 }),
  };
  const rows: ReadFloodRow[] = [];
  for (const limits of ['defaults', 'lifted'] as const) {
    // Defaults: the shipped fair shares; lifted: the benchmark's own settings (no per-caller limit).
    const service = await startService(bench, { ...(limits === 'defaults' ? { perCallerLimits: {} } : {}), env: { HANDOVER_TRUST_PROXY: 'loopback' } });
    try {
      for (const flood of ['feed', 'anonymous-validate'] as const) {
        log(`read floods: others alone (${limits})`);
        const alone = await others(service);
        log(`read floods: others under the ${flood} flood (${limits})`);
        const [underFlood, flooding] = await Promise.all([others(service), floods[flood](service)]);
        rows.push({
          flood,
          limits,
          alone: { p50: alone.p50, p99: alone.p99, perSecond: alone.throughput },
          underFlood: { p50: underFlood.p50, p99: underFlood.p99, perSecond: underFlood.throughput },
          p50Ratio: underFlood.p50 / alone.p50,
          p99Ratio: underFlood.p99 / alone.p99,
          flooding: { requestsPerSecond: (flooding.requests / flooding.elapsedMs) * 1000, statuses: flooding.statuses },
        });
      }
    } finally {
      await service.stop();
    }
  }
  return rows;
}
