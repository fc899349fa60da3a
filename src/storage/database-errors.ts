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

/**
 * Socket errors the driver sometimes passes on unwrapped (seen: EPIPE when it writes a command to a
 * connection the database closed while stopping). A request handler talks to no other server
 * than the database, so in a request these mean the database went away.
 */
const SOCKET_ERROR_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNAVAILABLE.has(err.name)) return true;
  if (SOCKET_ERROR_CODES.has(String((err as { code?: unknown }).code))) return true;
  // mongoose with bufferCommands off throws a plain MongooseError when the connection is down.
  if (err instanceof mongoose.Error && /not connected|buffering|client must be connected/i.test(err.message)) return true;
  return err.cause !== undefined && err.cause !== err && isDatabaseUnavailable(err.cause);
}
