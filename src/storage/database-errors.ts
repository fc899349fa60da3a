/** Recognises driver errors that mean "the database is not reachable" (answered 503, never 500). */
import mongoose from 'mongoose';

const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongooseServerSelectionError',
  'MongoPoolClearedError',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNAVAILABLE.has(err.name)) return true;
  // mongoose with bufferCommands off throws a plain MongooseError when the connection is down.
  if (err instanceof mongoose.Error && /not connected|buffering|client must be connected/i.test(err.message)) return true;
  return err.cause !== undefined && err.cause !== err && isDatabaseUnavailable(err.cause);
}
