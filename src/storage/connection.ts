/** The mongoose connection: one per service, configured for durable writes and safe queries. */
import mongoose from 'mongoose';

export interface Database {
  readonly connection: mongoose.Connection;
  /** True when a writable primary answers within timeoutMs (a reachable secondary is not enough). */
  ping(timeoutMs: number): Promise<boolean>;
  /** Calls back after each database command with its name, duration and outcome (for the metrics). */
  onCommand(listener: (command: string, seconds: number, failed: boolean) => void): void;
  close(): Promise<void>;
}

export interface ConnectOptions {
  dbName: string;
  /** How long an operation waits for a reachable server before failing. */
  serverSelectionTimeoutMs: number;
  /** How long a write waits for a majority to confirm it before failing (wtimeout); default 5 s. */
  writeTimeoutMs?: number;
}

export async function connectDatabase(uri: string, options: ConnectOptions): Promise<Database> {
  // A private Mongoose instance: its settings do not leak into (or from) other users of the module.
  const instance = new mongoose.Mongoose();
  // Client-supplied objects can never act as query operators; unknown filter paths are dropped.
  instance.set('sanitizeFilter', true);
  instance.set('strictQuery', true);
  const connection = instance.createConnection(uri, {
    dbName: options.dbName,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    // Fail fast instead of queueing operations while the database is down: the caller answers 503.
    bufferCommands: false,
    // An acknowledged write must survive a crash (majority + journal on a replica set), and a
    // write that cannot reach a majority fails in bounded time (then 503), never hangs.
    writeConcern: { w: 'majority', j: true, wtimeoutMS: options.writeTimeoutMs ?? 5_000 },
    autoIndex: true,
    // Command events feed the metrics (name and duration only; never the command's content).
    monitorCommands: true,
  });
  await connection.asPromise();
  return {
    connection,
    async ping(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const ping = (async () => {
        try {
          const db = connection.db;
          if (!db) return false;
          // hello, not ping: a member that answers but is not a writable primary cannot take writes.
          const hello = await db.command({ hello: 1 });
          return hello.isWritablePrimary === true || hello.ismaster === true;
        } catch {
          return false;
        }
      })();
      try {
        return await Promise.race([ping, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    onCommand(listener) {
      const client = connection.getClient();
      client.on('commandSucceeded', (e) => listener(e.commandName, e.duration / 1000, false));
      client.on('commandFailed', (e) => listener(e.commandName, e.duration / 1000, true));
    },
    async close() {
      await connection.close();
    },
  };
}
