/** The mongoose connection: one per service, configured for durable writes and safe queries. */
import mongoose from 'mongoose';

export interface Database {
  readonly connection: mongoose.Connection;
  /** True when the server answers a ping within timeoutMs. */
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  dbName: string;
  /** How long an operation waits for a reachable server before failing. */
  serverSelectionTimeoutMs: number;
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
    // An acknowledged write must survive a crash (majority + journal on a replica set).
    writeConcern: { w: 'majority', j: true },
    autoIndex: true,
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
          await db.command({ ping: 1 });
          return true;
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
    async close() {
      await connection.close();
    },
  };
}
