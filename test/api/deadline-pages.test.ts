/**
 * The municipality's deadline list a page at a time (issue 33.5: the list read from an index, its
 * cost not growing with what is stored): many handovers whose deadlines fall on the same days,
 * a version superseded and one withdrawn; paged three at a time, the pages together are exactly
 * the list read at once, in date order, nothing skipped or repeated; a cursor that is not this
 * list's is refused; deadlines stored before the index existed are filed under it at the next
 * start.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, nextVersion, quotaFamily, singleAdult, storeInBulk, submit, withdraw } from '../helpers/handovers.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

const ENV = { HANDOVER_FEED_SETTLE_MS: '0' };
const clock = () => new Date('2026-11-22T10:00:00Z');
let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp(ENV, { clock });
  w = await setupWorld(t);
});
afterAll(() => t.close());

type Listed = { handoverId: string; personRef: string; kind: string; date: string; detail?: string };
const key = (d: Listed) => `${d.handoverId}/${d.personRef}/${d.kind}/${d.date}/${d.detail ?? ''}`;

const list = (query: string) => request(t.app).get(`/v1/municipalities/751/deadlines?${query}`).set(as(w.aarhus.token));

/** Every page of the list, `limit` at a time, following `next` to the end. */
async function everyPage(limit: number): Promise<{ pages: Listed[][]; all: Listed[] }> {
  const pages: Listed[][] = [];
  let after: string | null = '';
  while (after !== null) {
    const res = await list(`within=400d&limit=${limit}${after ? `&after=${after}` : ''}`);
    expect(res.status, res.text).toBe(200);
    pages.push(res.body.deadlines);
    after = res.body.next;
    expect(pages.length).toBeLessThan(200);
  }
  return { pages, all: pages.flat() };
}

function fromFixture(name: string) {
  const doc = { ...readValidFixture<any>(name), handoverId: crypto.randomUUID() };
  doc.recipient.municipalityCode = '751';
  return doc;
}

