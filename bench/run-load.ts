/** Runs bench/load-generator.ts as its own process and reads back its one-line JSON result. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LoadResult {
  requests: number;
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

export async function runLoad(url: string, token: string, concurrency: number, durationMs: number, jwsFile: string): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/load-generator.ts', url, token, String(concurrency), String(durationMs), jwsFile], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}
