/**
 * Reliability catalogue 23, 35 and 36, through the real server (the one `npm start` listens with):
 * uploads aborted mid-stream, slow clients, and more large submissions at once than the service
 * takes.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { family, familyFile } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, signCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let server: Server;
let port: number;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_REQUEST_TIMEOUT_MS: '1500', HANDOVER_MAX_CONCURRENT_SUBMISSIONS: '2' });
  w = await setupWorld(t);
  server = createHttpServer(t.app, t.config);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a raw connection; resolves with what the server sent once it closes the connection. */
function rawConnection() {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<{ received: string; at: number }>((resolve) => socket.on('close', () => resolve({ received, at: performance.now() })));
  return { socket, closed };
}

async function healthy() {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return res.status;
}

/** Waits until check() holds or the time is up; returns its last value. */
async function eventually<T>(check: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (ok(v) || Date.now() > end) return v;
    await sleep(100);
  }
}

describe('slow clients (catalogue 35)', () => {
  it('closes connections that trickle their headers or body past the deadline, and keeps serving others meanwhile', async () => {
    const started = performance.now();
    const slowHeaders = Array.from({ length: 20 }, () => rawConnection());
    const slowBodies = Array.from({ length: 20 }, () => rawConnection());
    for (const c of slowHeaders) c.socket.write('POST /v1/validate HTTP/1.1\r\nHost: x\r\n');
    for (const c of slowBodies) c.socket.write('POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    const trickle = setInterval(() => {
      for (const c of slowHeaders) if (!c.socket.destroyed) c.socket.write('X');
      for (const c of slowBodies) if (!c.socket.destroyed) c.socket.write(' ');
    }, 200);
    try {
      // Valid traffic is served while forty connections hang.
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        statuses.push(await healthy());
        await sleep(50);
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
      const closed = await Promise.all([...slowHeaders, ...slowBodies].map((c) => c.closed));
      // The deadline is 1.5 s, checked every 750 ms: every connection is gone within a few seconds, not held.
      for (const c of closed) expect(c.at - started).toBeLessThan(8_000);
      // They were told why (408), not just dropped.
      expect(closed.filter((c) => c.received.startsWith('HTTP/1.1 408')).length).toBeGreaterThan(30);
    } finally {
      clearInterval(trickle);
    }
    expect(await healthy()).toBe(200);
  });
});

describe('a declared body over the limit (catalogue 34)', () => {
  /** Sends only the headers, never the body, and returns the whole answer once the server closes the connection. */
  async function headersOnly(head: string) {
    const c = rawConnection();
    c.socket.write(`${head}\r\n\r\n`);
    return (await c.closed).received;
  }
  const problemOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it.each([
    ['a dry-run validation', 'POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json', 2 * 1024 * 1024],
    ['a compact submission', 'POST /v1/handovers HTTP/1.1\r\nHost: x\r\nContent-Type: application/jose', 2 * 1024 * 1024],
    ['a multipart submission', 'POST /v1/handovers HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b', 4 * 2 * 1024 * 1024 + 20 * 25 * 1024 * 1024 + 1024 * 1024],
  ])('refuses %s whose Content-Length is over the limit with 413 before reading its body (not 408 after waiting for it), and closes the connection', async (_what, head, limit) => {
    const answer = await headersOnly(`${head}\r\nAuthorization: Bearer ${w.drk.token}\r\nContent-Length: ${limit + 1}`);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json/i);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(problemOf(answer)).toEqual({
      type: 'https://handover-exchange.dk/problems/payload-too-large',
      title: 'The body is larger than allowed',
      status: 413,
      detail: `the limit is ${limit} bytes`,
      instance: expect.stringMatching(/^urn:request:/),
      code: 'payload-too-large',
    });
    expect(await healthy()).toBe(200);
  });
});

