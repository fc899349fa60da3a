/**
 * A driver client that stays stuck after the database came back (seen after FerretDB restarts:
 * its monitor never checks the server again) is replaced by the readiness check: once /readyz has
 * failed for a while and a brand-new client reaches the database, the service reconnects, without
 * a restart, and keeps counting database commands for the metrics.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, singleAdult, submit } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_METRICS_TOKEN: 'metrics-token-for-the-stuck-client-test' });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const commandCount = async () => {
  const text = (await request(t.app).get('/metrics').set('Authorization', 'Bearer metrics-token-for-the-stuck-client-test').expect(200)).text;
  return text
    .split('\n')
    .filter((l) => l.startsWith('handover_db_command_duration_seconds_count'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
};

it('replaces a client that stays stuck while the database is reachable, and the service works on', async () => {
  const doc = singleAdult('751');
  await submit(t, w.drk, doc);
  expect((await request(t.app).get('/readyz')).status).toBe(200);
  // The client is stuck for good: every operation fails, while the database itself is fine.
  await t.deps.db.connection.getClient().close(true);
  expect((await request(t.app).get('/readyz')).status).toBe(503);
  expect((await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token))).status).toBe(503);

  let ready = false;
  const started = Date.now();
  while (!ready && Date.now() - started < 30_000) {
    ready = (await request(t.app).get('/readyz')).status === 200;
    if (!ready) await new Promise((r) => setTimeout(r, 500));
  }
  expect(ready).toBe(true);
  // Not before it had failed for the stuck threshold: a short outage is the driver's own to heal.
  expect(Date.now() - started).toBeGreaterThanOrEqual(7_000);
  expect(t.deps.db.recoveries).toBe(1);
  const before = await commandCount();
  expect((await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token))).status).toBe(200);
  expect(await commandCount()).toBeGreaterThan(before);
});
