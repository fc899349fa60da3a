/**
 * A write slower than the feed's settle time is never refused. A reader passes an uncommitted
 * entry older than the settle time (voiding it, so its writer cannot commit it behind the
 * reader's back); the writer then files its version again at the feed's end. Proven with a settle
 * time no real write can keep (2 ms) and a case system reading the feed without pause while
 * handovers arrive: every submission is answered 201, and the feed, read from the start, shows
 * each version exactly once, in the order of the entries it ends under.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, singleAdult } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '2' });
  w = await setupWorld(t);
});
afterAll(() => t?.close());

type FeedPage = { items: { handoverId: string; version: number }[]; next: string | null; resumeAfter: string };

async function readFeedFrom(after: string): Promise<FeedPage> {
  const res = await request(t.app).get(`/v1/municipalities/751/handovers?limit=100${after ? `&after=${after}` : ''}`).set(as(w.aarhus.token));
  expect(res.status, res.text).toBe(200);
  return res.body as FeedPage;
}

const db = () => t.deps.db.connection.db!;
// What became of each entry is decided by the first insert of its decision (feed_decisions).
const voidedEntries = () => db().collection('feed_decisions').countDocuments({ outcome: 'voided' });

describe('a write slower than the feed waits for it', () => {
  it('is accepted and filed again behind the reader that passed it: shown once, never refused', async () => {
    const submitted: string[] = [];
    const seenLive: string[] = [];
    let after = '';
    // Rounds of eight at once under a reader that never pauses and a second one from the start of
    // the round, until a reader has passed an entry whose version was still being written. How soon
    // that happens is chance: with four a round and one reader it took 2, 17 and 23 rounds in three
    // runs on a quiet machine, and a CI run once found none in 60. Up to 100 rounds.
    const ROUND = 8;
    for (let round = 0; round < 100 && (await voidedEntries()) === 0; round++) {
      let reading = true;
      const live = (async () => {
        while (reading) {
          const page = await readFeedFrom(after);
          seenLive.push(...page.items.map((i) => `${i.handoverId}:${i.version}`));
          after = page.resumeAfter;
        }
      })();
      // The second reader reads on from where the round began, so it too meets the entries being written.
      const from = after;
      const second = (async () => {
        for (let at = from; reading; ) at = (await readFeedFrom(at)).resumeAfter;
      })();
      const docs = Array.from({ length: ROUND }, () => singleAdult('751'));
      const answers = await Promise.all(docs.map(async (d) => postCompact(t, w.drk.token, await signCompact(d, w.drk.key))));
      expect(answers.map((a) => a.status)).toEqual(docs.map(() => 201));
      submitted.push(...docs.map((d) => `${d.handoverId}:1`));
      reading = false;
      await Promise.all([live, second]);
    }
    expect(await voidedEntries()).toBeGreaterThan(0);

    // Read from the start once everything has settled: each version once, nothing else.
    await new Promise((r) => setTimeout(r, 20));
    const all: string[] = [];
    for (let after = '', page = await readFeedFrom(''); ; page = await readFeedFrom(after)) {
      all.push(...page.items.map((i) => `${i.handoverId}:${i.version}`));
      after = page.resumeAfter;
      if (page.next === null) break;
    }
    expect(all.toSorted()).toEqual(submitted.toSorted());
    // The live reader, which passed entries as they were written, saw none twice and, once it
    // read on, none missing.
    expect(new Set(seenLive).size).toBe(seenLive.length);
    // Every version is stored once, under the entry the feed shows it at.
    const versions = await t.deps.db.connection.db!.collection('handover_versions').find({}, { projection: { _id: 1, feedSeq: 1 } }).toArray();
    expect(versions.map((v) => v._id).toSorted()).toEqual(submitted.toSorted());
    const committed = new Set((await db().collection('feed_decisions').find({ outcome: 'committed' }).toArray()).map((d) => d._id as unknown as string));
    const shownAt = (await db().collection('feed_entries').find({}, { projection: { handoverId: 1, seq: 1 } }).toArray()).filter((e) => committed.has(e._id as unknown as string));
    expect(shownAt).toHaveLength(versions.length);
    expect(new Map(shownAt.map((e) => [`${e.handoverId}:1`, e.seq]))).toEqual(new Map(versions.map((v) => [v._id as unknown as string, v.feedSeq])));
  }, 120_000);
});
