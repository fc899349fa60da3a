/**
 * Starts one database for the whole run with the service's own resolution code (MONGODB_URI
 * wins if set; otherwise mongod on PATH or FerretDB) on a temp dir, and stops it afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import { resolveDatabase } from '../src/storage/resolve-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
    databaseKind: string;
  }
}

export default async function setup(project: TestProject) {
  const config = loadConfig(process.env);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-test-db-'));
  const database = await resolveDatabase({ mongodbUri: config.mongodbUri, dataDir, cacheDir: config.cacheDir, pathVariable: process.env.PATH });
  process.stdout.write(`${database.description}\n`);
  project.provide('mongodbUri', database.uri);
  project.provide('databaseKind', database.kind);
  return async () => {
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
