/** The embedded database for local runs and tests: FerretDB 1.24.2 on PostgreSQL (default) or SQLite (fallback). */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDatabaseProcess, type DatabaseProcess } from './database-process.js';
import { findExecutable } from './find-executable.js';
import { findFreePort } from './free-port.js';
import { ferretDbPostgresUrl } from './postgres.js';

export const FERRETDB_VERSION = 'v1.24.2';
const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-ferretdb.sh', import.meta.url));

export function ferretDbBinaryPath(cacheDir: string): string {
  return path.join(cacheDir, `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

/**
 * Returns the cached FerretDB binary, building it once with Go when it is missing.
 * Returns undefined when it is not cached and Go is not available.
 */
export async function ensureFerretDbBinary(cacheDir: string, pathVariable: string | undefined): Promise<string | undefined> {
  const binary = ferretDbBinaryPath(cacheDir);
  if (fs.existsSync(binary)) return binary;
  if (!findExecutable('go', pathVariable)) return undefined;
  await new Promise<void>((resolve, reject) => {
    // Build output goes to stderr: it is progress for the operator, not a log event.
    const child = spawn('bash', [BUILD_SCRIPT, binary], { stdio: ['ignore', process.stderr, process.stderr] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building FerretDB failed (exit ${code}); see the output above`))));
  });
  return binary;
}

export type FerretDbBackend = { kind: 'postgresql'; url: string } | { kind: 'sqlite' };

/**
 * Starts FerretDB on a loopback port (a free one unless given), on PostgreSQL at the given URL or
 * on SQLite files in dataDir; dataDir also holds its pid file and log.
 */
export async function startFerretDb(binary: string, dataDir: string, backend: FerretDbBackend, port?: number): Promise<DatabaseProcess> {
  fs.mkdirSync(dataDir, { recursive: true });
  const chosen = port ?? (await findFreePort());
  const handler = backend.kind === 'postgresql' ? ['--handler=postgresql', `--postgresql-url=${ferretDbPostgresUrl(backend.url)}`] : ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`];
  return startDatabaseProcess({
    name: 'ferretdb',
    command: binary,
    runDir: dataDir,
    port: chosen,
    args: [
      ...handler,
      `--listen-addr=127.0.0.1:${chosen}`,
      `--state-dir=${dataDir}`,
      // The default debug address 127.0.0.1:8088 would clash between instances.
      '--debug-addr=-',
      // Telemetry would try the network.
      '--telemetry=disable',
      '--log-level=error',
    ],
  });
}
