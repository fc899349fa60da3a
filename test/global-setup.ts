/**
 * Starts one database for the whole run with the service's own resolution code (MONGODB_URI
 * wins if set; otherwise mongod on PATH, FerretDB on PostgreSQL, or FerretDB on SQLite) on a
 * temp dir, and stops it afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureServerBuilt } from '../scripts/build-server.mjs';
import { loadConfig } from '../src/config.js';
import { resolveDatabaseFor } from '../src/store.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
    /** The PostgreSQL behind FerretDB ('' when the run is on another database). */
    postgresUrl: string;
    databaseKind: string;
  }
}

export default async function setup(project: TestProject) {
  // Tests that start the service or the CLI as a process run the compiled build: current first.
  await ensureServerBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-test-db-'));
  const config = loadConfig({ ...process.env, HANDOVER_DATA_DIR: dataDir });
  const database = await resolveDatabaseFor(config);
  process.stdout.write(`${database.description}\n`);
  project.provide('mongodbUri', database.uri);
  project.provide('postgresUrl', database.postgresUrl ?? '');
  project.provide('databaseKind', database.kind);
  return async () => {
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
