/**
 * A version is written only while the feed still waits at its entry. The feed passes an
 * uncommitted entry older than the settle time as an orphan; a write slower than that (a database
 * slowed by load) would land behind a case system that already read past it. So a write that is
 * not done within half the settle time gives up, stores nothing the feed or a reader would show,
 * and the client is told 503 with Retry-After; the retry is listed in order. Proven with a settle
 * time no real write can keep (2 ms: a 1 ms window), on the real database.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, singleAdult } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '2' });
  w = await setupWorld(t);
});
afterAll(() => t?.close());

describe('a write slower than the feed waits for it', () => {
  it('is refused with 503 and Retry-After, and nothing of it is shown: not the version, not a feed entry, not the sender’s list', async () => {
    const doc = singleAdult('751');
    const res = await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key));
    expectProblem(res, 503, 'database-unavailable');
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.detail).toMatch(/nothing was stored/);

    await new Promise((r) => setTimeout(r, 10));
    await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token)).expect(404);
    const feed = await request(t.app).get('/v1/municipalities/751/handovers').set(as(w.aarhus.token)).expect(200);
    expect(feed.body.items).toEqual([]);
    const own = await request(t.app).get('/v1/handovers').set(as(w.drk.token)).expect(200);
    expect(own.body.items.map((i: { handoverId: string }) => i.handoverId)).not.toContain(doc.handoverId);
    // The refusal is in the audit log, as every refusal is; nothing there says it was stored.
    const auditor = await auditorOf(t, w.admin);
    const audit = await request(t.app).get('/v1/audit?action=handover.submit').set(as(auditor)).expect(200);
    expect((audit.body.items as { outcome: string }[]).map((e) => e.outcome)).toEqual([expect.stringMatching(/database-unavailable/)]);
  });
});
