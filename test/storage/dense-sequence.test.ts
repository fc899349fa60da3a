/**
 * The dense sequences behind the feed and the audit log, on the real database: two service
 * instances appending to one feed at once get every number exactly once, without gaps, and the
 * head is found by probes from any starting point.
 */
import { describe, expect, it } from 'vitest';
import { probeHead } from '../../src/storage/dense-sequence.js';
import { feedLog } from '../../src/storage/feed-log.js';
import { registerModels } from '../../src/storage/models.js';
import { twoConnections } from '../helpers/two-connections.js';

const db = twoConnections('seq');

describe('dense sequences', () => {
  it('finds the head of 1..n by probes from any known number', async () => {
    for (const n of [0, 1, 2, 99, 100, 1234]) {
      for (const known of [0, Math.floor(n / 2), n]) {
        let probes = 0;
        const head = await probeHead(known, async (m) => {
          probes++;
          return m <= n;
        });
        expect(head, `n=${n} known=${known}`).toBe(n);
        expect(probes).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n + 2)) + 2);
      }
    }
  });

  it('gives every entry of two instances appending at once its own number, 1..n without gaps', async () => {
    const feeds = [feedLog(registerModels(db.a.connection)), feedLog(registerModels(db.b.connection))];
    const entry = (i: number) => ({ municipalityCode: '751', kind: 'v' as const, handoverId: `h-${i}`, version: 1, storedAt: new Date() });
    const numbers = await Promise.all(Array.from({ length: 120 }, (_, i) => feeds[i % 2]!.append(entry(i))));
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const stored = await db.a.connection.db!.collection('feed_entries').find({}).toArray();
    expect(stored.map((d) => d._id).sort()).toEqual(numbers.map((n) => `751:${n}`).sort());
    expect(new Set(stored.map((d) => d.handoverId)).size).toBe(120);
  });
});
