/**
 * The load generator, run as its own process so that it does not share the service's event loop:
 * POSTs pre-signed handovers (one JWS per line of a file) at a fixed concurrency for a fixed time
 * and prints one JSON line: requests, statuses, latency percentiles.
 *
 * Usage: node --import tsx bench/load-generator.ts URL TOKEN CONCURRENCY DURATION_MS JWS_FILE
 */
import fs from 'node:fs';
import { percentile } from './stats.js';

const [url, token, concurrencyArg, durationArg, file] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const durationMs = Number(durationArg);
const bodies = fs.readFileSync(file!, 'utf8').split('\n').filter(Boolean);

let next = 0;
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let exhausted = false;
const started = performance.now();
const deadline = started + durationMs;

async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    const body = bodies[next++];
    if (body === undefined) {
      exhausted = true;
      return;
    }
    const t0 = performance.now();
    let status = 'network-error';
    try {
      const res = await fetch(url!, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/jose' }, body });
      await res.arrayBuffer();
      status = String(res.status);
    } catch {
      // counted as an error below
    }
    latencies.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
const elapsedMs = performance.now() - started;
latencies.sort((a, b) => a - b);
const ok = statuses['201'] ?? 0;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, created: ok, errors: latencies.length - ok, statuses, elapsedMs, throughput: (ok / elapsedMs) * 1000, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), exhausted })}\n`,
);
