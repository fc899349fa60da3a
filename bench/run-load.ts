/** Runs bench/load-generator.ts as its own process and reads back its one-line JSON result. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What one load generator sends: where, how, how many at once, for how long. */
export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
  /** One body per line, each sent once (the run ends early when they run out). */
  bodiesFile?: string;
  /** Or the same body every time. */
  body?: string;
  /** The status that counts as served (default 201). */
  okStatus?: number;
}

export interface LoadResult {
  requests: number;
  /** Requests answered with the served status. */
  created: number;
  errors: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  exhausted: boolean;
}

export async function runRequests(spec: LoadSpec): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/load-generator.ts', JSON.stringify(spec)], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}

/** Pre-signed handovers (one compact JWS per line of `jwsFile`) POSTed with a sender's credential. */
export function runLoad(url: string, token: string, concurrency: number, durationMs: number, jwsFile: string): Promise<LoadResult> {
  return runRequests({ url, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/jose' }, concurrency, durationMs, bodiesFile: jwsFile });
}
