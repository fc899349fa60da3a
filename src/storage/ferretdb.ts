/** The embedded database for local runs and tests: FerretDB 1.24.2 on its SQLite backend. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDatabaseProcess, type DatabaseProcess } from './database-process.js';
import { findExecutable } from './find-executable.js';
import { findFreePort } from './free-port.js';

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

/** Starts FerretDB with SQLite files in dataDir on a loopback port (a free one unless given). */
export async function startFerretDb(binary: string, dataDir: string, port?: number): Promise<DatabaseProcess> {
  fs.mkdirSync(dataDir, { recursive: true });
  const chosen = port ?? (await findFreePort());
  return startDatabaseProcess({
    name: 'ferretdb',
    command: binary,
    runDir: dataDir,
    port: chosen,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
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
