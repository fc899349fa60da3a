/**
 * One pagination contract for every list (the feed, a sender's handovers, the audit log): the same
 * parameters and limits, the same cursor form, `next: null` at the end, `resumeAfter` to poll
 * from later, and a 400 naming the parameter for anything else, never a silent clamp.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, singleAdult, submit } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let auditor: string;
const submitted: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  auditor = await auditorOf(t, w.admin);
  for (let i = 0; i < 5; i++) {
    const doc = singleAdult('751');
    submitted.push(doc.handoverId);
    await submit(t, w.drk, doc);
  }
});
afterAll(() => t.close());

interface List {
  name: string;
  path: string;
  token: () => string;
}
const lists: List[] = [
  { name: 'the feed', path: '/v1/municipalities/751/handovers', token: () => w.aarhus.token },
  { name: "a sender's handovers", path: '/v1/handovers', token: () => w.drk.token },
  { name: 'the audit log', path: '/v1/audit', token: () => auditor },
];
const get = (list: List, query: string) => request(t.app).get(`${list.path}${query}`).set(as(list.token()));

describe.each(lists)('$name', (list) => {
  it.each(['-1', '0', '1e9', '501', '2.5', 'abc', '', ' 5', '05'])('refuses limit=%j with 400 naming /query/limit', async (limit) => {
    const body = expectProblem(await get(list, `?limit=${encodeURIComponent(limit)}`), 400, 'bad-request');
    // The described schema's rule that failed (a whole number, at least 1, at most 500), said one way.
    expect(body.errors).toEqual([{ pointer: '/query/limit', keyword: expect.stringMatching(/^(type|minimum|maximum)$/), message: 'must be a whole number from 1 to 500' }]);
  });

  it.each(['5', 'x', Buffer.from('{"list":"nope","after":1}').toString('base64url'), Buffer.from('{"list":"feed","after":-1}').toString('base64url')])('refuses after=%j, a cursor it did not issue, naming /query/after', async (after) => {
    const body = expectProblem(await get(list, `?after=${after}`), 400, 'bad-request');
    expect(body.errors?.map((e) => e.pointer)).toEqual(['/query/after']);
  });

  it('pages to the end with next, which is null on the last page, without skipping or repeating', async () => {
    const seen: unknown[] = [];
    let after = '';
    let pages = 0;
    for (;;) {
      const res = await get(list, `?limit=2${after ? `&after=${after}` : ''}`);
      expect(res.status, res.text).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['items', 'next', 'resumeAfter']);
      seen.push(...res.body.items.map((i: { seq?: number; handoverId?: string; version?: number }) => JSON.stringify([i.seq, i.handoverId, i.version])));
      pages++;
      if (res.body.next === null) break;
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      expect(res.body.next).toBe(res.body.resumeAfter);
      after = res.body.next;
    }
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers the end as next: null with resumeAfter, and resumeAfter then finds what was added', async () => {
    let after = '';
    let last;
    do {
      last = (await get(list, `?limit=500${after ? `&after=${after}` : ''}`)).body;
      after = last.next;
    } while (last.next !== null);
    const resume = last.resumeAfter as string;
    const idle = (await get(list, `?after=${resume}`)).body;
    if (list.path === '/v1/audit') {
      // Reading the log is itself an event: the one of the read before is all that is new.
      expect(idle.items.map((e: { action: string }) => e.action)).toEqual(['audit.read']);
      expect(idle.next).toBeNull();
    } else {
      expect(idle).toEqual({ items: [], next: null, resumeAfter: resume });
    }
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    const later = (await get(list, `?after=${resume}&limit=500`)).body;
    expect(JSON.stringify(later.items)).toContain(doc.handoverId);
  });
});

describe('a cursor names its list', () => {
  it("refuses the feed's cursor on the audit log and the audit log's on the feed", async () => {
    const feedCursor = (await get(lists[0]!, '?limit=1')).body.resumeAfter;
    const auditCursor = (await get(lists[2]!, '?limit=1')).body.resumeAfter;
    expect(expectProblem(await get(lists[2]!, `?after=${feedCursor}`), 400, 'bad-request').errors?.[0]?.pointer).toBe('/query/after');
    expect(expectProblem(await get(lists[0]!, `?after=${auditCursor}`), 400, 'bad-request').errors?.[0]?.pointer).toBe('/query/after');
  });
});

describe("the audit log's filters", () => {
  it.each([
    ['from', 'yesterday'],
    ['from', '2026-13-01'],
    ['to', '2026-12-01T10:00'],
    ['organisationId', '{"$ne":1}'],
    ['action', 'x'.repeat(200)],
  ])('refuses %s=%j naming it', async (name, value) => {
    const body = expectProblem(await get(lists[2]!, `?${name}=${encodeURIComponent(value)}`), 400, 'bad-request');
    expect(body.errors?.map((e) => e.pointer)).toEqual([`/query/${name}`]);
  });

  it('refuses to before from, and reports every bad parameter at once: first what the description rules out, then what only the list can judge', async () => {
    expect(expectProblem(await get(lists[2]!, '?from=2026-12-02&to=2026-12-01'), 400, 'bad-request').errors?.map((e) => e.pointer)).toEqual(['/query/to']);
    expect(expectProblem(await get(lists[2]!, '?limit=0&colour=red&limit2=1'), 400, 'bad-request').errors?.map((e) => e.pointer)).toEqual(['/query/colour', '/query/limit2', '/query/limit']);
    expect(expectProblem(await get(lists[2]!, '?limit=0&after=x&from=no'), 400, 'bad-request').errors?.map((e) => e.pointer)).toEqual(['/query/limit']);
    expect(expectProblem(await get(lists[2]!, '?after=x&from=no'), 400, 'bad-request').errors?.map((e) => e.pointer)).toEqual(['/query/after', '/query/from']);
  });

  it('filters by a date-time window', async () => {
    const items = (await get(lists[2]!, `?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&action=handover.submit&limit=500`)).body.items;
    expect(items.length).toBeGreaterThanOrEqual(5);
    expect(items.every((e: { action: string }) => e.action === 'handover.submit')).toBe(true);
  });
});
