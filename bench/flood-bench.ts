/**
 * A flood of invalid signatures (reliability catalogue 37): valid submissions at concurrency 10,
 * first alone, then while a second load generator sends JWS with a known kid and a broken
 * signature at concurrency 50. The figure is the valid traffic's p99 under the flood against its
 * p99 alone (the target: within 2x), with what the flood got back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runLoad } from './run-load.js';
import { freshHandover, signHandover, startService, type Bench, type ServiceProcess } from './setup.js';

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
