/** Notifications: signed, small, delivered through the outbox with retries, across a restart, failures visible. */
import { compactVerify, createLocalJWKSet } from 'jose';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { as, nextVersion, singleAdult, submit, withdraw } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, uniqueDbName, type TestApp } from '../helpers/test-app.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { setupWorld, type World } from '../helpers/world.js';

const FAST_RETRIES = {
  HANDOVER_WEBHOOK_ALLOW_HTTP: 'true',
  HANDOVER_WEBHOOK_ALLOW_PRIVATE: 'true',
  HANDOVER_WEBHOOK_RETRY_BASE_MS: '100',
  HANDOVER_WEBHOOK_RETRY_MAX_MS: '400',
  HANDOVER_WEBHOOK_POLL_MS: '50',
  HANDOVER_WEBHOOK_MAX_ATTEMPTS: '4',
  HANDOVER_WEBHOOK_TIMEOUT_MS: '2000',
};

let t: TestApp;
let w: World;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestApp(FAST_RETRIES);
  w = await setupWorld(t);
});
afterAll(() => t.close());
afterEach(async () => {
  await receiver?.close();
});

const register = (url: string, app = t, token = w.aarhus.token) => request(app.app).put('/v1/municipalities/751/webhook').set(as(token)).send({ url });
const webhookStatus = (q = '', app = t, token = w.aarhus.token) => request(app.app).get(`/v1/municipalities/751/webhook${q}`).set(as(token));

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function claimsOf(jws: string, app = t) {
  const jwks = (await request(app.app).get('/.well-known/jwks.json')).body;
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks));
  return { header: protectedHeader, claims: JSON.parse(new TextDecoder().decode(payload)) };
}

