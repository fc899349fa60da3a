/**
 * How a test starts the service as its own process: the compiled entry point, as `npm start` runs
 * it (build/, compiled from src/ by the test run's global setup, scripts/build-server.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import { findFreePort } from '../../src/database-process/free-port.js';
import { UNTHROTTLED, type TestApp } from './test-app.js';

/** The arguments to node that start one service process. */
export const SERVICE_ARGS: readonly string[] = [path.resolve('build/main.js')];

/**
 * One more service process on a test app's database, as an instance behind a load balancer would
 * be (its own port; the database the run's global setup gave), started with `env` on top and
 * returned once /readyz answers.
 */
export async function startServiceInstance(t: TestApp, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await findFreePort();
  const postgresUrl = inject('postgresUrl');
  const full: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...UNTHROTTLED,
    MONGODB_URI: inject('mongodbUri'),
    ...(postgresUrl ? { HANDOVER_POSTGRES_URL: postgresUrl } : {}),
    HANDOVER_DB_NAME: t.config.dbName,
    HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile!,
    HANDOVER_DEMO_DATA: 'off',
    HANDOVER_LOG_LEVEL: 'warn',
    HANDOVER_STOP_WITH_PARENT: 'true',
    ...env,
    PORT: String(port),
  };
  if (!postgresUrl) delete full.HANDOVER_POSTGRES_URL;
  const child = spawn(process.execPath, [...SERVICE_ARGS], { env: full, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`instance exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).ok) return { child, url };
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('instance did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
}
