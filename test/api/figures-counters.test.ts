/**
 * The figures read from counters kept as events happen (issue 31.5, 33.5), exact at a controlled
 * clock through the real app and database: after first versions and later ones, retrievals,
 * acknowledgements (one refused), questions asked and answered, handovers re-addressed to another
 * municipality, a record handed on (a transfer, which the figures leave with the handover's
 * holder, as they counted before) and a withdrawal; one counter per day, municipality and sender.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, nextVersion, readdressedVersion, singleAdult, submit, withdraw, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-09-01T08:00:00Z');
let now = T0;
let t: TestApp;
let w: World;
let auditor: string;
const aarhus: Doc[] = [];
const period = 'from=2026-09-01&to=2026-10-01';

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date(now) });
  w = await setupWorld(t);
  auditor = await auditorOf(t, w.admin);
  const read = (doc: Doc, token: string) => request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(token)).expect(200);
  const acknowledge = (doc: Doc, token: string, body: Doc = {}) => request(t.app).post(`/v1/handovers/${doc.handoverId}/acknowledgements`).set(as(token)).send(body).expect(201);

  // Six single adults to Aarhus, one a day from 1 September; the i-th read i+1 hours after it
  // arrived and acknowledged an hour after that (the last as "error"). The second may be handed on.
  for (let i = 0; i < 6; i++) {
    now = T0 + i * DAY;
    const doc = singleAdult('751');
    if (i === 1) doc.integrationResponsibilityFrom = '2026-09-01';
    await submit(t, w.drk, doc);
    aarhus.push(doc);
    now += (i + 1) * HOUR;
    await read(doc, w.aarhus.token);
    now += HOUR;
    await acknowledge(doc, w.aarhus.token, i === 5 ? { outcome: 'error', reason: 'Medicinlisten mangler' } : {});
  }
  // A seventh, withdrawn the day after: counted nowhere.
  now = T0 + 6 * DAY;
  const withdrawn = singleAdult('751');
  await submit(t, w.drk, withdrawn);
  now += DAY;
  await withdraw(t, w.drk, withdrawn.handoverId, 1);

  // Five sent to Aarhus on 8 September and read by it, re-addressed to Randers a day later, which
  // reads each 2 hours and acknowledges it 3 hours after it got it.
  for (let i = 0; i < 5; i++) {
    now = T0 + 7 * DAY + i * 2 * HOUR;
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    now += HOUR;
    await read(v1, w.aarhus.token);
    now += 23 * HOUR;
    await submit(t, w.drk, readdressedVersion(v1, '730', '2026-09-08'));
    now += 2 * HOUR;
    await read(v1, w.randers.token);
    now += HOUR;
    await acknowledge(v1, w.randers.token);
  }

  // The first gets a second version, read by Aarhus: still received (and first read) when its first was.
  now = T0 + 10 * DAY;
  await submit(t, w.drk, nextVersion(aarhus[0]!));
  await read(aarhus[0]!, w.aarhus.token);
  // A question on each of Aarhus's six, an hour apart from 13 September 08:00; the last one answered.
  for (const [k, doc] of aarhus.entries()) {
    now = T0 + 12 * DAY + k * HOUR;
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/questions`).set(as(w.aarhus.token)).send({ text: 'Er der journaler fra lejren?' }).expect(201);
  }
  now += HOUR;
  await request(t.app).post(`/v1/handovers/${aarhus[5]!.handoverId}/questions/1/answers`).set(as(w.drk.token)).send({ text: 'Nej.' }).expect(201);
  // The second's person moves to Randers: the record is handed on.
  now = T0 + 15 * DAY;
  await request(t.app).post(`/v1/handovers/${aarhus[1]!.handoverId}/transfers`).set(as(w.aarhus.token)).send({ toMunicipalityCode: '730', personRefs: ['P1'], movedOn: '2026-09-16' }).expect(201);
  // Reported on 21 September 08:00: the open questions are 8 days (the first) and 7 days old.
  now = T0 + 20 * DAY;
}, 240_000);
afterAll(() => t.close());

const figures = (token: string, query = period) => request(t.app).get(`/v1/figures?${query}`).set(as(token));

describe('the figures from their counters', () => {
  it("gives Aarhus exactly the six it holds: retrieval, acknowledgement, mental health and open questions", async () => {
    const res = await figures(w.aarhus.token).expect(200);
    expect(res.body.period).toEqual({ from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' });
    expect(res.body.groups.map((g: Doc) => `${g.scope}:${g.id}`)).toEqual(['municipality:751', 'sender:drk-asylum']);
    const [all, drk] = res.body.groups;
    expect(all).toEqual({ ...drk, scope: 'municipality', id: '751' });
    expect(all).toMatchObject({
      handoversReceived: 6,
      persons: 6,
      // Read after 1 to 6 hours: median 3.5, p90 (nearest rank) 6; acknowledged an hour after each, one refused (suppressed).
      firstRetrieval: { count: 6, medianHours: 3.5, p90Hours: 6, notYetRetrieved: 0 },
      acknowledgement: { count: 6, medianHours: 4.5, p90Hours: 7, refused: null, notYetAcknowledged: 0 },
      mentalHealth: { assessed: 6, withFindings: 6, noFindings: 0, notAssessed: 0, declined: 0, notApplicable: 0, assessedShare: 1, withFindingsShare: 1 },
      openQuestions: { count: 5, medianAgeDays: 7, oldestAgeDays: 8 },
    });
  });

  it('gives Randers the five re-addressed to it, timed from the version it received, and the sender and auditor both', async () => {
    const [randers] = (await figures(w.randers.token).expect(200)).body.groups;
    expect(randers).toMatchObject({
      id: '730',
      handoversReceived: 5,
      firstRetrieval: { count: 5, medianHours: 2, p90Hours: 2, notYetRetrieved: 0 },
      acknowledgement: { count: 5, medianHours: 3, p90Hours: 3, refused: 0, notYetAcknowledged: 0 },
      openQuestions: { count: 0, medianAgeDays: null, oldestAgeDays: null },
    });
    const label = (g: Doc) => `${g.scope}:${g.id}:${g.handoversReceived}:${g.persons}`;
    expect((await figures(w.drk.token).expect(200)).body.groups.map(label)).toEqual(['sender:drk-asylum:11:11', 'municipality:730:5:5', 'municipality:751:6:6']);
    expect((await figures(auditor).expect(200)).body.groups.map(label)).toEqual(['municipality:730:5:5', 'municipality:751:6:6', 'sender:drk-asylum:11:11']);
  });

  it('counts whole days: the days of the period, the day the holder received each', async () => {
    // Aarhus's first three days: three handovers, every count suppressed; Randers received its five on 9 September.
    expect((await figures(w.aarhus.token, 'from=2026-09-01&to=2026-09-04').expect(200)).body.groups[0]).toMatchObject({ handoversReceived: null, persons: null, firstRetrieval: { count: null, medianHours: null } });
    expect((await figures(w.randers.token, 'from=2026-09-09T00:00:00Z&to=2026-09-10').expect(200)).body.groups[0]).toMatchObject({ handoversReceived: 5 });
    expect((await figures(w.randers.token, 'from=2026-09-08&to=2026-09-09').expect(200)).body.groups).toEqual([]);
    // One counter per day, municipality and sender: Aarhus's six days and Randers's one (the withdrawn one's is gone).
    const counters = await t.deps.db.connection.db!.collection('figure_counters').find({}).toArray();
    expect(counters.map((c) => `${c.day}|${c.municipalityCode}|${c.handovers}`).sort()).toEqual([
      '2026-09-01|751|1',
      '2026-09-02|751|1',
      '2026-09-03|751|1',
      '2026-09-04|751|1',
      '2026-09-05|751|1',
      '2026-09-06|751|1',
      '2026-09-09|730|5',
    ]);
  });

  it('refuses a period that is not whole days or is longer than five years, naming the parameter', async () => {
    const half = expectProblem(await figures(w.aarhus.token, 'from=2026-09-01T12:00:00Z&to=2026-10-01'), 400, 'bad-request');
    expect(half.errors).toEqual([{ pointer: '/query/from', keyword: 'wholeDay', message: 'must be a whole day: a date YYYY-MM-DD, or a date-time at 00:00 UTC' }]);
    const long = expectProblem(await figures(w.aarhus.token, 'from=2000-01-01&to=2026-01-01'), 400, 'bad-request');
    expect(long.errors).toEqual([{ pointer: '/query/from', keyword: 'maximum', message: 'the period must be at most 1827 days' }]);
  });
});
