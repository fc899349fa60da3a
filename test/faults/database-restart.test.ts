/**
 * The database stopped and restarted under load: while it is down, requests get 503 with
 * Retry-After and nothing is acknowledged that is not stored; the service recovers without a
 * restart; retrying every unacknowledged request stores exactly one copy of each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it, inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseProcess } from '../../src/database-process/database-process.js';
import { ensureFerretDbBinary, startFerretDb } from '../../src/database-process/ferretdb.js';
import { findFreePort } from '../../src/database-process/free-port.js';
import { singleAdult, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp, testFerretDbBackend } from '../helpers/test-app.js';
import { setupWorld, signCompact, type World } from '../helpers/world.js';

const TOTAL = 300;
const CONCURRENCY = 6;

let dir: string;
let binary: string;
let port: number;
let server: DatabaseProcess;
let t: TestApp;
let w: World;
beforeAll(async () => {
  binary = (await ensureFerretDbBinary(loadConfig(process.env).cacheDir, process.env.PATH))!;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-dbfault-'));
  port = await findFreePort();
  server = await startFerretDb(binary, dir, testFerretDbBackend(), port);
  t = await startTestApp({}, { mongodbUri: server.uri, ...(inject('postgresUrl') ? { postgresUrl: inject('postgresUrl') } : {}) });
  w = await setupWorld(t);
});
afterAll(async () => {
  await t.close();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Attempt {
  doc: Doc;
  jws: string;
  statuses: number[];
  receipt?: Doc;
}

/** Answers other than stored or unavailable, with their problem, so a failure says what escaped (the service logs its cause under the request id). */
const unexpected: string[] = [];

// The driver's view of the server (SDAM events), kept to explain a recovery that does not come.
const sdam: string[] = [];
const started = Date.now();
function recordSdam(): void {
  const client = t.deps.db.connection.getClient();
  const note = (name: string, detail: string) => {
    sdam.push(`${((Date.now() - started) / 1000).toFixed(2)} ${name} ${detail}`);
    if (sdam.length > 200) sdam.shift();
  };
  client.on('serverHeartbeatFailed', (e) => note('heartbeat-failed', `${e.connectionId} ${e.failure?.message ?? ''}`));
  client.on('serverHeartbeatSucceeded', (e) => note('heartbeat-ok', e.connectionId));
  client.on('serverDescriptionChanged', (e) => note('description', `${e.previousDescription.type} -> ${e.newDescription.type} ${e.newDescription.error?.message ?? ''}`));
  client.on('connectionPoolCleared', () => note('pool-cleared', ''));
  client.on('connectionPoolReady', () => note('pool-ready', ''));
}

it('answers 503 with Retry-After while the database is down, acknowledges only what is stored, and recovers without a restart', async () => {
  recordSdam();
  const attempts: Attempt[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const doc = singleAdult('751');
    attempts.push({ doc, jws: await signCompact(doc, w.drk.key), statuses: [] });
  }
  const send = async (a: Attempt) => {
    const res = await request(t.app).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).set('Content-Type', 'application/jose').send(Buffer.from(a.jws));
    a.statuses.push(res.status);
    if (res.status === 503) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    if (res.status === 201 || res.status === 200) a.receipt = res.body;
    else if (res.status !== 503) unexpected.push(`${res.status} ${res.body?.code ?? ''} ${res.body?.instance ?? ''} ${res.body?.detail ?? ''}`);
    return res.status;
  };
  let next = 0;
  const client = async () => {
    while (next < attempts.length) await send(attempts[next++]!);
  };
  const outage = (async () => {
    // Let the load build up, then take the database away for a few seconds.
    while (next < TOTAL / 4) await new Promise((r) => setTimeout(r, 20));
    await server.stop();
    await new Promise((r) => setTimeout(r, 4000));
    server = await startFerretDb(binary, dir, testFerretDbBackend(), port);
  })();
  await Promise.all([...Array.from({ length: CONCURRENCY }, client), outage]);

  const all = attempts.flatMap((a) => a.statuses);
  const unavailable = all.filter((s) => s === 503).length;
  expect(unavailable).toBeGreaterThan(0);
  // Nothing but stored (201), unavailable (503): no other error while the database was away.
  expect(all.filter((s) => s !== 201 && s !== 503), unexpected.join('\n')).toEqual([]);

  // Recovered without a restart: the same app instance becomes ready again once the driver has
  // rediscovered the database (its heartbeat decides when; a client that stays stuck is replaced by the
  // readiness check, storage/connection.ts), then each unacknowledged one is retried.
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    ready = (await request(t.app).get('/readyz')).status === 200;
    if (!ready) await new Promise((r) => setTimeout(r, 500));
  }
  // When it does not, FerretDB's own log says why (the data dir is removed after the run).
  const ferretLog = () => (fs.existsSync(path.join(dir, 'ferretdb.log')) ? fs.readFileSync(path.join(dir, 'ferretdb.log'), 'utf8').slice(-4000) : 'no ferretdb.log');
  let diagnosis = '';
  if (!ready) {
    const { MongoClient } = await import('mongodb');
    const fresh = new MongoClient(server.uri, { serverSelectionTimeoutMS: 3000 });
    diagnosis = await fresh.db('admin').command({ ping: 1 }).then(() => 'a fresh client reaches FerretDB', (e: Error) => `a fresh client fails too: ${e.name} ${e.message}`);
    await fresh.close();
    const pingErr = await t.deps.db.connection.db!.command({ ping: 1 }).then(() => 'app ping ok', (e: Error) => `app ping: ${e.name} ${e.message}`);
    diagnosis += `; ${pingErr}; driver events:\n${sdam.join('\n')}\nferretdb.log: ${ferretLog()}`;
  }
  expect(ready, diagnosis).toBe(true);
  for (const a of attempts.filter((x) => !x.receipt)) {
    for (let i = 0; i < 20 && !a.receipt; i++) {
      const status = await send(a);
      if (status === 503) await new Promise((r) => setTimeout(r, 500));
    }
    expect(a.receipt, `${a.doc.handoverId}: ${a.statuses.join(',')}`).toBeDefined();
  }
  // Exactly one copy of each; every receipt names the stored bytes.
  const db = t.deps.db.connection.db!;
  expect(await db.collection('handover_versions').countDocuments({})).toBe(TOTAL);
  expect(await db.collection('handover_contents').countDocuments({})).toBe(TOTAL);
  for (const a of attempts) {
    const stored = await t.deps.handovers.findVersion(a.doc.handoverId, 1);
    expect(stored!.receipt.receiptId).toBe(a.receipt!.receiptId);
  }
  const retried = attempts.filter((a) => a.statuses.length > 1);
  const replayed = attempts.filter((a) => a.statuses.includes(200));
  process.stdout.write(`database restart fault test: ${TOTAL} submissions, ${unavailable} answered 503 while down, ${retried.length} retried, ${replayed.length} of them already stored (200 + original receipt), 0 duplicates, database client replaced ${t.deps.db.recoveries} time(s)\n`);
});
