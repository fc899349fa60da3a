/**
 * The load generator, run as its own process so that it does not share the service's event loop:
 * sends requests at a fixed concurrency for a fixed time and prints one JSON line: requests,
 * statuses, latency percentiles. The bodies are one per line of a file, each sent once (signed
 * submissions), or one body sent every time (a dry-run validation), or none (reads).
 *
 * Usage: node --import tsx bench/load-generator.ts SPEC_JSON (see LoadSpec in run-load.ts)
 */
import fs from 'node:fs';
import type { LoadSpec } from './run-load.js';
import { percentile } from './stats.js';

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const bodies = spec.bodiesFile ? fs.readFileSync(spec.bodiesFile, 'utf8').split('\n').filter(Boolean) : undefined;
const ok = spec.okStatus ?? 201;

let next = 0;
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let exhausted = false;
const started = performance.now();
const deadline = started + spec.durationMs;

async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    const body = bodies ? bodies[next++] : spec.body;
    if (bodies && body === undefined) {
      exhausted = true;
      return;
    }
    const t0 = performance.now();
    let status = 'network-error';
    try {
      const res = await fetch(spec.url, { method: spec.method ?? 'POST', headers: spec.headers, ...(body !== undefined ? { body } : {}) });
      await res.arrayBuffer();
      status = String(res.status);
    } catch {
      // counted as an error below
    }
    latencies.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

await Promise.all(Array.from({ length: spec.concurrency }, worker));
const elapsedMs = performance.now() - started;
latencies.sort((a, b) => a - b);
const served = statuses[String(ok)] ?? 0;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, created: served, errors: latencies.length - served, statuses, elapsedMs, throughput: (served / elapsedMs) * 1000, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), exhausted })}\n`,
);
