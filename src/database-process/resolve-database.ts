/**
 * Chooses the database at start-up: MONGODB_URI, else a mongod on PATH, else FerretDB on
 * PostgreSQL (HANDOVER_POSTGRES_URL, or a cluster of our own), else FerretDB on SQLite.
 */
import path from 'node:path';
import type { DatabaseProcess } from './database-process.js';
import { ensureFerretDbBinary, FERRETDB_VERSION, startFerretDb } from './ferretdb.js';
import { findExecutable } from './find-executable.js';
import { startMongod } from './mongod.js';
import { ensurePostgresDatabase, findPostgresBinDir, redactPostgresUrl, startOwnPostgres } from './postgres.js';

export type DatabaseKind = 'mongodb-uri' | 'mongod' | 'ferretdb-postgresql' | 'ferretdb-sqlite';
export type EmbeddedBackend = 'auto' | 'postgresql' | 'sqlite';

export interface ResolvedDatabase {
  kind: DatabaseKind;
  uri: string;
  /** The PostgreSQL behind FerretDB, where the service creates the indexes FerretDB's queries can use. */
  postgresUrl?: string;
  /** One line for the start-up log: which database was chosen and where. */
  description: string;
  /** Said at start when the choice is not fit for real use (the SQLite fallback). */
  warning?: string;
  /** Stops the servers we started; a no-op for external ones. */
  stop(): Promise<void>;
}

export interface ResolveOptions {
  mongodbUri: string | undefined;
  /** HANDOVER_POSTGRES_URL: with MONGODB_URI, the backend of an external FerretDB; alone, where our FerretDB keeps its data. */
  postgresUrl?: string | undefined;
  /** HANDOVER_EMBEDDED_BACKEND: which embedded database to start when there is no MONGODB_URI. */
  embeddedBackend?: EmbeddedBackend;
  dataDir: string;
  cacheDir: string;
  pathVariable: string | undefined;
}

export class NoDatabaseError extends Error {
  constructor(reason?: string) {
    super(
      [
        `no database available${reason ? ` (${reason})` : ''}. Choose one of:`,
        '  1. set MONGODB_URI to a MongoDB replica set (production), e.g. MONGODB_URI=mongodb://db1,db2,db3/?replicaSet=rs0',
        '  2. put a `mongod` on PATH (MongoDB Community Server)',
        `  3. install Go >= 1.24 so FerretDB ${FERRETDB_VERSION} can be built once into HANDOVER_CACHE_DIR, and PostgreSQL's server`,
        '     (Debian: apt-get install postgresql) or set HANDOVER_POSTGRES_URL to a PostgreSQL database you run',
      ].join('\n'),
    );
    this.name = 'NoDatabaseError';
  }
}

/** Strips credentials from a URI so it can be logged. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

export const SQLITE_WARNING =
  'FerretDB on SQLite is for trying the service out, not for more than a few hundred handovers: every query reads its whole collection. Install PostgreSQL (apt-get install postgresql) or set HANDOVER_POSTGRES_URL.';

/** Stops servers in reverse order of start (FerretDB before the PostgreSQL it uses). */
function stopAll(servers: DatabaseProcess[]): () => Promise<void> {
  return async () => {
    for (const s of [...servers].reverse()) await s.stop();
  };
}

export async function resolveDatabase(options: ResolveOptions): Promise<ResolvedDatabase> {
  if (options.mongodbUri) {
    return {
      kind: 'mongodb-uri',
      uri: options.mongodbUri,
      ...(options.postgresUrl ? { postgresUrl: options.postgresUrl } : {}),
      description: `database: MongoDB wire protocol from MONGODB_URI (${redactUri(options.mongodbUri)})${options.postgresUrl ? `, FerretDB backend indexes on ${redactPostgresUrl(options.postgresUrl)}` : ''}`,
      stop: async () => {},
    };
  }
  const backend = options.embeddedBackend ?? 'auto';
  const mongod = backend === 'auto' ? findExecutable('mongod', options.pathVariable) : undefined;
  if (mongod) {
    const dataDir = path.join(options.dataDir, 'mongod');
    const server = await startMongod(mongod, dataDir);
    return { kind: 'mongod', uri: server.uri, description: `database: mongod from PATH (${mongod}) on 127.0.0.1:${server.port}, data in ${dataDir}`, stop: server.stop };
  }
  const ferretdb = await ensureFerretDbBinary(options.cacheDir, options.pathVariable);
  if (!ferretdb) throw new NoDatabaseError('no FerretDB binary and no Go to build it');
  const ferretDir = path.join(options.dataDir, 'ferretdb');

  if (backend !== 'sqlite') {
    const started: DatabaseProcess[] = [];
    try {
      let postgresUrl = options.postgresUrl;
      let where: string;
      if (postgresUrl) {
        await ensurePostgresDatabase(postgresUrl);
        where = `PostgreSQL at ${redactPostgresUrl(postgresUrl)}`;
      } else {
        const binDir = findPostgresBinDir(options.pathVariable);
        if (!binDir) {
          if (backend === 'postgresql') throw new NoDatabaseError('HANDOVER_EMBEDDED_BACKEND=postgresql, but no PostgreSQL server binaries (initdb, postgres) were found');
          return startSqlite(ferretdb, ferretDir, 'no PostgreSQL server binaries (initdb, postgres) found');
        }
        const pgDir = path.join(options.dataDir, 'postgres');
        const own = await startOwnPostgres(binDir, pgDir);
        started.push(own);
        postgresUrl = own.url;
        where = `its own PostgreSQL (${binDir}) on 127.0.0.1:${own.port}, data in ${own.dataDir}`;
      }
      const server = await startFerretDb(ferretdb, ferretDir, { kind: 'postgresql', url: postgresUrl });
      started.push(server);
      return {
        kind: 'ferretdb-postgresql',
        uri: server.uri,
        postgresUrl,
        description: `database: embedded FerretDB ${FERRETDB_VERSION} on 127.0.0.1:${server.port}, on ${where}`,
        stop: stopAll(started),
      };
    } catch (err) {
      await stopAll(started)();
      throw err;
    }
  }
  return startSqlite(ferretdb, ferretDir);
}

async function startSqlite(binary: string, dataDir: string, why?: string): Promise<ResolvedDatabase> {
  const server = await startFerretDb(binary, dataDir, { kind: 'sqlite' });
  return {
    kind: 'ferretdb-sqlite',
    uri: server.uri,
    description: `database: embedded FerretDB ${FERRETDB_VERSION} on SQLite on 127.0.0.1:${server.port}, data in ${dataDir}${why ? ` (${why})` : ''}`,
    warning: SQLITE_WARNING,
    stop: server.stop,
  };
}