describe('registering a webhook', () => {
  it('accepts the municipality\'s own URL and shows it back; refuses bad URLs with the field named', async () => {
    receiver = await startReceiver();
    const res = await register(receiver.url);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ municipalityCode: '751', url: receiver.url, registeredBy: 'aarhus' });
    expect((await webhookStatus()).body).toMatchObject({ webhook: { url: receiver.url }, failedCount: 0 });
    for (const url of ['ftp://example.org/x', 'not a url', 'https://user:secret@example.org/hook', '']) {
      const body = expectProblem(await register(url), 422, 'validation-failed');
      expect(body.errors![0]!.pointer).toBe('/url');
    }
    expectProblem(await request(t.app).put('/v1/municipalities/730/webhook').set(as(w.aarhus.token)).send({ url: receiver.url }), 404, 'not-found');
    expectProblem(await request(t.app).put('/v1/municipalities/751/webhook').set(as(w.drk.token)).send({ url: receiver.url }), 403, 'forbidden');
  });

  it('requires https unless http is explicitly allowed', async () => {
    const strict = await startTestApp();
    try {
      const sw = await setupWorld(strict);
      const body = expectProblem(await register('http://127.0.0.1:9/hook', strict, sw.aarhus.token), 422, 'validation-failed');
      expect(body.errors![0]!.message).toMatch(/https/);
      expect((await register('https://sag.aarhus.dk/hooks/handover', strict, sw.aarhus.token)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('delivering notifications', () => {
  it('POSTs a signed notification with no personal data beyond the handover id and arrival date, for new versions and withdrawals', async () => {
    receiver = await startReceiver();
    await register(receiver.url);
    const doc = singleAdult();
    await submit(t, w.drk, doc);
    const [first] = await receiver.waitFor(1);
    expect(first!.contentType).toBe('application/jose');
    const { header, claims } = await claimsOf(first!.body);
    expect(header.typ).toBe('handover-notification+jws');
    expect(claims).toEqual({
      type: 'handover-notification',
      notificationId: expect.stringMatching(/^ntf_/),
      event: 'version-received',
      handoverId: doc.handoverId,
      version: 1,
      municipalityCode: '751',
      expectedArrivalDate: doc.expectedArrival.date,
      occurredAt: expect.any(String),
      href: `/v1/handovers/${doc.handoverId}?version=1`,
      issuer: 'handover-exchange',
    });
    const name = doc.persons[0].socialInformation.identity.familyName;
    expect(Buffer.from(first!.body.split('.')[1]!, 'base64url').toString()).not.toContain(name);

    await submit(t, w.drk, nextVersion(doc));
    await withdraw(t, w.drk, doc.handoverId, 2);
    await receiver.waitFor(3);
    const events = await Promise.all(receiver.received.map(async (r) => (await claimsOf(r.body)).claims));
    expect(events.map((e) => [e.event, e.version])).toEqual([['version-received', 1], ['version-received', 2], ['version-withdrawn', 2]]);
    const status = await until(() => webhookStatus('?status=delivered'), (r) => r.body.deliveries.length === 3);
    expect(status.body.deliveries.every((d: any) => d.attempts === 1 && d.deliveredAt)).toBe(true);
  });

  it('retries after the receiver answers 500, with growing waits, until it succeeds', async () => {
    receiver = await startReceiver();
    receiver.respondWith(500);
    await register(receiver.url);
    const doc = singleAdult();
    await submit(t, w.drk, doc);
    await receiver.waitFor(2);
    receiver.respondWith(200);
    await receiver.waitFor(3);
    const delivered = await until(() => webhookStatus('?status=delivered'), (r) => r.body.deliveries.some((d: any) => d.handoverId === doc.handoverId));
    const d = delivered.body.deliveries.find((x: any) => x.handoverId === doc.handoverId);
    expect(d.attempts).toBe(3);
    const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(45); // first retry after >= base/2
    // every attempt carried the same signed notification
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
  });

  it('stops after the configured attempts and shows the failure to the municipality, which can send it again', async () => {
    receiver = await startReceiver();
    receiver.respondWith(503);
    await register(receiver.url);
    const doc = singleAdult();
    await submit(t, w.drk, doc);
    const failed = await until(() => webhookStatus('?status=failed'), (r) => r.body.deliveries.some((d: any) => d.handoverId === doc.handoverId));
    const d = failed.body.deliveries.find((x: any) => x.handoverId === doc.handoverId);
    expect(d).toMatchObject({ status: 'failed', attempts: 4, lastError: 'HTTP 503' });
    expect(failed.body.failedCount).toBeGreaterThanOrEqual(1);
    expect(receiver.received).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received).toHaveLength(4); // no fifth attempt

    receiver.respondWith(204);
    const retried = await request(t.app).post('/v1/municipalities/751/webhook/retries').set(as(w.aarhus.token)).send({});
    expect(retried.status).toBe(200);
    expect(retried.body.requeued).toBeGreaterThanOrEqual(1);
    await until(() => webhookStatus('?status=delivered'), (r) => r.body.deliveries.some((x: any) => x.handoverId === doc.handoverId));
    expect((await webhookStatus()).body.failedCount).toBe(0);
  });

  it('survives a restart: a notification that could not be delivered is delivered by the next process', async () => {
    const dbName = uniqueDbName();
    const down = await startReceiver();
    const port = Number(new URL(down.url).port);
    await down.close(); // nothing listens: connection refused
    const first = await startTestApp({ ...FAST_RETRIES, HANDOVER_DB_NAME: dbName, HANDOVER_WEBHOOK_RETRY_BASE_MS: '300' });
    const w1 = await setupWorld(first);
    await register(down.url, first, w1.aarhus.token);
    const doc = singleAdult();
    await submit(first, w1.drk, doc);
    const pending = await until(() => webhookStatus('', first, w1.aarhus.token), (r) => r.body.deliveries[0]?.attempts >= 1);
    expect(pending.body.deliveries[0]).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/ECONNREFUSED|fetch failed/) });
    await first.close({ keepData: true });

    receiver = await startReceiver(port);
    const second = await startTestApp({ ...FAST_RETRIES, HANDOVER_DB_NAME: dbName });
    try {
      const [got] = await receiver.waitFor(1);
      expect((await claimsOf(got!.body, second)).claims).toMatchObject({ handoverId: doc.handoverId, event: 'version-received' });
      await until(() => second.deps.notifications.outbox.deliveries('751', { limit: 10 }), (ds) => ds[0]?.status === 'delivered');
    } finally {
      await second.close();
    }
  });

  it('sends nothing to a municipality without a webhook, and nothing to another municipality\'s endpoint', async () => {
    receiver = await startReceiver();
    await register(receiver.url);
    const elsewhere = singleAdult('730');
    await submit(t, w.drk, elsewhere);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(0);
    expect(await t.deps.notifications.outbox.deliveries('730', { limit: 10 })).toEqual([]);
  });
});

describe("a sender's webhook", () => {
  const registerSender = (url: string, token = w.drk.token, org = 'drk-asylum') => request(t.app).put(`/v1/senders/${org}/webhook`).set(as(token)).send({ url });

  it('is the sender’s own: registered and shown back to it, not to another sender or a municipality', async () => {
    receiver = await startReceiver();
    const res = await registerSender(receiver.url);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ organisationId: 'drk-asylum', url: receiver.url, registeredBy: 'drk-asylum' });
    expectProblem(await registerSender(receiver.url, w.drk.token, 'iom-kampala'), 404, 'not-found');
    expectProblem(await registerSender(receiver.url, w.aarhus.token), 403, 'forbidden');
    expect((await request(t.app).get('/v1/senders/drk-asylum/webhook').set(as(w.drk.token))).body).toMatchObject({ organisationId: 'drk-asylum', webhook: { url: receiver.url }, failedCount: 0 });
  });

  it('tells the sender, signed and without personal data, when a municipality asks about a version and when it acknowledges one (with the outcome), once each', async () => {
    receiver = await startReceiver();
    await registerSender(receiver.url);
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/questions`).set(as(w.aarhus.token)).send({ text: 'Hvor længe rækker medicinen?' }).expect(201);
    const ack = { outcome: 'error', reason: 'Medicinlisten mangler' };
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/acknowledgements`).set(as(w.aarhus.token)).send(ack).expect(201);
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/acknowledgements`).set(as(w.aarhus.token)).send(ack).expect(200);
    await receiver.waitFor(2);
    const claims = await Promise.all(receiver.received.map(async (r) => (await claimsOf(r.body)).claims));
    expect(claims).toEqual([
      { type: 'handover-notification', notificationId: expect.stringMatching(/^ntf_/), event: 'question-asked', handoverId: doc.handoverId, version: 1, municipalityCode: '751', questionNumber: 1, href: `/v1/handovers/${doc.handoverId}/questions`, occurredAt: expect.any(String), issuer: 'handover-exchange' },
      { type: 'handover-notification', notificationId: expect.stringMatching(/^ntf_/), event: 'version-acknowledged', handoverId: doc.handoverId, version: 1, municipalityCode: '751', outcome: 'error', href: `/v1/handovers/${doc.handoverId}/status`, occurredAt: expect.any(String), issuer: 'handover-exchange' },
    ]);
    const payloads = receiver.received.map((r) => Buffer.from(r.body.split('.')[1]!, 'base64url').toString()).join();
    for (const secret of ['Hvor længe', 'Medicinlisten', doc.persons[0].socialInformation.identity.familyName]) expect(payloads).not.toContain(secret);
    const status = await until(() => request(t.app).get('/v1/senders/drk-asylum/webhook?status=delivered').set(as(w.drk.token)), (r) => r.body.deliveries.length >= 2);
    expect(status.body.deliveries.slice(0, 2).map((d: any) => d.event).sort()).toEqual(['question-asked', 'version-acknowledged']);
    // The repeated acknowledgement queued nothing new.
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(2);
    await request(t.app).delete('/v1/senders/drk-asylum/webhook').set(as(w.drk.token)).expect(204);
  });
});
