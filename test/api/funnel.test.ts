/**
 * The funnel of the audit's figure (issue 31.5), from the counters kept as events happen, through
 * the real app and database with the test's clock. Aarhus receives six single adults in October
 * (mental-health findings; one submission retried, every read made twice), retrieves five before
 * arrival, assigns them a GP who reads each summary and returns each result. Five more go to
 * Aarhus, are read there, and are re-addressed to Randers in November, which reads them 19 days
 * after arrival. A family of five sent to Aarhus in October, read there, is handed on to Randers
 * in December (all five moved), which reads the record 9 days after arrival. Each person is
 * counted once, for the municipality holding them; small counts suppressed.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_COLUMNS } from '../../src/domain/funnel.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, auditorOf, family, gpPractice, nextVersion, singleAdult, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type TestOrg, type World } from '../helpers/world.js';

const DAY = 86_400_000;
let now = Date.parse('2026-10-05T08:00:00Z');
let t: TestApp;
let w: World;
let gp: TestOrg;
let auditor: string;
const period = 'from=2026-10&to=2026-12';

const read = (id: string, token: string) => request(t.app).get(`/v1/handovers/${id}`).set(as(token)).expect(200);

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date(now) });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-funnel');
  auditor = await auditorOf(t, w.admin);

  // October: six single adults to Aarhus; the first is sent twice (the same signed bytes: a retry).
  const singles = Array.from({ length: 6 }, () => singleAdult('751'));
  for (const [i, doc] of singles.entries()) {
    if (i > 0) {
      await submit(t, w.drk, doc);
      continue;
    }
    doc.createdAt = new Date(now).toISOString();
    const jws = await signCompact(doc, w.drk.key);
    const first = await postCompact(t, w.drk.token, jws);
    expect(first.status, first.text).toBe(201);
    expect((await postCompact(t, w.drk.token, jws)).status).toBe(200);
  }
  now += DAY;
  for (const doc of singles.slice(0, 5)) {
    await read(doc.handoverId, w.aarhus.token);
    await read(doc.handoverId, w.aarhus.token);
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'P1', gpOrganisationId: gp.id }).expect(201);
    for (let n = 0; n < 2; n++) await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/P1`).set(as(gp.token)).expect(200);
    const r = readValidFixture<Doc>('20-health-assessment-result-accepted');
    // Assessed the day it is returned: a result may name no day after its receipt.
    const day = new Date(now).toISOString().slice(0, 10);
    const conclusion = { ...r.conclusion, source: { ...r.conclusion.source, date: day } };
    const result = { ...r, offeredOn: day, performedOn: day, conclusion, consents: r.consents.map((c: Doc) => ({ ...c, givenOn: day })), resultId: crypto.randomUUID(), handoverId: doc.handoverId, personRef: 'P1', gpPractice: { ...r.gpPractice, organisationId: gp.id } };
    expect((await postCompact(t, gp.token, await signCompact(result, gp.key, { typ: 'health-assessment-result+jws' }), '/v1/health-assessments')).status).toBe(201);
  }

  // October: five more to Aarhus, read there; and the family of five, read there.
  const moving = Array.from({ length: 5 }, () => singleAdult('751'));
  for (const doc of moving) await submit(t, w.drk, doc);
  const household = withoutAttachments(family('751'));
  await submit(t, w.drk, household);
  for (const doc of [...moving, household]) await read(doc.handoverId, w.aarhus.token);

  // November: the five are re-addressed to Randers.
  now = Date.parse('2026-11-05T08:00:00Z');
  for (const doc of moving) {
    const v2: Doc = nextVersion(doc);
    v2.schemaVersion = '1.1';
    v2.createdAt = new Date(now).toISOString();
    v2.recipient = { municipalityCode: '730', readdressing: { fromMunicipalityCode: '751', reason: 'reassigned-by-immigration-service', decidedOn: '2026-11-04' } };
    await submit(t, w.drk, v2);
  }

  // December 10: the family moved to Randers on the 8th; Aarhus hands the record on, Randers reads it.
  now = Date.parse('2026-12-10T09:00:00Z');
  const moved = await request(t.app).post(`/v1/handovers/${household.handoverId}/transfers`).set(as(w.aarhus.token)).send({ toMunicipalityCode: '730', personRefs: ['F1', 'F2', 'F3', 'F4', 'F5'], movedOn: '2026-12-08' });
  expect(moved.status, moved.text).toBe(201);
  await request(t.app).get(`/v1/transfers/${moved.body.transferId}`).set(as(w.randers.token)).expect(200);

  // December 20: Randers reads the re-addressed five, 19 days after their arrival.
  now = Date.parse('2026-12-20T09:00:00Z');
  for (const doc of moving) await read(doc.handoverId, w.randers.token);
});
afterAll(() => t.close());

const funnel = (token: string, query = period) => request(t.app).get(`/v1/funnel?${query}`).set(as(token));
const stages = (handedOver: number | null, retrieved: number | null, within7: number | null, within30: number | null, gpAssigned = 0, gpSummaryRead = 0, gpResultReturned = 0) => ({
  handedOver,
  retrieved,
  retrievedWithin7Days: within7,
  retrievedWithin30Days: within30,
  gpAssigned,
  gpSummaryRead,
  gpResultReturned,
});
const none = stages(0, 0, 0, 0);

describe('GET /v1/funnel', () => {
  it('counts each person once for the municipality holding them: retries, second reads, re-addressing and transfers included', async () => {
    const aarhus = (await funnel(w.aarhus.token).expect(200)).body;
    expect(aarhus.period).toEqual({ from: '2026-10', to: '2026-12' });
    expect(aarhus.groups.map((g: Doc) => `${g.scope}:${g.id}`)).toEqual(['municipality:751', 'sender:drk-asylum']);
    const six = stages(6, 5, 5, 5, 5, 5, 5);
    // The re-addressed five and the family handed on are Randers's now: only the six singles stay.
    expect(aarhus.groups[0].total).toEqual({ everyone: six, mentalHealthFindings: six, mustNotInterruptMedication: none, anyHealthFinding: six });
    expect(aarhus.groups[0].months.map((m: Doc) => [m.month, m.funnel.everyone.handedOver])).toEqual([['2026-10', 6], ['2026-11', 0], ['2026-12', 0]]);

    const randers = (await funnel(w.randers.token).expect(200)).body.groups;
    expect(randers.map((g: Doc) => `${g.scope}:${g.id}`)).toEqual(['municipality:730', 'sender:drk-asylum']);
    // Ten persons: the five re-addressed (received in November, read 19 days after arrival) and the family (from December, read 9 days after).
    expect(randers[0].total).toEqual({
      everyone: stages(10, 10, 0, 10),
      mentalHealthFindings: stages(5, 5, 0, 5),
      mustNotInterruptMedication: stages(null, null, 0, null),
      anyHealthFinding: stages(10, 10, 0, 10),
    });
    const [october, november, december] = randers[0].months;
    expect(october.funnel.everyone).toEqual(none);
    expect(november).toEqual({ month: '2026-11', funnel: { everyone: stages(5, 5, 0, 5), mentalHealthFindings: stages(5, 5, 0, 5), mustNotInterruptMedication: none, anyHealthFinding: stages(5, 5, 0, 5) } });
    expect(december.funnel.everyone).toEqual(stages(5, 5, 0, 5));
  });

  it('gives a sender its own in all and per municipality, and an auditor every municipality and sender', async () => {
    const sender = (await funnel(w.drk.token).expect(200)).body.groups;
    expect(sender.map((g: Doc) => `${g.scope}:${g.id}:${g.total.everyone.handedOver}`)).toEqual(['sender:drk-asylum:16', 'municipality:730:10', 'municipality:751:6']);
    expect(sender[0].total.mentalHealthFindings).toEqual(stages(11, 10, 5, 10, 5, 5, 5));
    const everyone = (await funnel(auditor).expect(200)).body.groups;
    expect(everyone.map((g: Doc) => `${g.scope}:${g.id}:${g.total.everyone.retrieved}`)).toEqual(['municipality:730:10', 'municipality:751:5', 'sender:drk-asylum:15']);
    // A period without the events: the same groups are not shown.
    expect((await funnel(auditor, 'from=2027-01&to=2027-03').expect(200)).body.groups).toEqual([]);
    expectProblem(await request(t.app).get(`/v1/funnel?${period}`).set(as(gp.token)), 403, 'forbidden');
  });

  it('answers CSV with fixed columns, suppressed counts as "<5", and refuses a bad period naming the field', async () => {
    const res = await funnel(w.randers.token, `${period}&format=csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = res.text.trim().split('\n');
    expect(header!.split(',')).toEqual(FUNNEL_COLUMNS);
    expect(FUNNEL_COLUMNS.slice(0, 5)).toEqual(['scope', 'id', 'month', 'everyone:handedOver', 'everyone:retrieved']);
    const cells = (row: string) => Object.fromEntries(row.split(',').map((v, i) => [FUNNEL_COLUMNS[i], v]));
    const total = cells(rows[0]!);
    expect(total).toMatchObject({ scope: 'municipality', id: '730', month: 'all', 'everyone:handedOver': '10', 'mustNotInterruptMedication:handedOver': '<5', 'everyone:retrievedWithin7Days': '0' });
    expect(rows.map((r) => r.split(',').slice(0, 3).join(' '))).toEqual([
      'municipality 730 all',
      'municipality 730 2026-10',
      'municipality 730 2026-11',
      'municipality 730 2026-12',
      'sender drk-asylum all',
      'sender drk-asylum 2026-10',
      'sender drk-asylum 2026-11',
      'sender drk-asylum 2026-12',
    ]);
    const bad = expectProblem(await funnel(w.aarhus.token, 'from=2026-13&to=2026-10'), 400, 'bad-request');
    expect(bad.errors).toEqual([{ pointer: '/query/from', keyword: 'pattern', message: 'does not have the required format' }]);
    const order = expectProblem(await funnel(w.aarhus.token, 'from=2026-12&to=2026-10'), 400, 'bad-request');
    expect(order.errors).toEqual([{ pointer: '/query/to', keyword: 'dateOrder', message: 'must not be before from' }]);
  });
});
