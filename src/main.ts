/**
 * Entry point: reads config, starts the database, listens, and stops on signals. Stopping is
 * bounded in every state: a SIGTERM or SIGINT while the database is still starting, while
 * serving, or while the database is unreachable ends the process and every database process it
 * started within HANDOVER_SHUTDOWN_TIMEOUT_MS (database-process.ts makes sure they also die when
 * this process is killed outright).
 */
import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { startBackgroundJobs, type BackgroundJobs } from './background-jobs.js';
import { createHttpServer } from './http/server.js';
import { ConfigError, configFromEnvironment, type Config } from './config.js';
import { buildDeps, type Deps } from './deps.js';
import { resolveDatabaseFor } from './store.js';
import { createLogger, type Logger } from './logger.js';
import { loadDemoData } from './services/demo-data.js';
import { killAllDatabaseProcesses, stopAllDatabaseProcesses } from './database-process/database-process.js';
import type { ResolvedDatabase } from './database-process/resolve-database.js';

/** What a stop has to undo, filled in as start-up gets further. */
interface Running {
  server?: Server;
  deps?: Deps;
  database?: ResolvedDatabase;
  jobs?: BackgroundJobs;
}

/** Share of the shutdown time the in-flight requests get; the rest is for closing the databases. */
const DRAIN_SHARE = 0.6;

function installStop(config: Config, logger: Logger, running: Running): (reason: string) => void {
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) {
      logger.info({ signal: reason }, 'already stopping');
      return;
    }
    stopping = true;
    // The hard bound: whatever is still pending at the deadline, the databases are killed and we exit.
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown did not finish in time: killing the databases we started');
      killAllDatabaseProcesses();
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    logger.info({ signal: reason }, running.server ? 'shutting down: finishing in-flight requests' : 'stopping during start-up');
    if (running.deps) running.deps.lifecycle.shuttingDown = true;
    const server = running.server;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs * DRAIN_SHARE);
      await closed;
      clearTimeout(force);
    }
    running.jobs?.stop();
    await running.deps?.close().catch((err: unknown) => logger.warn({ error: { type: (err as Error).name } }, 'closing the database connection failed'));
    await running.database?.stop();
    // Also what was started but not yet handed over (a PostgreSQL whose FerretDB was still starting).
    await stopAllDatabaseProcesses();
    logger.info('stopped');
    process.exit();
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (config.stopWithParent) {
    // npm runs us under a shell that dies on SIGTERM without passing it on; a parent that is
    // gone (killed, or exited) means whoever started us wants us gone too.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void stop('parent-exited');
    }, 500).unref();
  }
  return (reason) => void stop(reason);
}

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnvironment();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`handover-exchange: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const running: Running = {};
  // Before anything is started, so that a stop during start-up finds and stops it.
  const stop = installStop(config, logger, running);

  try {
    running.database = await resolveDatabaseFor(config);
  } catch (err) {
    process.stderr.write(`handover-exchange: ${(err as Error).message}\n`);
    await stopAllDatabaseProcesses();
    process.exit(1);
  }
  const database = running.database;
  logger.info({ database: database.kind }, database.description);
  if (database.warning) logger.warn({ database: database.kind }, database.warning);

  let deps: Deps;
  try {
    deps = await buildDeps(config, logger, database);
  } catch (err) {
    logger.fatal({ error: { type: (err as Error).name, message: (err as Error).message } }, 'start-up failed');
    await database.stop();
    await stopAllDatabaseProcesses();
    process.exit(1);
  }
  running.deps = deps;

  logger.info({ schemaLoadMs: Math.round(deps.standard.validator.compileMs), schemas: deps.standard.validator.files.length }, 'schemas loaded (each compiled on its first use)');
  if (config.demoData === 'on' || (config.demoData === 'auto' && database.kind !== 'mongodb-uri')) {
    const demo = await loadDemoData(deps, path.join(config.dataDir, 'demo'));
    if (demo) logger.info({ organisations: demo.organisations, handovers: demo.handovers }, `demo data loaded; demo credentials in ${demo.credentialsFile}`);
  }
  // The audit sequencer, the derivation worker, the dispatcher, the sweeper and the retention job.
  running.jobs = startBackgroundJobs(deps);
  const app = createApp(deps);
  const server: Server = createHttpServer(app, config);
  running.server = server;
  server.listen(config.port, config.host);
  server.on('error', (err) => {
    logger.fatal({ error: { type: err.name, message: err.message } }, 'could not listen');
    process.exitCode = 1;
    stop('listen-failed');
  });
  server.on('listening', () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, `listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`);
  });
}

main().catch(async (err) => {
  process.stderr.write(`handover-exchange: start-up failed: ${(err as Error).stack ?? String(err)}\n`);
  await stopAllDatabaseProcesses();
  process.exit(1);
});
