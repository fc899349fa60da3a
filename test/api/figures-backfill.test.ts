/**
 * Handovers stored before the figures were kept as counters are counted once the retention job's
 * first run has noted them (services/retention.ts, countUncounted): what a deployment upgraded with
 * stored handovers sees, simulated by removing the counters, their shares and the notes the
 * submissions left, as a database from before them would be.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyRetention } from '../../src/services/retention.js';
import { as, singleAdult, submit } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date('2026-09-02T08:00:00Z') });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const received = async () => {
  const res = await request(t.app).get('/v1/figures?from=2026-09-01&to=2026-10-01').set(as(w.aarhus.token)).expect(200);
  return res.body.groups.find((g: { scope: string }) => g.scope === 'municipality')?.handoversReceived ?? 0;
};

it('counts handovers stored before the counters after the retention job’s first run, once however often it runs', async () => {
  // Five: fewer are suppressed in the figures.
  for (let i = 0; i < 5; i++) await submit(t, w.drk, singleAdult('751'));
  await t.deps.derivations.settle();
  expect(await received()).toBe(5);

  // A database from before the counters: versions stored, nothing of the figures, no marker.
  const db = t.deps.db.connection.db!;
  for (const name of ['figure_facts', 'figure_counters', 'derivations']) await db.collection(name).deleteMany({});
  await db.collection('retention_state').deleteMany({ _id: 'counted-before-figure-counters' } as never);
  expect(await received()).toBe(0);

  const first = await applyRetention(t.deps.retentionDeps);
  expect(first.counted).toBe(5);
  expect(await received()).toBe(5);
  // Once per database: a later run notes nothing, and nothing is counted twice.
  expect((await applyRetention(t.deps.retentionDeps)).counted).toBe(0);
  await submit(t, w.drk, singleAdult('751'));
  expect(await received()).toBe(6);
});