describe('uploads aborted mid-stream (catalogue 23)', () => {
  it('leaves no file, chunk, open handle or retained memory behind after 40 aborted uploads', async () => {
    const jws = await signCompact(family(), w.drk.key);
    const before = await submittedCounts(t.deps);
    const handlesBefore = process.getActiveResourcesInfo().length;
    const heapBefore = process.memoryUsage().heapUsed;
    const big = Buffer.concat([familyFile, Buffer.alloc(2 * 1024 * 1024, 0x20)]);
    const boundary = 'AbortedUploadBoundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="jws"\r\n\r\n${jws}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="operation-kabul-2022.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const c = rawConnection();
          c.socket.write(
            `POST /v1/handovers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${w.drk.token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + big.length + 100}\r\n\r\n`,
          );
          c.socket.write(head);
          // Part of the file, at a different point each time, then the client is gone.
          c.socket.write(big.subarray(0, 64 * 1024 * (1 + i)));
          await sleep(30 + 10 * i);
          c.socket.destroy();
          await c.closed;
        }),
      );
    }
    // Nothing of them is stored, and nothing is left open in the process.
    expect(await eventually(() => submittedCounts(t.deps), (c) => JSON.stringify(c) === JSON.stringify(before))).toEqual(before);
    expect(await eventually(async () => process.getActiveResourcesInfo().length, (n) => n <= handlesBefore + 2)).toBeLessThanOrEqual(handlesBefore + 2);
    // 40 x up to 640 KB went through; none of it is held (a generous bound: no gc is forced).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(await healthy()).toBe(200);
    // And a complete upload still works afterwards. On a loaded machine the server may not yet have
    // seen every aborted connection close when this arrives: a 429 then is what the admission
    // promises, and the client retries after Retry-After, as a real one would. A slot that leaked
    // would make every retry fail.
    let ok = await request(server).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).field('jws', jws).attach('attachments', familyFile, { filename: 'operation-kabul-2022.pdf', contentType: 'application/pdf' });
    for (let retry = 0; retry < 5 && ok.status === 429; retry++) {
      await sleep(Number(ok.headers['retry-after']) * 1000);
      ok = await request(server).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).field('jws', jws).attach('attachments', familyFile, { filename: 'operation-kabul-2022.pdf', contentType: 'application/pdf' });
    }
    expect(ok.status, ok.text).toBe(201);
  });
});

describe('many large submissions at once (catalogue 36)', () => {
  it('answers each with 201 or 429 and Retry-After (no other status), stores exactly the accepted ones, and takes the rest on retry', async () => {
    const docs = Array.from({ length: 12 }, () => family());
    const signed = await Promise.all(docs.map((d) => signCompact(d, w.drk.key)));
    const before = await submittedCounts(t.deps);
    const send = (jws: string) => request(server).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).field('jws', jws).attach('attachments', familyFile, { filename: 'operation-kabul-2022.pdf', contentType: 'application/pdf' });
    const first = await Promise.all(signed.map(send));
    const statuses = first.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 429), JSON.stringify(statuses)).toBe(true);
    const accepted = statuses.filter((s) => s === 201).length;
    expect(accepted).toBeGreaterThanOrEqual(2);
    expect(accepted).toBeLessThan(12);
    for (const r of first.filter((r) => r.status === 429)) {
      expectProblem(r, 429, 'too-many-submissions');
      expect(r.headers['retry-after']).toBe('1');
    }
    expect((await submittedCounts(t.deps)).handovers).toBe(before.handovers + accepted);
    expect((await submittedCounts(t.deps)).files).toBe(before.files + accepted);
    // Retried one at a time, as Retry-After asks: every one is taken, exactly once.
    for (const [i, r] of first.entries()) if (r.status === 429) expect((await send(signed[i]!)).status).toBe(201);
    const after = await submittedCounts(t.deps);
    expect(after.handovers).toBe(before.handovers + 12);
    expect(after.files).toBe(before.files + 12);
  });
});
