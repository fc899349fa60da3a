/**
 * Reliability catalogue 22, 31 and 32 outside the signed documents (the mutation corpus covers
 * those): operator objects in query strings and JSON bodies, repeated and nested query
 * parameters, malformed ids, and multipart forms with empty or deeply nested field names. Each
 * is a 4xx problem naming the field, never a 5xx, never another tenant's data.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, singleAdult, submit } from '../helpers/handovers.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, signCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let ownId: string;
let othersId: string;
beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
  const own = singleAdult('751');
  const others = singleAdult('730');
  await submit(t, w.drk, own);
  await submit(t, w.drk, others);
  ownId = own.handoverId;
  othersId = others.handoverId;
});
afterAll(() => t.close());

function expectClientError(res: { status: number; headers: Record<string, unknown>; text: string }) {
  expect(res.status, res.text).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text).toBeLessThan(500);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  // Never another municipality's handover in an error (or anywhere in the answer).
  expect(res.text).not.toContain(othersId);
}

describe('operator objects and repeated parameters in query strings (catalogue 31)', () => {
  it.each([
    'limit[$gt]=0',
    'after[$ne]=x',
    'arrivingFrom[$where]=sleep(1000)',
    'urgent[$expr][$eq]=1',
    'limit=10&limit=20',
    'unacknowledged[]=true',
    '__proto__[admin]=1',
    'constructor[prototype][x]=1',
  ])('feed ?%s -> 400 naming the parameter', async (query) => {
    const res = await request(t.app).get(`/v1/municipalities/751/handovers?${query}`).set(as(w.aarhus.token));
    expectClientError(res);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].pointer).toMatch(/^\/query\//);
  });

  it('an operator in the audience or version of a PDF or a read is refused the same way', async () => {
    for (const path of [`/v1/handovers/${ownId}?version[$gt]=0`, `/v1/handovers/${ownId}/pdf?audience[$ne]=gp`, `/v1/handovers?status[$in][]=submitted`]) {
      const token = path.startsWith('/v1/handovers?') ? w.drk.token : w.aarhus.token;
      expectClientError(await request(t.app).get(path).set(as(token)));
    }
  });
});

describe('operator objects in JSON bodies (catalogue 31)', () => {
  it.each([
    ['acknowledgement', () => `/v1/handovers/${ownId}/acknowledgements`, { caseworker: { $ne: '' } }],
    ['acknowledgement with $where', () => `/v1/handovers/${ownId}/acknowledgements`, { $where: 'sleep(1000)' }],
    ['GP assignment', () => `/v1/handovers/${ownId}/gp-assignments`, { personRef: { $gt: '' }, gpOrganisationId: 'x' }],
    ['consent change', () => `/v1/handovers/${ownId}/consent-changes`, { personRef: { $expr: { $eq: [1, 1] } } }],
  ])('%s -> 4xx naming the field, nothing recorded', async (_what, path, body) => {
    const before = await submittedCounts(t.deps);
    const res = await request(t.app).post(path()).set(as(w.aarhus.token)).send(body);
    expectClientError(res);
    expect(JSON.parse(res.text).errors?.length ?? 0).toBeGreaterThan(0);
    expect(await submittedCounts(t.deps)).toEqual(before);
    expect(await t.deps.recipientDeps.recipients.acknowledgements(ownId, [1])).toHaveLength(0);
  });

  it('a webhook URL given as an operator object is refused', async () => {
    const res = await request(t.app).put('/v1/municipalities/751/webhook').set(as(w.aarhus.token)).send({ url: { $ne: null } });
    expectClientError(res);
  });
});

describe('malformed ids (catalogue 32)', () => {
  it.each([
    '{"$ne":null}',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    'x'.repeat(5000),
    '12345',
    '00000000-0000-0000-0000-000000000000',
    `${'%E2%80%AE'}abc`,
  ])('GET /v1/handovers/%s and its PDF, status and attachment -> 400 or 404, never 500', async (id) => {
    for (const path of [`/v1/handovers/${id}`, `/v1/handovers/${id}/pdf`, `/v1/handovers/${id}/status`, `/v1/handovers/${id}/versions/1/attachments/A1`, `/v1/handovers/${id}/versions/x/attachments/..`]) {
      const res = await request(t.app).get(path).set(as(w.aarhus.token));
      expectClientError(res);
      expect([400, 404]).toContain(res.status);
    }
  });

  it('another municipality\'s real id answers exactly like an unknown one', async () => {
    const other = await request(t.app).get(`/v1/handovers/${othersId}`).set(as(w.aarhus.token));
    const unknown = await request(t.app).get(`/v1/handovers/${crypto.randomUUID()}`).set(as(w.aarhus.token));
    expect(other.status).toBe(404);
    expect({ ...JSON.parse(other.text), instance: '' }).toEqual({ ...JSON.parse(unknown.text), instance: '' });
  });
});

describe('malformed multipart forms (catalogue 22)', () => {
  const boundary = 'HostileFormBoundary';
  const send = (parts: string) =>
    request(t.app)
      .post('/v1/handovers')
      .set(as(w.drk.token))
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(`${parts}--${boundary}--\r\n`);
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

  it.each([
    ['an empty field name', () => part('', 'x')],
    ['a deeply nested field name', () => part(`jws${'[a]'.repeat(500)}`, 'x')],
    ['a prototype field name', () => part('__proto__[polluted]', 'yes')],
    ['fields beyond the limit', () => Array.from({ length: 50 }, (_, i) => part(`f${i}`, 'x')).join('')],
    ['a part without headers', () => `--${boundary}\r\n\r\nno headers\r\n`],
  ])('%s -> 400 or 413, nothing stored, the process fine', async (_what, parts) => {
    const before = await submittedCounts(t.deps);
    const jws = await signCompact(singleAdult(), w.drk.key);
    const res = await send(part('jws', jws) + parts());
    expectClientError(res);
    expect([400, 413]).toContain(res.status);
    expect(await submittedCounts(t.deps)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  });
});
