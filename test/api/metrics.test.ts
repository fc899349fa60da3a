/**
 * GET /metrics for operators: Prometheus text, only with the metrics token; counts by route
 * pattern, status, audit action and outcome (so submissions by problem code), database command
 * and delivery; and nothing personal or client-chosen in a label.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, singleAdult, submit } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

const TOKEN = 'metrics-token-for-tests-only-0123456789abcdef';
let t: TestApp;
let w: World;
let doc: ReturnType<typeof singleAdult>;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_METRICS_TOKEN: TOKEN });
  w = await setupWorld(t);
  doc = singleAdult('751');
  await submit(t, w.drk, doc);
  await postCompact(t, w.drk.token, `${await signCompact(singleAdult('751'), w.drk.key)}\n`);
  await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token));
  await request(t.app).get(`/v1/handovers/${crypto.randomUUID()}`).set(as(w.aarhus.token));
});
afterAll(() => t.close());

const scrape = async () => {
  const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text;
};
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}()[\]."+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('GET /metrics', () => {
  it('counts requests by route pattern and status, never by path', async () => {
    const text = await scrape();
    expect(value(text, 'handover_http_requests_total{method="POST",route="/v1/handovers",status="201"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'handover_http_requests_total{method="POST",route="/v1/handovers",status="400"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'handover_http_requests_total{method="GET",route="/v1/handovers/:handoverId",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^handover_http_request_duration_seconds_bucket\{le="0\.05",method="GET",route="\/v1\/handovers\/:handoverId"\} \d+$/m);
  });

  it('counts submissions by outcome, a refusal by its problem code, and times audit appends', async () => {
    const text = await scrape();
    expect(value(text, 'handover_audit_events_total{action="handover.submit",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'handover_audit_events_total{action="handover.submit",outcome="rejected:jws-malformed"}')).toBe(1);
    expect(value(text, 'handover_audit_append_duration_seconds_count')).toBeGreaterThanOrEqual(3);
  });

  it('times database commands by name, and reports the outbox and the process', async () => {
    const text = await scrape();
    expect(value(text, 'handover_db_command_duration_seconds_count{command="insert"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'handover_db_command_duration_seconds_count{command="find"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'handover_webhook_outbox_pending')).toBe(0);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('carries no id, name or diagnosis in any label', async () => {
    const text = await scrape();
    const person = doc.persons[0].socialInformation.identity;
    for (const secret of [doc.handoverId, person.givenNames, person.familyName, w.drk.token, w.aarhus.token]) expect(text).not.toContain(secret);
    // Every label value is from a closed set: routes are patterns, outcomes codes.
    const labelValues = [...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(labelValues.filter((l) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(l))).toEqual([]);
  });

  it('answers 401 without the token or with another, and 404 when no token is configured', async () => {
    expectProblem(await request(t.app).get('/metrics'), 401, 'unauthenticated');
    expectProblem(await request(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`), 401, 'unauthenticated');
    expectProblem(await request(t.app).get('/metrics').set(as(w.admin)), 401, 'unauthenticated');
    const plain = await startTestApp();
    try {
      expectProblem(await request(plain.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`), 404, 'not-found');
    } finally {
      await plain.close();
    }
  });
});
