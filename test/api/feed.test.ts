/** The municipality's feed: stable order, opaque cursor, filters, and no misses or repeats under concurrent inserts. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, nextVersion, quotaFamily, singleAdult, submit, withdraw } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

const SETTLE_MS = 1000;
let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: String(SETTLE_MS) });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const feed = (query: string, token = w.aarhus.token, code = '751') => request(t.app).get(`/v1/municipalities/${code}/handovers${query}`).set(as(token));

/** Reads the feed from a cursor to its current end, page by page; `next` is where to poll from later. */
async function drain(after: string | null, limit: number, query = ''): Promise<{ items: any[]; next: string | null }> {
  const items: any[] = [];
  let cursor = after;
  for (;;) {
    const res = await feed(`?limit=${limit}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}${query}`);
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.resumeAfter;
    if (res.body.next === null) return { items, next: cursor };
    expect(res.body.next).toBe(res.body.resumeAfter);
  }
}

describe('the feed', () => {
  it('never misses or repeats an item while handovers arrive concurrently from two senders', async () => {
    const start = await drain(null, 50);
    const submitted: string[] = [];
    const seen: string[] = [];
    let cursor = start.next;
    let producing = true;
    const producer = (async () => {
      // 6 waves of 10 concurrent submissions from DRK and IOM, to Aarhus
      for (let wave = 0; wave < 6; wave++) {
        await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const doc = i % 2 === 0 ? singleAdult() : quotaFamily();
            await submit(t, i % 2 === 0 ? w.drk : w.iom, doc);
            submitted.push(`${doc.handoverId}:1`);
          }),
        );
      }
      producing = false;
    })();
    // the case system polls with small pages all the while
    while (producing) {
      const page = await drain(cursor, 7);
      seen.push(...page.items.map((i) => `${i.handoverId}:${i.version}`));
      cursor = page.next;
      await sleep(50);
    }
    await producer;
    await sleep(SETTLE_MS + 200);
    const rest = await drain(cursor, 7);
    seen.push(...rest.items.map((i) => `${i.handoverId}:${i.version}`));

    expect(submitted).toHaveLength(60);
    expect(seen).toHaveLength(new Set(seen).size); // zero repeated
    expect(new Set(seen)).toEqual(new Set(submitted)); // zero missed
  });

  it('describes each item: persons with age and legal basis, arrival, urgent flags, completeness, deadlines, status', async () => {
    const before = await drain(null, 100);
    const doc = quotaFamily();
    doc.urgentFlags = [{ type: 'medication-runs-out', personRef: 'Q1', date: '2026-12-10', description: 'Insulin til 14 dage' }];
    await submit(t, w.iom, doc);
    await sleep(SETTLE_MS + 100);
    const { items } = await drain(before.next, 100);
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(item).toMatchObject({ event: 'version-received', handoverId: doc.handoverId, version: 1, status: 'current', acknowledged: null, sender: 'iom-kampala', expectedArrival: doc.expectedArrival, completenessScore: expect.any(Number) });
    expect(item.persons).toHaveLength(doc.persons.length);
    expect(item.persons[0]).toMatchObject({ personRef: 'Q1', name: expect.any(String), age: expect.any(Number), legalBasis: doc.persons[0].socialInformation.residence.legalBasis });
    expect(item.urgentFlags).toEqual(doc.urgentFlags);
    expect(item.deadlines.map((d: any) => d.kind)).toContain('health-assessment-offer');
    expect(item.deadlines.map((d: any) => d.kind)).not.toContain('permit-expires');
    // no full documents in the feed
    expect(item).not.toHaveProperty('document');
  });

  it('shows superseding versions and withdrawals as their own entries, with the status of each version', async () => {
    const before = await drain(null, 100);
    const v1 = singleAdult();
    await submit(t, w.drk, v1);
    await submit(t, w.drk, nextVersion(v1));
    await withdraw(t, w.drk, v1.handoverId, 2);
    await sleep(SETTLE_MS + 100);
    const { items } = await drain(before.next, 100);
    expect(items.map((i) => [i.event, i.version, i.status])).toEqual([
      ['version-received', 1, 'current'],
      ['version-received', 2, 'withdrawn'],
      ['version-withdrawn', 2, 'withdrawn'],
    ]);
  });

  it('filters: not yet acknowledged, arriving between dates, with urgent flags', async () => {
    const t2 = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
    try {
      const w2 = await setupWorld(t2);
      const early = singleAdult();
      early.expectedArrival.date = '2026-12-02';
      early.integrationResponsibilityFrom = '2026-12-02';
      const late = singleAdult();
      late.expectedArrival.date = '2027-01-15';
      late.integrationResponsibilityFrom = '2027-01-15';
      const urgent = quotaFamily();
      urgent.urgentFlags = [{ type: 'care-needed-on-arrival', personRef: 'Q1', description: 'Kørestol ved ankomst' }];
      for (const [org, d] of [[w2.drk, early], [w2.drk, late], [w2.iom, urgent]] as const) await submit(t2, org, d);
      await request(t2.app).post(`/v1/handovers/${early.handoverId}/acknowledgements`).set(as(w2.aarhus.token)).send({});
      const ids = async (q: string) => {
        const res = await request(t2.app).get(`/v1/municipalities/751/handovers${q}`).set(as(w2.aarhus.token));
        expect(res.status, res.text).toBe(200);
        return res.body.items.map((i: any) => i.handoverId);
      };
      expect(await ids('')).toEqual([early.handoverId, late.handoverId, urgent.handoverId]);
      expect(await ids('?unacknowledged=true')).toEqual([late.handoverId, urgent.handoverId]);
      expect(await ids('?urgent=true')).toEqual([urgent.handoverId]);
      expect(await ids('?arrivingFrom=2027-01-01&arrivingTo=2027-01-31')).toEqual([late.handoverId]);
      expect(await ids('?arrivingTo=2026-12-31&unacknowledged=true')).not.toContain(early.handoverId);
      // the unacknowledged filter still pages correctly with small pages
      const first = await request(t2.app).get('/v1/municipalities/751/handovers?unacknowledged=true&limit=1').set(as(w2.aarhus.token));
      expect(first.body.items.map((i: any) => i.handoverId)).toEqual([late.handoverId]);
      const second = await request(t2.app).get(`/v1/municipalities/751/handovers?unacknowledged=true&limit=1&after=${first.body.next}`).set(as(w2.aarhus.token));
      expect(second.body.items.map((i: any) => i.handoverId)).toEqual([urgent.handoverId]);
    } finally {
      await t2.close();
    }
  });

  it('rejects bad parameters with the parameter named, and a cursor it did not issue', async () => {
    const problems = [
      ['?limit=0', '/query/limit'],
      ['?limit=501', '/query/limit'],
      ['?limit=ten', '/query/limit'],
      ['?arrivingFrom=1.12.2026', '/query/arrivingFrom'],
      ['?urgent=yes', '/query/urgent'],
      ['?after=bm90LWEtY3Vyc29y', '/query/after'],
      ['?colour=blue', '/query/colour'],
      ['?limit=1&limit=2', '/query/limit'],
    ];
    for (const [q, pointer] of problems) {
      const body = expectProblem(await feed(q!), 400, 'bad-request');
      expect(body.errors!.map((e: any) => e.pointer), q).toContain(pointer);
    }
  });

  it('is only for the municipality itself: another municipality, a sender or an unknown code get 404 or 403', async () => {
    expectProblem(await feed('', w.randers.token), 404, 'not-found');
    expectProblem(await feed('', w.aarhus.token, '999'), 404, 'not-found');
    expectProblem(await feed('', w.drk.token), 403, 'forbidden');
    expect((await feed('', w.aarhus.token, '0751')).status).toBe(200);
  });

  it('seals a full bucket of entries into one document, and pages through it in the same order', async () => {
    const docs = Array.from({ length: 105 }, () => singleAdult('730'));
    for (const d of docs) await submit(t, w.drk, d);
    const db = t.deps.db.connection.db!;
    // Entries 1-99 are bucket 0, 100-199 bucket 1: the writer of entry 99 sealed bucket 0.
    expect(await db.collection('feed_buckets').countDocuments({ _id: '730:0' } as never)).toBe(1);
    expect(await db.collection('feed_buckets').countDocuments({ _id: '730:1' } as never)).toBe(0);
    const pages: string[][] = [];
    let next: string | null = null;
    for (;;) {
      const res: any = await feed(`?limit=40${next ? `&after=${next}` : ''}`, w.randers.token, '730');
      expect(res.status, res.text).toBe(200);
      pages.push(res.body.items.map((i: any) => i.handoverId));
      next = res.body.next;
      if (next === null) break;
    }
    expect(pages.map((p) => p.length)).toEqual([40, 40, 25]);
    expect(pages.flat()).toEqual(docs.map((d) => d.handoverId));
  });

  it('waits at an entry whose version is still being written, and passes over it as an orphan once older than the settle time', async () => {
    const before = await drain(null, 500);
    // The cursor is opaque to clients; this test is the service's own and reads the position in it.
    const head = (JSON.parse(Buffer.from(before.next!, 'base64url').toString()) as { after: number }).after;
    // What a writer that died after taking its feed entry leaves: an entry no version was written under.
    const seq = head + 1;
    await t.deps.db.connection.db!.collection('feed_entries').insertOne({
      _id: `751:${seq}`, municipalityCode: '751', seq, bucket: `751:${Math.floor(seq / 100)}`, kind: 'v', handoverId: crypto.randomUUID(), version: 1, storedAt: new Date(), committed: false,
    } as never);
    const doc = singleAdult();
    await submit(t, w.drk, doc);
    const waiting = await feed(`?after=${before.next}`);
    expect(waiting.body).toEqual({ items: [], next: null, resumeAfter: before.next });
    await sleep(SETTLE_MS + 200);
    const { items, next } = await drain(before.next, 100);
    expect(items.map((i) => i.handoverId)).toEqual([doc.handoverId]);
    expect((JSON.parse(Buffer.from(next!, 'base64url').toString()) as { after: number }).after).toBe(head + 2);
  });
});
