/** Recognises driver errors that mean "the database is not reachable" (answered 503, never 500). */
import mongoose from 'mongoose';
import { databaseUnavailable, type AppError } from '../errors.js';

/**
 * The driver's errors for a database it cannot reach or a client being replaced. Subclasses of
 * MongoNetworkError (a pool cleared while an operation waited for a connection:
 * MongoPoolClearedError, PoolClearedOnNetworkError) are known by class, since each names itself.
 * A server or client closed under an operation is the readiness check replacing a stuck client
 * (storage/connection.ts) or the service stopping: the operation did not run.
 */
const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongooseServerSelectionError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);

/** A reply cut off as the database stopped, which the driver reports as an unexpected response. */
const CUT_OFF_REPLY = /^(Unable to get response from server|Server ended moreToCome unexpectedly)$/;

/**
 * Socket errors the driver sometimes passes on unwrapped (seen: EPIPE when it writes a command to a
 * connection the database closed while stopping). A request handler talks to no other server
 * than the database, so in a request these mean the database went away.
 */
const SOCKET_ERROR_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * An insertMany whose batch failed for a driver reason, not by per-document write errors: the
 * driver wraps the network error in a MongoBulkWriteError that keeps its message and labels but
 * not the error itself (seen: "connection 18 to 127.0.0.1:29541 closed" while FerretDB stopped).
 */
function isBulkWriteCutOff(err: Error): boolean {
  if (err.name !== 'MongoBulkWriteError') return false;
  const bulk = err as Error & { writeErrors?: unknown[]; hasErrorLabel?: (label: string) => boolean };
  if ((bulk.writeErrors?.length ?? 0) > 0) return false;
  return Boolean(bulk.hasErrorLabel?.('ResetPool') || bulk.hasErrorLabel?.('RetryableWriteError')) || /connection .* closed|ECONNREFUSED|ECONNRESET|EPIPE|Server selection timed out|not connected/i.test(err.message);
}

/** Server codes for "no writable primary" and "a majority did not confirm the write in time". */
const NO_MAJORITY_CODES = new Set([
  10107, // NotWritablePrimary
  13435, // NotPrimaryNoSecondaryOk
  11602, // InterruptedDueToReplStateChange
  189, // PrimarySteppedDown
  64, // WriteConcernFailed (wtimeout)
  91, // ShutdownInProgress
  11600, // InterruptedAtShutdown
]);

/**
 * A write that could not reach a majority within HANDOVER_DB_WRITE_TIMEOUT_MS, or was sent to a
 * member that is not (or no longer) primary: nothing was acknowledged, retry later. A write
 * concern error may come on an otherwise successful reply (MongoWriteConcernError) or inside a
 * bulk write's result.
 */
function isNoMajority(err: Error): boolean {
  const e = err as Error & { code?: unknown; writeConcernError?: { code?: unknown }; result?: { writeConcernErrors?: { code?: unknown }[] }; errInfo?: { wtimeout?: unknown } };
  if (err.name === 'MongoWriteConcernError') return true;
  if (typeof e.code === 'number' && NO_MAJORITY_CODES.has(e.code)) return true;
  if (e.writeConcernError && typeof e.writeConcernError.code === 'number') return true;
  return (e.result?.writeConcernErrors?.length ?? 0) > 0;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNAVAILABLE.has(err.name) || err instanceof mongoose.mongo.MongoNetworkError) return true;
  if (err.name === 'MongoUnexpectedServerResponseError' && CUT_OFF_REPLY.test(err.message)) return true;
  if (isNoMajority(err)) return true;
  if (isBulkWriteCutOff(err)) return true;
  if (SOCKET_ERROR_CODES.has(String((err as { code?: unknown }).code))) return true;
  // mongoose with bufferCommands off throws a plain MongooseError when the connection is down.
  if (err instanceof mongoose.Error && /not connected|buffering|client must be connected/i.test(err.message)) return true;
  return err.cause !== undefined && err.cause !== err && isDatabaseUnavailable(err.cause);
}

/** The problem a driver error stands for: 503 database-unavailable when the database is away (or has no majority). */
export function translateDatabaseError(err: unknown): AppError | undefined {
  return isDatabaseUnavailable(err) ? databaseUnavailable(err) : undefined;
}
