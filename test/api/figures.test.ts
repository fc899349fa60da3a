/**
 * Figures that show whether health information arrives: per municipality and per sender, over a
 * period, through the real app and database. The clock is the test's, so the hours between
 * submission, first retrieval and acknowledgement are known; counts from 1 to 4 are suppressed.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFigures, figureRows, mentalHealthStateOf, type HandoverFigureInput } from '../../src/domain/figures.js';
import { as, auditorOf, gpPractice, quotaFamily, singleAdult, submit, temporaryProtection, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-09-01T08:00:00Z');
let now = T0;
let t: TestApp;
let w: World;
let auditor: string;
const period = `from=2026-08-31&to=2026-12-31`;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date(now) });
  w = await setupWorld(t);
  auditor = await auditorOf(t, w.admin);

  // Six handovers from the asylum centre (eight persons, mental health assessed for all, with
  // findings for six); each retrieved 1, 2, 3, 4, 5 and 10 hours after it was received and
  // acknowledged an hour after that, the last one as "error".
  const delays = [1, 2, 3, 4, 5, 10];
  for (const [i, delay] of delays.entries()) {
    now = T0 + i * 24 * HOUR;
    const doc: Doc = i === 0 ? temporaryProtection('751') : singleAdult('751');
    await submit(t, w.drk, doc);
    now += delay * HOUR;
    await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token)).expect(200);
    now += HOUR;
    const outcome = i === delays.length - 1 ? { outcome: 'error', reason: 'Medicinlisten mangler: se spørgsmål 1' } : {};
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/acknowledgements`).set(as(w.aarhus.token)).send(outcome).expect(201);
  }
  // Two quota families from IOM (eight persons, mental health not assessed: not the sender's
  // remit), neither retrieved yet; one question waits on the first.
  for (const i of [0, 1]) {
    now = T0 + (7 + i) * 24 * HOUR;
    const doc = quotaFamily('751');
    await submit(t, w.iom, doc);
    if (i === 0) await request(t.app).post(`/v1/handovers/${doc.handoverId}/questions`).set(as(w.aarhus.token)).send({ text: 'Er der journaler fra lejren?' }).expect(201);
  }
  now = T0 + 12 * 24 * HOUR;
});
afterAll(() => t.close());

const figures = (token: string, query = period) => request(t.app).get(`/v1/figures?${query}`).set(as(token));

describe('GET /v1/figures', () => {
  it("gives a municipality its figures in all and per sender: hours to first retrieval and acknowledgement, mental health as handed over, small counts suppressed", async () => {
    const res = await figures(w.aarhus.token).expect(200);
    expect(res.body.period).toEqual({ from: '2026-08-31T00:00:00.000Z', to: '2026-12-31T00:00:00.000Z' });
    expect(res.body.suppressBelow).toBe(5);
    expect(res.body.groups.map((g: Doc) => `${g.scope}:${g.id}`)).toEqual(['municipality:751', 'sender:drk-asylum', 'sender:iom-kampala']);
    const [all, drk, iom] = res.body.groups;
    expect(all).toMatchObject({
      handoversReceived: 8,
      persons: 16,
      // Retrieved after 1, 2, 3, 4, 5 and 10 hours: median 3.5, p90 (nearest rank) 10; two not yet (suppressed).
      firstRetrieval: { count: 6, medianHours: 3.5, p90Hours: 10, notYetRetrieved: null },
      acknowledgement: { count: 6, medianHours: 4.5, p90Hours: 11, refused: null, notYetAcknowledged: null },
      mentalHealth: {
        assessed: 8,
        withFindings: 6,
        noFindings: null,
        notAssessed: 8,
        notAssessedByReason: { 'not-senders-remit': 8 },
        declined: 0,
        notApplicable: 0,
        assessedShare: 0.5,
        withFindingsShare: 0.375,
      },
      openQuestions: { count: null, medianAgeDays: null, oldestAgeDays: null },
    });
    expect(Object.values(all.completeness.distribution).some((n) => n !== 0)).toBe(true);
    expect(drk).toMatchObject({ handoversReceived: 6, persons: 8, mentalHealth: { assessed: 8, withFindings: 6, notAssessed: 0, assessedShare: 1, withFindingsShare: 0.75 } });
    // Two handovers from IOM: every count of them could single a family out.
    expect(iom).toMatchObject({ handoversReceived: null, persons: 8, firstRetrieval: { count: 0, medianHours: null }, mentalHealth: { assessed: 0, notAssessed: 8, assessedShare: 0, withFindingsShare: 0 } });
  });

  it('counts only the handovers first received in the period, and shows another municipality none of them', async () => {
    const firstWeek = (await figures(w.aarhus.token, 'from=2026-08-31&to=2026-09-05').expect(200)).body.groups[0];
    expect(firstWeek).toMatchObject({ id: '751', handoversReceived: null, firstRetrieval: { count: null, medianHours: null } });
    expect((await figures(w.aarhus.token, 'from=2027-01-01&to=2027-02-01').expect(200)).body.groups).toEqual([]);
    expect((await figures(w.randers.token).expect(200)).body.groups).toEqual([]);
  });

  it('gives a sender its own figures in all and per municipality, and an auditor everyone’s', async () => {
    const own = (await figures(w.drk.token).expect(200)).body.groups;
    expect(own.map((g: Doc) => `${g.scope}:${g.id}:${g.handoversReceived}`)).toEqual(['sender:drk-asylum:6', 'municipality:751:6']);
    const everyone = (await figures(auditor).expect(200)).body.groups;
    expect(everyone.map((g: Doc) => `${g.scope}:${g.id}:${g.handoversReceived}`)).toEqual(['municipality:751:8', 'sender:drk-asylum:6', 'sender:iom-kampala:null']);
  });

  it('answers CSV to Accept: text/csv or ?format=csv, one row per group, suppressed counts as "<5"', async () => {
    for (const res of [await figures(w.aarhus.token).set('Accept', 'text/csv'), await figures(w.aarhus.token, `${period}&format=csv`)]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename=handover-figures-2026-08-31-2026-12-31.csv');
      const [header, ...rows] = res.text.trim().split('\n').map((l) => l.split(','));
      expect(rows.map((r) => `${r[0]}:${r[1]}`)).toEqual(['municipality:751', 'sender:drk-asylum', 'sender:iom-kampala']);
      const cell = (row: string[], column: string) => row[header!.indexOf(column)];
      expect([cell(rows[0]!, 'handoversReceived'), cell(rows[0]!, 'hoursToFirstRetrievalMedian'), cell(rows[0]!, 'mentalHealthNoFindings'), cell(rows[0]!, 'mentalHealthNotAssessed:not-senders-remit')]).toEqual(['8', '3.5', '<5', '8']);
      expect(cell(rows[2]!, 'handoversReceived')).toBe('<5');
    }
  });

  it('refuses other roles and bad periods, and audits each read', async () => {
    const gp = await gpPractice(t, w.admin, 'figures-gp');
    expectProblem(await figures(gp.token), 403, 'forbidden');
    const bad = expectProblem(await figures(w.aarhus.token, 'from=last-year&format=xml'), 400, 'bad-request');
    expect(bad.errors!.map((e) => e.pointer)).toEqual(['/query/format']);
    const order = expectProblem(await figures(w.aarhus.token, 'from=2026-12-01&to=2026-11-01'), 400, 'bad-request');
    expect(order.errors).toEqual([{ pointer: '/query/to', keyword: 'dateOrder', message: 'must be after from' }]);
    const log = (await request(t.app).get('/v1/audit?action=figures.read').set(as(auditor)).expect(200)).body;
    expect(log.items.filter((e: Doc) => e.action === 'figures.read').length).toBeGreaterThanOrEqual(5);
  });
});

describe('the figures as a pure function', () => {
  const base: HandoverFigureInput = { senderOrganisationId: 's', municipalityCode: '751', receivedAt: new Date(T0), refused: false, completenessScore: 50, persons: [], openQuestionAgesDays: [] };

  it('takes a person’s mental health as handed over from its five sections', () => {
    const s = (status: string, reason?: string) => ({ status, ...(reason ? { reason } : {}) });
    expect(mentalHealthStateOf({ screenings: s('not-assessed', 'no-interpreter'), diagnoses: s('findings') })).toEqual({ mentalHealth: 'findings' });
    expect(mentalHealthStateOf({ screenings: s('no-findings'), traumaExposure: s('declined') })).toEqual({ mentalHealth: 'no-findings' });
    expect(mentalHealthStateOf({ screenings: s('declined'), diagnoses: s('not-assessed', 'no-time') })).toEqual({ mentalHealth: 'declined' });
    expect(mentalHealthStateOf({ screenings: s('not-applicable'), diagnoses: s('not-assessed', 'no-time') })).toEqual({ mentalHealth: 'not-assessed', notAssessedReason: 'no-time' });
    expect(mentalHealthStateOf({ screenings: s('not-applicable') })).toEqual({ mentalHealth: 'not-applicable' });
  });

  it('shows 0 and counts from 5, suppresses 1 to 4 and every median, share and age built on them', () => {
    const four = Array.from({ length: 4 }, () => ({ ...base, firstRetrievedAt: new Date(T0 + HOUR), openQuestionAgesDays: [3] }));
    const [g] = computeFigures(four, ['municipality']);
    expect(g).toMatchObject({ handoversReceived: null, firstRetrieval: { count: null, medianHours: null, p90Hours: null, notYetRetrieved: 0 }, openQuestions: { count: null, oldestAgeDays: null } });
    const [g5] = computeFigures([...four, { ...base, firstRetrievedAt: new Date(T0 + 11 * HOUR), openQuestionAgesDays: [30] }], ['municipality']);
    expect(g5).toMatchObject({ handoversReceived: 5, firstRetrieval: { count: 5, medianHours: 1, p90Hours: 11 }, openQuestions: { count: 5, medianAgeDays: 3, oldestAgeDays: 30 } });
    expect(g5!.completeness).toEqual({ medianScore: 50, distribution: { '0-19': 0, '20-39': 0, '40-59': 5, '60-79': 0, '80-100': 0 } });
    expect(figureRows([g!, g5!]).rows.map((r) => r.slice(0, 3))).toEqual([
      ['municipality', '751', '<5'],
      ['municipality', '751', 5],
    ]);
  });
});
