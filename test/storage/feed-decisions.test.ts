/**
 * What becomes of a feed entry is decided once, whoever races for it (feed-log.ts): a writer
 * committing and a reader voiding the same entry from two instances, and a writer and the orphan
 * sweeper filing one voided entry's version again. On FerretDB an update conditional on the other
 * flag let both win (docs/operations.md, "What the database decides atomically"): the entry was
 * committed yet passed over, and its version was missing from the feed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { feedLog, type FeedLog } from '../../src/storage/feed-log.js';
import { registerModels } from '../../src/storage/models.js';
import { twoConnections } from '../helpers/two-connections.js';

const db = twoConnections('decide');
let feeds: [FeedLog, FeedLog];
beforeAll(() => {
  feeds = [feedLog(registerModels(db.a.connection)), feedLog(registerModels(db.b.connection))];
});

const entry = (municipalityCode: string, handoverId: string) => ({ municipalityCode, kind: 'v' as const, handoverId, version: 1, storedAt: new Date() });

/** Every entry of a municipality's feed shown by a reader from the start, as handover ids. */
async function shown(feed: FeedLog, municipalityCode: string, buckets: number): Promise<string[]> {
  const out: string[] = [];
  for (let bucket = 0; bucket < buckets; bucket++) out.push(...(await feed.settle(municipalityCode, bucket, new Date())).written.map((e) => e.handoverId));
  return out;
}

describe('a feed entry is decided once', () => {
  it('as committed or as voided, when writers and readers of two instances race for it', async () => {
    const seqs = await Promise.all(Array.from({ length: 60 }, (_, i) => feeds[0].append(entry('101', `h-${i}`))));
    const outcomes = await Promise.all(
      seqs.map(async (seq) => {
        const [c1, v1, c2, v2] = await Promise.all([feeds[0].commit('101', seq), feeds[1].voidEntry('101', seq), feeds[1].commit('101', seq), feeds[0].voidEntry('101', seq)]);
        return { seq, committers: [c1, c2], voiders: [v1, v2] };
      }),
    );
    for (const o of outcomes) {
      // Both committers are told the same, both voiders the opposite: one decision per entry.
      expect(o.committers[0], `entry ${o.seq}`).toBe(o.committers[1]);
      expect(o.voiders[0], `entry ${o.seq}`).toBe(o.voiders[1]);
      expect(o.committers[0], `entry ${o.seq}`).toBe(!o.voiders[0]);
    }
    // The feed shows exactly the entries whose writers were told they were committed.
    const committed = outcomes.filter((o) => o.committers[0]).map((o) => `h-${o.seq - 1}`);
    expect((await shown(feeds[1], '101', 1)).toSorted()).toEqual(committed.toSorted());
  });

  it("files a voided entry's version again once, when its writer and the orphan sweeper race to do it", async () => {
    const versions = db.a.connection.db!.collection('handover_versions');
    const rounds = 20;
    for (let i = 0; i < rounds; i++) {
      const handoverId = `r-${i}`;
      // A version written under its entry while a reader passed the entry as an orphan.
      const seq = await feeds[0].append(entry('202', handoverId));
      await versions.insertOne({ _id: `${handoverId}:1`, handoverId, version: 1, municipalityCode: '202', feedSeq: seq } as never);
      expect(await feeds[1].voidEntry('202', seq)).toBe(true);
      await Promise.all([feeds[0].refile('v', '202', seq, () => new Date()), feeds[1].ensureFiled('v', handoverId, 1, () => new Date())]);
    }
    // Each version once, under the entry its feedSeq names.
    const all = await shown(feeds[0], '202', 1);
    expect(all.toSorted()).toEqual(Array.from({ length: rounds }, (_, i) => `r-${i}`).toSorted());
    const written = await feeds[0].settle('202', 0, new Date());
    const stored = await versions.find({ municipalityCode: '202' }).toArray();
    expect(new Map(written.written.map((e) => [e.handoverId, e.seq]))).toEqual(new Map(stored.map((v) => [v.handoverId as string, v.feedSeq as number])));
  });

  it('finishes a refiling whose refiler stopped before moving the version', async () => {
    const versions = db.a.connection.db!.collection('handover_versions');
    const seq = await feeds[0].append(entry('303', 'stopped'));
    await versions.insertOne({ _id: 'stopped:1', handoverId: 'stopped', version: 1, municipalityCode: '303', feedSeq: seq } as never);
    await feeds[1].voidEntry('303', seq);
    // What a refiler leaves when it stops right after winning: its entry taken and decided as the
    // refiling's, the version still under the voided entry.
    const to = await feeds[0].append(entry('303', 'stopped'));
    await db.a.connection.db!.collection('feed_refilings').insertOne({ _id: `303:${seq}`, to } as never);
    await feeds[1].ensureFiled('v', 'stopped', 1, () => new Date());
    expect((await versions.findOne({ _id: 'stopped:1' } as never))?.feedSeq).toBe(to);
    expect(await shown(feeds[0], '303', 1)).toEqual(['stopped']);
  });
});
