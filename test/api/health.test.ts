import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ensureFerretDbBinary, startFerretDb } from '../../src/database-process/ferretdb.js';
import type { DatabaseProcess } from '../../src/database-process/database-process.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp, testFerretDbBackend } from '../helpers/test-app.js';

describe('health probes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /healthz says the process is alive', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz says the database is reachable', async () => {
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });
});

describe('readiness follows the database without a restart of the service', () => {
  // A database of this test's own, so stopping it does not disturb other files.
  let dir: string;
  let binary: string;
  let server: DatabaseProcess;
  let t: TestApp;

  beforeAll(async () => {
    binary = (await ensureFerretDbBinary(loadConfig(process.env).cacheDir, process.env.PATH))!;
    expect(binary).toBeTruthy();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-readyz-'));
    server = await startFerretDb(binary, dir, testFerretDbBackend());
    t = await startTestApp({}, { mongodbUri: server.uri, ...(inject('postgresUrl') ? { postgresUrl: inject('postgresUrl') } : {}) });
  });
  afterAll(async () => {
    await t.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is 503 problem+json with Retry-After while the database is stopped, and 200 once it is back', async () => {
    expect((await request(t.app).get('/readyz')).status).toBe(200);

    await server.stop();
    const down = await request(t.app).get('/readyz');
    const body = expectProblem(down, 503, 'database-unavailable');
    expect(body.detail).toBe('nothing was stored; retry later');
    expect(down.headers['retry-after']).toBe('5');
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    // An API call that needs the database answers 503 too (never 500), and acknowledges nothing.
    const submit = await request(t.app).post('/v1/handovers').set('Authorization', `Bearer hx1.${'0'.repeat(24)}.${'A'.repeat(43)}`).set('Content-Type', 'application/jose').send(Buffer.from('a.b.c'));
    expectProblem(submit, 503, 'database-unavailable');
    expect(submit.headers['retry-after']).toBe('5');

    server = await startFerretDb(binary, dir, testFerretDbBackend(), server.port);
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await request(t.app).get('/readyz')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });
});
