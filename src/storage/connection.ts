/** The mongoose connection: one per service, configured for durable writes and safe queries. */
import mongoose from 'mongoose';

export interface Database {
  readonly connection: mongoose.Connection;
  /** True when a writable primary answers within timeoutMs (a reachable secondary is not enough). */
  ping(timeoutMs: number): Promise<boolean>;
  /** Calls back after each database command with its name, duration and outcome (for the metrics). */
  onCommand(listener: (command: string, seconds: number, failed: boolean) => void): void;
  /**
   * Replaces the driver's client with a new one on the same URI (what the readiness check does
   * when the old client stays stuck after the database came back); in-flight operations fail.
   */
  reconnect(): Promise<void>;
  /** How many times the client was replaced because it stayed stuck (for the logs and tests). */
  readonly recoveries: number;
  close(): Promise<void>;
}

/**
 * After a database restart the driver rediscovers the server by its heartbeat. Now and then (about
 * one restart in three under load, on FerretDB) its monitor does not run again: the server stays
 * "Unknown" with the old connection's error and every operation fails server selection, while a
 * new client reaches the database at once. A readiness check that keeps failing this long, while a
 * fresh client gets through, replaces the stuck client.
 */
const STUCK_AFTER_MS = 8_000;
/** At most one fresh-client probe this often while the database stays away. */
const PROBE_EVERY_MS = 3_000;

/** hello, not ping: a member that answers but is not a writable primary cannot take writes. */
const isWritablePrimary = (hello: { isWritablePrimary?: unknown; ismaster?: unknown }) => hello.isWritablePrimary === true || hello.ismaster === true;

export interface ConnectOptions {
  dbName: string;
  /** How long an operation waits for a reachable server before failing. */
  serverSelectionTimeoutMs: number;
  /** How long a write waits for a majority to confirm it before failing (wtimeout); default 5 s. */
  writeTimeoutMs?: number;
  /** Told when a stuck client was replaced (the operator's log). */
  onRecovered?: () => void;
}

export async function connectDatabase(uri: string, options: ConnectOptions): Promise<Database> {
  // A private Mongoose instance: its settings do not leak into (or from) other users of the module.
  const instance = new mongoose.Mongoose();
  // Client-supplied objects can never act as query operators; unknown filter paths are dropped.
  instance.set('sanitizeFilter', true);
  instance.set('strictQuery', true);
  const connectOptions = {
    dbName: options.dbName,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    // Fail fast instead of queueing operations while the database is down: the caller answers 503.
    bufferCommands: false,
    // An acknowledged write must survive a crash (majority + journal on a replica set), and a
    // write that cannot reach a majority fails in bounded time (then 503), never hangs.
    writeConcern: { w: 'majority' as const, j: true, wtimeoutMS: options.writeTimeoutMs ?? 5_000 },
    autoIndex: true,
    // Command events feed the metrics (name and duration only; never the command's content).
    monitorCommands: true,
  };
  const connection = instance.createConnection(uri, connectOptions);
  await connection.asPromise();

  const commandListeners: ((command: string, seconds: number, failed: boolean) => void)[] = [];
  const attachListeners = () => {
    const client = connection.getClient();
    client.on('commandSucceeded', (e) => commandListeners.forEach((l) => l(e.commandName, e.duration / 1000, false)));
    client.on('commandFailed', (e) => commandListeners.forEach((l) => l(e.commandName, e.duration / 1000, true)));
  };
  attachListeners();

  /** Since when the readiness check has failed without a success in between. */
  let failingSince: number | undefined;
  let lastProbeAt = 0;
  let recovering: Promise<void> | undefined;
  let recoveries = 0;
  let closed = false;
  const reconnect = async () => {
    // Not a forced close: mongoose refuses every later operation on a connection closed by force.
    await connection.close().catch(() => undefined);
    if (closed) return;
    await connection.openUri(uri, connectOptions);
    attachListeners();
  };
  /** Whether a brand-new client reaches a writable primary now (the database is back, the old client is not). */
  const freshClientReaches = async () => {
    const fresh = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 });
    try {
      return isWritablePrimary(await fresh.db('admin').command({ hello: 1 }));
    } catch {
      return false;
    } finally {
      await fresh.close().catch(() => undefined);
    }
  };
  const recoverIfStuck = () => {
    const now = Date.now();
    failingSince ??= now;
    if (closed || recovering || now - failingSince < STUCK_AFTER_MS || now - lastProbeAt < PROBE_EVERY_MS) return;
    lastProbeAt = now;
    recovering = (async () => {
      if (await freshClientReaches()) {
        await reconnect();
        recoveries++;
        options.onRecovered?.();
      }
    })()
      .catch(() => undefined)
      .finally(() => {
        recovering = undefined;
      });
  };

  return {
    connection,
    get recoveries() {
      return recoveries;
    },
    reconnect,
    async ping(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const ping = (async () => {
        try {
          const db = connection.db;
          if (!db) return false;
          return isWritablePrimary(await db.command({ hello: 1 }));
        } catch {
          return false;
        }
      })();
      try {
        const ready = await Promise.race([ping, timeout]);
        if (ready) failingSince = undefined;
        else recoverIfStuck();
        return ready;
      } finally {
        clearTimeout(timer);
      }
    },
    onCommand(listener) {
      commandListeners.push(listener);
    },
    async close() {
      closed = true;
      await recovering;
      await connection.close();
    },
  };
}
