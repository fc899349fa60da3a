/**
 * The SQLite fallback still works end to end (start, submit, read, feed, PDF), and says at
 * start that it is for trying the service out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { resolveDatabaseFor } from '../../src/store.js';
import { SQLITE_WARNING, type ResolvedDatabase } from '../../src/database-process/resolve-database.js';
import { as, singleAdult, submit } from '../helpers/handovers.js';
import { pdfText } from '../helpers/pdf-reader.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let dir: string;
let database: ResolvedDatabase;
let t: TestApp;
let w: World;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-sqlite-'));
  database = await resolveDatabaseFor(loadConfig({ PATH: process.env.PATH, HOME: process.env.HOME, HANDOVER_DATA_DIR: dir, HANDOVER_EMBEDDED_BACKEND: 'sqlite' }));
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { mongodbUri: database.uri });
  w = await setupWorld(t);
}, 120_000);
afterAll(async () => {
  await t.close();
  await database.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('starts FerretDB on SQLite with a warning, and submits, reads, lists and renders a handover on it', async () => {
  expect(database.kind).toBe('ferretdb-sqlite');
  expect(database.description).toMatch(/^database: embedded FerretDB v1\.24\.2 on SQLite on 127\.0\.0\.1:\d+, data in /);
  expect(database.warning).toBe(SQLITE_WARNING);
  expect(database.postgresUrl).toBeUndefined();

  const doc = singleAdult('751');
  const receipt = await submit(t, w.drk, doc);
  expect(receipt.receiptId).toBeTruthy();
  const read = await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token));
  expect(read.status, read.text).toBe(200);
  expect(read.body.document.persons[0].socialInformation.identity.familyName).toBe(doc.persons[0].socialInformation.identity.familyName);
  const feed = await request(t.app).get('/v1/municipalities/751/handovers').set(as(w.aarhus.token));
  expect(feed.body.items.map((i: { handoverId: string }) => i.handoverId)).toEqual([doc.handoverId]);
  const pdf = await request(t.app)
    .get(`/v1/handovers/${doc.handoverId}/pdf?audience=coordinating-department&lang=da`)
    .set(as(w.aarhus.token))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(pdf.status).toBe(200);
  expect(pdfText(pdf.body as Buffer)).toContain(doc.persons[0].socialInformation.identity.familyName);
});