describe('the deadline list, a page at a time', () => {
  it('pages through many deadlines on the same days in date order, nothing skipped or repeated, current versions only', async () => {
    // Six households from the same documents: their deadlines fall on the same days.
    const same = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? singleAdult('751') : quotaFamily('751')));
    const senderOf = (i: number) => (i % 2 === 0 ? w.drk : w.iom);
    for (const [i, doc] of same.entries()) await submit(t, senderOf(i), doc);
    const minor = fromFixture('04-unaccompanied-minor-turning-18');
    const ptsd = fromFixture('06-ptsd-medication-runs-out');
    await submit(t, w.drk, minor);
    await submit(t, w.drk, ptsd);
    // A later version replaces the first's deadlines; a withdrawn handover's are gone.
    const second = nextVersion(same[1]!);
    await submit(t, senderOf(1), second);
    await withdraw(t, senderOf(2), same[2]!.handoverId, 1);

    const whole = await list('within=400d&limit=500');
    expect(whole.status, whole.text).toBe(200);
    expect(whole.body.next).toBeNull();
    const all: Listed[] = whole.body.deadlines;
    const dates = all.map((d) => d.date);
    expect(dates).toEqual([...dates].sort());
    // Each deadline as the API describes it, and nothing of how it is stored (a row's _id leaked once).
    const described = new Set(['personRef', 'kind', 'date', 'mandatory', 'ruleId', 'detail', 'critical', 'birthDatePrecision', 'handoverId', 'personName', 'overdue', 'daysLeft']);
    for (const d of all) for (const key of Object.keys(d)) expect(described, key).toContain(key);
    const handovers = new Set(all.map((d) => d.handoverId));
    expect(handovers).toEqual(new Set([...same.filter((_, i) => i !== 2).map((d) => d.handoverId), minor.handoverId, ptsd.handoverId]));
    // The superseded version's deadlines are not there beside the current one's: each once.
    expect(new Set(all.map(key)).size).toBe(all.length);
    // Several deadlines share a day: the case paging must get right.
    const perDay = new Map<string, number>();
    for (const d of all) perDay.set(d.date, (perDay.get(d.date) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBeGreaterThan(3);

    const { pages, all: paged } = await everyPage(3);
    expect(paged).toEqual(all);
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    expect(pages.at(-1)!.length).toBeGreaterThan(0);

    // The first page of the default size is the start of the same list.
    const first = await list('within=400d');
    expect(first.body.deadlines).toEqual(all.slice(0, 50));
  });

  it('pages across slots: 230 handovers on the same days fill three feed buckets, and the pages are still the whole list once each', async () => {
    // Stored as a submission stores them (the pipeline's records, written in bulk as the benchmark seeds).
    const records = Array.from({ length: 230 }, () => singleAdult('751'));
    await storeInBulk(t, w.drk, records);
    const whole = await list('within=400d&limit=500');
    expect(whole.status, whole.text).toBe(200);
    const all: Listed[] = whole.body.deadlines;
    for (const r of records) expect(all.some((d) => d.handoverId === r.handoverId)).toBe(true);
    // The same day's deadlines in three slots (feed buckets 0, 1 and 2).
    const slots = await t.deps.db.connection.db!.collection('deadline_index').find({ bucket: { $exists: true } }).toArray();
    expect(new Set(slots.map((x) => x.bucket))).toEqual(new Set([0, 1, 2]));
    const { all: paged } = await everyPage(37);
    expect(paged).toEqual(all);
  });

  it('refuses a cursor that is not a page of this list, and a limit out of range, naming the parameter', async () => {
    const feed = await request(t.app).get('/v1/municipalities/751/handovers?limit=1').set(as(w.aarhus.token));
    expect(feed.status).toBe(200);
    const wrongList = await list(`after=${feed.body.next ?? feed.body.resumeAfter}`);
    expectProblem(wrongList, 400, 'bad-request');
    expect(JSON.stringify(wrongList.body)).toContain('/query/after');
    const made = await list('after=not-a-cursor');
    expectProblem(made, 400, 'bad-request');
    const zero = await list('limit=0');
    expectProblem(zero, 400, 'bad-request');
    expect(JSON.stringify(zero.body)).toContain('/query/limit');
  });

  it('shows a version answered 201 at once, and waits for no note of a read', async () => {
    // The worker stopped: what is noted stays pending until a reader settles it.
    await t.deps.derivations.stop();
    const doc = fromFixture('06-ptsd-medication-runs-out');
    await submit(t, w.drk, doc);
    const listed = (await list('within=400d&limit=500')).body.deadlines as Listed[];
    expect(listed.filter((d) => d.handoverId === doc.handoverId).map((d) => d.kind)).toContain('medication-supply-ends');
    // A fetch notes its first retrieval for the funnel; the deadline list does not derive it.
    await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token)).expect(200);
    const pendingKinds = async () => (await t.deps.db.connection.db!.collection('derivations').find({}).toArray()).map((n) => String(n._id).split(':')[0]);
    const before = await pendingKinds();
    expect(before.length).toBeGreaterThan(0);
    expect((await list('within=400d&limit=500')).body.deadlines).toEqual(listed);
    expect(await pendingKinds()).toEqual(before);
  });

  it('files deadlines stored before the index at the next start, so the list shows them as before', async () => {
    const before = (await list('within=400d&limit=500')).body.deadlines as Listed[];
    expect(before.length).toBeGreaterThan(0);
    // As an earlier release stored them: rows under their month with the deadline nested, no slot, place or index.
    const db = t.deps.db.connection.db!;
    const rows = await db.collection('deadline_entries').find({}).toArray();
    const flat = ['personRef', 'kind', 'date', 'mandatory', 'ruleId', 'detail', 'critical', 'birthDatePrecision'];
    const legacy = rows.map((r) => {
      const deadline = Object.fromEntries(flat.filter((f) => r[f] !== undefined).map((f) => [f, r[f]]));
      return { _id: r._id, month: `751:${String(deadline.date).slice(0, 7)}`, handoverId: r.handoverId, version: r.version, feedSeq: r.feedSeq, deadline };
    });
    await db.collection('deadline_entries').deleteMany({});
    await db.collection('deadline_entries').insertMany(legacy as never[]);
    // And a row whose version was never written (a submission that failed after its rows): never listed, before or after.
    await db.collection('deadline_entries').insertOne({ _id: 'never-stored:1:0', month: '751:2027-01', handoverId: 'never-stored', version: 1, feedSeq: 999_999, deadline: { personRef: 'X1', kind: 'turns-18', date: '2027-01-02' } } as never);
    await db.collection('deadline_index').deleteMany({});
    await t.close({ keepData: true });
    t = await startTestApp({ ...ENV, HANDOVER_DB_NAME: t.config.dbName }, { clock });
    expect((await list('within=400d&limit=500')).body.deadlines).toEqual(before);
    expect(await t.deps.db.connection.db!.collection('deadline_entries').countDocuments({ slot: { $exists: false } })).toBe(0);
    expect(await t.deps.db.connection.db!.collection('deadline_entries').countDocuments({ handoverId: 'never-stored' })).toBe(0);
  });
});
