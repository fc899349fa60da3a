/** Chooses the database at start-up: MONGODB_URI, else a mongod on PATH, else the embedded FerretDB. */
import path from 'node:path';
import { ensureFerretDbBinary, FERRETDB_VERSION } from './ferretdb.js';
import { startFerretDb } from './ferretdb.js';
import { findExecutable } from './find-executable.js';
import { startMongod } from './mongod.js';

export interface ResolvedDatabase {
  kind: 'mongodb-uri' | 'mongod' | 'ferretdb';
  uri: string;
  /** One line for the start-up log: which database was chosen and where. */
  description: string;
  /** Stops a server we started; a no-op for an external one. */
  stop(): Promise<void>;
}

export interface ResolveOptions {
  mongodbUri: string | undefined;
  dataDir: string;
  cacheDir: string;
  pathVariable: string | undefined;
}

export class NoDatabaseError extends Error {
  constructor() {
    super(
      [
        'no database available. Choose one of:',
        '  1. set MONGODB_URI to a MongoDB replica set (production), e.g. MONGODB_URI=mongodb://db1,db2,db3/?replicaSet=rs0',
        '  2. put a `mongod` on PATH (MongoDB Community Server, https://www.mongodb.com/try/download/community)',
        `  3. install Go >= 1.24 (https://go.dev/dl/) so FerretDB ${FERRETDB_VERSION} can be built once into HANDOVER_CACHE_DIR`,
      ].join('\n'),
    );
    this.name = 'NoDatabaseError';
  }
}

/** Strips credentials from a URI so it can be logged. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

export async function resolveDatabase(options: ResolveOptions): Promise<ResolvedDatabase> {
  if (options.mongodbUri) {
    return {
      kind: 'mongodb-uri',
      uri: options.mongodbUri,
      description: `database: MongoDB from MONGODB_URI (${redactUri(options.mongodbUri)})`,
      stop: async () => {},
    };
  }
  const mongod = findExecutable('mongod', options.pathVariable);
  if (mongod) {
    const dataDir = path.join(options.dataDir, 'mongod');
    const server = await startMongod(mongod, dataDir);
    return { kind: 'mongod', uri: server.uri, description: `database: mongod from PATH (${mongod}) on 127.0.0.1:${server.port}, data in ${dataDir}`, stop: server.stop };
  }
  const ferretdb = await ensureFerretDbBinary(options.cacheDir, options.pathVariable);
  if (ferretdb) {
    const dataDir = path.join(options.dataDir, 'ferretdb');
    const server = await startFerretDb(ferretdb, dataDir);
    return {
      kind: 'ferretdb',
      uri: server.uri,
      description: `database: embedded FerretDB ${FERRETDB_VERSION} (SQLite) on 127.0.0.1:${server.port}, data in ${dataDir}`,
      stop: server.stop,
    };
  }
  throw new NoDatabaseError();
}
