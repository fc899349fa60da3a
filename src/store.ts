/**
 * The database as the service and the `handover` command open it: which database the
 * configuration names, one connection with every model registered (openStore, the one place
 * that connects), and, for the service, its collections, indexes and sweeper ledger made ready.
 */
import path from 'node:path';
import type { Config } from './config.js';
import { resolveDatabase, type ResolvedDatabase } from './database-process/resolve-database.js';
import type { Logger } from './logger.js';
import { inspectPdfStructure } from './pdf/attachment-structure.js';
import { attachmentStore } from './storage/attachment-store.js';
import { connectDatabase } from './storage/connection.js';
import { deadlineIndexRepository } from './storage/deadline-index.js';
import { ensurePushdownIndexes } from './storage/ferretdb-pushdown-indexes.js';
import { registerModels } from './storage/models.js';
import { REQUEST_QUERIES } from './storage/request-queries.js';
import { sweepLedger } from './storage/sweep-ledger.js';

/** Where the service's signing key is kept. */
export function serviceKeyFileOf(config: Config): string {
  return config.serviceKeyFile ?? path.join(config.dataDir, 'keys', 'service-signing-key.private.jwk.json');
}

/** Starts or finds the database the configuration names (resolve-database.ts). */
export function resolveDatabaseFor(config: Config): Promise<ResolvedDatabase> {
  return resolveDatabase({
    mongodbUri: config.mongodbUri,
    postgresUrl: config.postgresUrl,
    embeddedBackend: config.embeddedBackend,
    dataDir: config.dataDir,
    cacheDir: config.cacheDir,
    pathVariable: config.searchPath,
  });
}

/** Where the data is: the MongoDB-wire URI, and the PostgreSQL behind FerretDB when there is one. */
export interface DatabaseTarget {
  uri: string;
  postgresUrl?: string | undefined;
}

/** What the service makes ready on opening (a command reads what is there and makes nothing). */
export interface StorePreparation {
  logger: Logger;
  now: Date;
}

/**
 * Connects and registers every model. With `prepare` (the service), also makes sure every
 * collection and its indexes exist, and on FerretDB-on-PostgreSQL the backend indexes FerretDB's
 * queries can use (ferretdb-pushdown-indexes.ts); a failure there closes the connection again.
 */
export async function openStore(config: Config, target: DatabaseTarget, prepare?: StorePreparation) {
  const logger = prepare?.logger;
  const db = await connectDatabase(target.uri, {
    dbName: config.dbName,
    serverSelectionTimeoutMs: config.dbTimeoutMs,
    writeTimeoutMs: config.dbWriteTimeoutMs,
    ...(logger ? { onRecovered: () => logger.warn({ event: 'database.client-replaced' }, 'the database client stayed stuck after the database came back; replaced it') } : {}),
  });
  const models = registerModels(db.connection);
  const ledger = sweepLedger(models);
  const attachments = attachmentStore(db.connection, ledger, inspectPdfStructure);
  if (prepare) {
    try {
      await Promise.all(Object.values(models).map((m) => m.init()));
      await attachments.ensureCollections();
      await ledger.ensureStart(prepare.now);
      const filed = await deadlineIndexRepository(models).fileRowsFromBeforeSlots();
      if (filed > 0) prepare.logger.info({ filed }, 'deadlines stored before the slot index filed under it');
      if (target.postgresUrl) {
        const report = await ensurePushdownIndexes(target.postgresUrl, config.dbName, REQUEST_QUERIES);
        if (report.created.length > 0) prepare.logger.info({ created: report.created.length }, 'FerretDB backend indexes created for the request-path queries');
        if (report.missingCollections.length > 0) prepare.logger.warn({ collections: report.missingCollections }, 'collections without a FerretDB table yet; their backend indexes follow at the next start');
      }
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return { db, models, attachments, ledger, close: () => db.close() };
}

export type Store = Awaited<ReturnType<typeof openStore>>;
