/**
 * Submit: the service under load from a separate process, against its ceiling, the same work
 * (verify, parse, validate, insert through the same driver) in a bare loop without HTTP at the
 * same concurrency on the same database.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Caller } from '../src/domain/organisations.js';
import { storeHandoverVersion } from '../src/services/submit-handover.js';
import { freshHandover, SENDER, signHandover, type Bench, type BenchKey, type ServiceProcess } from './setup.js';
import { runLoad } from './run-load.js';
import { percentile } from './stats.js';

export interface SubmitFigures {
  alg: string;
  concurrency: number;
  http: { throughput: number; p50: number; p95: number; p99: number; errors: number; requests: number; exhausted: boolean };
  bare: { throughput: number; p50: number; p99: number };
  /** HTTP throughput as a fraction of the bare ceiling. */
  ratio: number;
}

async function presign(fixture: Record<string, unknown>, key: BenchKey, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(await signHandover(freshHandover(fixture), key));
  return out;
}

/** The ceiling: storeHandoverVersion called directly, `concurrency` at a time, for durationMs. */
async function bareLoop(bench: Bench, jws: string[], concurrency: number, durationMs: number) {
  const caller: Caller = { credentialId: 'bench', organisationId: SENDER, organisationType: 'asylum-centre-operator', role: 'sender' };
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async () => {
    while (performance.now() < deadline && next < jws.length) {
      const bytes = Buffer.from(jws[next++]!);
      const t0 = performance.now();
      const r = await storeHandoverVersion(bench.deps.submission, caller, { bytes, serialization: 'compact' }, []);
      if (!r.created) throw new Error('bare loop: a submission was not new');
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { throughput: (latencies.length / elapsed) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function benchSubmit(bench: Bench, service: ServiceProcess, fixture: Record<string, unknown>, runs: { alg: string; concurrency: number }[], durationMs: number, log: (s: string) => void): Promise<SubmitFigures[]> {
  const out: SubmitFigures[] = [];
  for (const { alg, concurrency } of runs) {
    const key = bench.keys[alg]!;
    // Enough unique documents for the run; a repeat would be an idempotent replay, not a submission.
    const count = Math.max(200, Math.ceil((durationMs / 1000) * 250));
    log(`submit ${alg} c=${concurrency}: signing ${2 * count} documents`);
    const forBare = await presign(fixture, key, count);
    const forHttp = await presign(fixture, key, count);
    log(`submit ${alg} c=${concurrency}: bare loop`);
    const bare = await bareLoop(bench, forBare, concurrency, durationMs);
    const file = path.join(bench.dir, `jws-${alg}-${concurrency}.txt`);
    fs.writeFileSync(file, `${forHttp.join('\n')}\n`);
    log(`submit ${alg} c=${concurrency}: HTTP`);
    const http = await runLoad(`${service.url}/v1/handovers`, bench.senderToken, concurrency, durationMs, file);
    fs.rmSync(file);
    out.push({ alg, concurrency, http, bare, ratio: http.throughput / bare.throughput });
  }
  return out;
}
