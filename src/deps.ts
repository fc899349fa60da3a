/** The composition root: turns config into live clients; everything else receives them. */
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { connectDatabase, type Database } from './storage/connection.js';
import { createStandard, type Standard } from './validation/standard.js';

export interface Lifecycle {
  /** Set on SIGTERM/SIGINT: new requests on kept-alive connections are told to go elsewhere. */
  shuttingDown: boolean;
}

export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  /** The schemas, compiled once at start. */
  readonly standard: Standard;
  readonly clock: () => Date;
  readonly lifecycle: Lifecycle;
  close(): Promise<void>;
}

export interface DepsOverrides {
  clock?: () => Date;
  /** Tests share one compiled standard across apps (compiling takes a few hundred ms). */
  standard?: Standard;
}

export async function buildDeps(config: Config, logger: Logger, mongodbUri: string, overrides: DepsOverrides = {}): Promise<Deps> {
  const db = await connectDatabase(mongodbUri, { dbName: config.dbName, serverSelectionTimeoutMs: config.dbTimeoutMs });
  return {
    config,
    logger,
    db,
    standard: overrides.standard ?? createStandard(),
    clock: overrides.clock ?? (() => new Date()),
    lifecycle: { shuttingDown: false },
    close: () => db.close(),
  };
}
