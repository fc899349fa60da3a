/** Entry point: reads config, starts the database, listens, and shuts down gracefully on signals. */
import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { createHttpServer } from './http/server.js';
import { ConfigError, loadConfig } from './config.js';
import { buildDeps, resolveDatabaseFor, type Deps } from './deps.js';
import { createLogger } from './logger.js';
import { loadDemoData } from './services/demo-data.js';
import { sweepOrphans } from './services/sweep-orphans.js';
import type { ResolvedDatabase } from './storage/resolve-database.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`handover-exchange: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);

  let database: ResolvedDatabase;
  try {
    database = await resolveDatabaseFor(config);
  } catch (err) {
    process.stderr.write(`handover-exchange: ${(err as Error).message}\n`);
    process.exit(1);
  }
  logger.info({ database: database.kind }, database.description);
  if (database.warning) logger.warn({ database: database.kind }, database.warning);

  let deps: Deps;
  try {
    deps = await buildDeps(config, logger, database);
  } catch (err) {
    logger.fatal({ error: { type: (err as Error).name, message: (err as Error).message } }, 'start-up failed');
    await database.stop();
    process.exit(1);
  }

  logger.info({ schemaCompileMs: Math.round(deps.standard.validator.compileMs), schemas: deps.standard.validator.files.length }, 'schemas compiled');
  if (config.demoData === 'on' || (config.demoData === 'auto' && database.kind !== 'mongodb-uri')) {
    const demo = await loadDemoData(deps, path.join(config.dataDir, 'demo'));
    if (demo) logger.info({ organisations: demo.organisations, handovers: demo.handovers }, `demo data loaded; demo credentials in ${demo.credentialsFile}`);
  }
  const sweep = async () => {
    try {
      const removed = await sweepOrphans(deps, config.orphanGraceMs);
      if (removed > 0) logger.info({ removed }, 'orphaned attachment files swept');
    } catch (err) {
      logger.warn({ error: { type: (err as Error).name } }, 'orphan sweep failed; will retry');
    }
  };
  void sweep();
  const sweeper = setInterval(sweep, Math.min(config.orphanGraceMs, 5 * 60_000));
  sweeper.unref();
  const app = createApp(deps);
  const server: Server = createHttpServer(app, config);
  server.listen(config.port, config.host);
  server.on('error', async (err) => {
    logger.fatal({ error: { type: err.name, message: err.message } }, 'could not listen');
    await deps.close();
    await database.stop();
    process.exit(1);
  });
  server.on('listening', () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, `listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    deps.lifecycle.shuttingDown = true;
    clearInterval(sweeper);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
    await closed;
    clearTimeout(force);
    await deps.close();
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`handover-exchange: start-up failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
