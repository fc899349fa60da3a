/** Which errors mean "the database is not reachable" (503 with Retry-After) rather than a fault (500). */
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/storage/database-errors.js';

const withCode = (code: string) => Object.assign(new Error('This socket has been ended by the other party'), { code });

describe('isDatabaseUnavailable', () => {
  it('knows the driver\'s network and selection errors, also as the cause of another error', () => {
    const selection = Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' });
    expect(isDatabaseUnavailable(selection)).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: selection }))).toBe(true);
  });

  it('knows a socket error the driver passed on unwrapped (EPIPE while the database stops)', () => {
    for (const code of ['EPIPE', 'ECONNRESET', 'ECONNREFUSED']) expect(isDatabaseUnavailable(withCode(code))).toBe(true);
  });

  it('knows a bulk insert cut off by the network (the driver wraps the network error, keeping only its message and labels)', () => {
    const network = new mongoose.mongo.MongoNetworkError('connection 18 to 127.0.0.1:29541 closed');
    const bulk = new mongoose.mongo.MongoBulkWriteError(network as never, {} as never);
    expect(bulk.name).toBe('MongoBulkWriteError');
    expect(isDatabaseUnavailable(bulk)).toBe(true);
    // Per-document write errors (a duplicate key, say) are not unavailability.
    const duplicate = new mongoose.mongo.MongoBulkWriteError({ message: 'E11000 duplicate key', code: 11000, writeErrors: [{ code: 11000 }] } as never, {} as never);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
  });

  it('knows a server or client closed under an operation, a pool cleared while it waited, and a reply cut off', () => {
    // The driver's own classes where it exports them; the pool's errors as it names them.
    expect(isDatabaseUnavailable(new mongoose.mongo.MongoServerClosedError())).toBe(true);
    expect(isDatabaseUnavailable(new mongoose.mongo.MongoClientClosedError())).toBe(true);
    expect(isDatabaseUnavailable(new mongoose.mongo.MongoUnexpectedServerResponseError('Unable to get response from server'))).toBe(true);
    class PoolClearedOnNetworkError extends mongoose.mongo.MongoNetworkError {
      override get name() {
        return 'PoolClearedOnNetworkError';
      }
    }
    expect(isDatabaseUnavailable(new PoolClearedOnNetworkError('Connection to 127.0.0.1:27017 interrupted due to server monitor timeout'))).toBe(true);
    for (const name of ['MongoPoolClosedError', 'MongoWaitQueueTimeoutError']) expect(isDatabaseUnavailable(Object.assign(new Error('pool'), { name }))).toBe(true);
    // An unexpected reply that is not a cut-off one stays a fault.
    expect(isDatabaseUnavailable(new mongoose.mongo.MongoUnexpectedServerResponseError('Cursor document did not contain a batch'))).toBe(false);
  });

  it('does not excuse other errors', () => {
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('ENOENT'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('E11000 duplicate key'), { name: 'MongoServerError', code: 11000 }))).toBe(false);
    expect(isDatabaseUnavailable('EPIPE')).toBe(false);
  });
});
