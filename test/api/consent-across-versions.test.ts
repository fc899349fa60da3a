/**
 * A consent change outlives the version it was recorded on. A person withdraws consent to share
 * health with the coordinating department while version 1 is current; the sender, not knowing,
 * submits version 2 with the original consents a hundred handovers later (its feed entry in
 * another bucket of the feed than version 1's). The feed and the deadline list, which read most
 * facts by feed bucket, must still withhold that person's health details in version 2: the
 * medication's name in the urgent flag and in the deadline.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, nextVersion, singleAdult, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, withNewId, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
});
afterAll(() => t?.close());

const deadlinesOf = async (handoverId: string) =>
  ((await request(t.app).get('/v1/municipalities/751/deadlines?within=60d').set(as(w.aarhus.token)).expect(200)).body.deadlines as { handoverId: string; kind: string; detail?: string }[]).filter(
    (d) => d.handoverId === handoverId && d.kind === 'medication-supply-ends',
  );

async function feedItem(handoverId: string, version: number): Promise<Doc> {
  for (let after = ''; ; ) {
    const page = (await request(t.app).get(`/v1/municipalities/751/handovers?limit=100${after ? `&after=${after}` : ''}`).set(as(w.aarhus.token)).expect(200)).body;
    const item = page.items.find((i: Doc) => i.handoverId === handoverId && i.version === version);
    if (item) return item;
    if (page.next === null) throw new Error(`version ${version} of ${handoverId} is not in the feed`);
    after = page.next;
  }
}

describe('a consent change recorded on an earlier version', () => {
  it('still withholds the person’s health in a later version listed in another bucket of the feed', async () => {
    const v1 = withoutAttachments(withNewId(readValidFixture<Doc>('06-ptsd-medication-runs-out')));
    v1.recipient.municipalityCode = '751';
    await submit(t, w.drk, v1);
    expect((await deadlinesOf(v1.handoverId)).map((d) => d.detail).sort()).toEqual(['Quetiapin', 'Sertralin']);

    const change = await request(t.app)
      .post(`/v1/handovers/${v1.handoverId}/consent-changes`)
      .set(as(w.aarhus.token))
      .send({ personRef: 'T1', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', obtainedHow: 'Samtale med tolk på borgerservice' });
    expect(change.status, change.text).toBe(201);
    expect((await deadlinesOf(v1.handoverId)).map((d) => d.detail)).toEqual([undefined, undefined]);

    // A hundred handovers later: version 2's feed entry is in the next bucket (100 entries each).
    for (let i = 0; i < 100; i++) await submit(t, w.drk, singleAdult('751'));
    await submit(t, w.drk, nextVersion(v1));

    const item = await feedItem(v1.handoverId, 2);
    const flag = item.urgentFlags.find((f: Doc) => f.type === 'medication-runs-out');
    expect(flag.description).toBe('(withheld: consent missing)');
    expect(JSON.stringify(item)).not.toMatch(/Sertralin|Quetiapin/);
    const due = await deadlinesOf(v1.handoverId);
    expect(due.map((d) => d.detail)).toEqual([undefined, undefined]);
    expect((await request(t.app).get(`/v1/handovers/${v1.handoverId}`).set(as(w.aarhus.token)).expect(200)).body.healthWithheldFor).toEqual(['T1']);
  }, 120_000);
});
