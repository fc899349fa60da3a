/**
 * Writes that cannot reach a majority fail within a bounded time (wtimeout) with 503 and
 * Retry-After, never a hang; /readyz is not ready while the driver has no writable primary.
 * A MongoDB replica set in those states cannot be had here, so the member is played by a
 * wire-protocol stand-in (test/helpers/fake-mongod.ts); the driver and our code run for real.
 */
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../../src/errors.js';
import { healthRouter } from '../../src/http/health.routes.js';
import { createProblemHandler, toAppError } from '../../src/http/problem.js';
import { translateDatabaseError } from '../../src/storage/database-errors.js';
import { connectDatabase, type Database } from '../../src/storage/connection.js';
import { helloReply, portOf, startFakeMongod, type FakeMongod } from '../helpers/fake-mongod.js';

let fake: FakeMongod | undefined;
let db: Database | undefined;
afterEach(async () => {
  await db?.close().catch(() => undefined);
  await fake?.close();
  db = undefined;
  fake = undefined;
});

const isHello = (c: Record<string, unknown>) => 'hello' in c || 'ismaster' in c || 'isMaster' in c;

describe('a replica set without a majority', () => {
  it('asks for majority + journal with the configured wtimeout, and a write-concern timeout is 503 with Retry-After', async () => {
    fake = await startFakeMongod(() => ({ ok: 1 }));
    const port = portOf(fake.uri);
    fake.answer = (c) => {
      if (isHello(c)) return helloReply(true, port);
      if ('insert' in c) return { ok: 1, n: 1, writeConcernError: { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out', errInfo: { wtimeout: true } } };
      return { ok: 1 };
    };
    db = await connectDatabase(fake.uri, { dbName: 'handover', serverSelectionTimeoutMs: 1_000, writeTimeoutMs: 1_234 });
    const started = Date.now();
    const err = await db.connection.db!.collection('probe').insertOne({ a: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(Error);
    const insert = fake.commands.find((c) => 'insert' in c)!;
    expect(insert.writeConcern).toEqual({ w: 'majority', j: true, wtimeout: 1_234 });
    const problem = toAppError(err, translateDatabaseError);
    expect(problem).toMatchObject({ status: 503, code: 'database-unavailable', headers: { 'Retry-After': '5' } });
    expect(problem.code).toBe(databaseUnavailable().code);
  });

  it('a write sent to a member that is no longer primary is 503 too', async () => {
    fake = await startFakeMongod(() => ({ ok: 1 }));
    const port = portOf(fake.uri);
    fake.answer = (c) => {
      if (isHello(c)) return helloReply(true, port);
      if ('insert' in c) return { ok: 0, code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary' };
      return { ok: 1 };
    };
    db = await connectDatabase(fake.uri, { dbName: 'handover', serverSelectionTimeoutMs: 1_000 });
    const err = await db.connection.db!.collection('probe').insertOne({ a: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(toAppError(err, translateDatabaseError)).toMatchObject({ status: 503, code: 'database-unavailable' });
  });

  it('/readyz is 503 while the member is a secondary with no writable primary, and 200 once it is primary again', async () => {
    fake = await startFakeMongod(() => ({ ok: 1 }));
    const port = portOf(fake.uri);
    let primary = true;
    fake.answer = (c) => (isHello(c) ? helloReply(primary, port) : { ok: 1 });
    db = await connectDatabase(fake.uri, { dbName: 'handover', serverSelectionTimeoutMs: 1_000 });
    // The health router and the problem handler of the app, with a silent request logger.
    const silent = { info: () => undefined, error: () => undefined, warn: () => undefined };
    const app = express()
      .use((req, _res, next) => Object.assign(req, { log: silent, id: 'test' }) && next())
      .use(healthRouter(db, 1_000))
      .use(createProblemHandler(translateDatabaseError));
    expect((await request(app).get('/readyz')).status).toBe(200);
    primary = false;
    const notReady = await request(app).get('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.headers['retry-after']).toBe('5');
    expect(notReady.body).toMatchObject({ code: 'database-unavailable' });
    primary = true;
    expect((await request(app).get('/readyz')).status).toBe(200);
  });
});
