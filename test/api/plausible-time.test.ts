/**
 * A handover's own time must be plausible at receipt (issue 28.16): `createdAt` not more than 10
 * minutes after the time of receipt and not more than 2 years before it, at submission and in the
 * dry run (whose time of receipt is now); refused with the field and the rule named. A GP's result
 * names no day after the Danish day of its receipt (an assessment performed next week is a typing
 * error the municipality would plan by).
 */
import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, gpPractice, singleAdult, submit, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

const NOW = '2026-12-07T10:00:00.000Z';
let t: TestApp;
let w: World;
/** The service's time: NOW, but for the tests of a GP's result at the edge of the Danish day. */
let clockAt = NOW;
beforeAll(async () => {
  t = await startTestApp({}, { clock: () => new Date(clockAt) });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const createdAt = (iso: string) => ({ ...singleAdult(), createdAt: iso });
const tooLate = { pointer: '/createdAt', keyword: 'plausibleTime', message: `must not be more than 10 minutes after the time of receipt (${NOW})` };
const tooEarly = { pointer: '/createdAt', keyword: 'plausibleTime', message: `must not be more than 2 years before the time of receipt (${NOW})` };
const refusal = (error: object) => ({
  type: 'https://handover-exchange.dk/problems/validation-failed',
  title: 'The content is invalid',
  status: 422,
  detail: 'see errors',
  instance: expect.stringMatching(/^urn:request:/),
  code: 'validation-failed',
  errors: [error],
});

describe('POST /v1/validate', () => {
  it.each([
    ['2099-01-01T00:00:00Z', tooLate],
    ['2026-12-07T10:10:01Z', tooLate],
    ['1970-01-01T00:00:00Z', tooEarly],
    ['2024-12-07T09:59:59Z', tooEarly],
  ])('refuses createdAt %s (422, /createdAt, plausibleTime)', async (iso, error) => {
    const res = await request(t.app).post('/v1/validate').send(createdAt(iso));
    expect(res.status).toBe(422);
    expect(res.body).toEqual(refusal(error));
  });

  it.each(['2026-12-07T10:10:00Z', '2024-12-07T10:00:00Z', '2026-11-15T09:30:00Z'])('accepts createdAt %s, within the window', async (iso) => {
    const res = await request(t.app).post('/v1/validate').send(createdAt(iso));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ valid: true, documentType: 'handover' });
  });
});

describe('POST /v1/handovers', () => {
  it.each([
    ['2099-01-01T00:00:00Z', tooLate],
    ['1970-01-01T00:00:00Z', tooEarly],
  ])('refuses a signed handover created %s (422, /createdAt, plausibleTime) and stores nothing', async (iso, error) => {
    const before = await submittedCounts(t.deps);
    const res = await postCompact(t, w.drk.token, await signCompact(createdAt(iso), w.drk.key));
    expect(res.status).toBe(422);
    expect(res.body).toEqual(refusal(error));
    expect(await submittedCounts(t.deps)).toEqual(before);
  });

  it('accepts one created 10 minutes after its receipt (a sender clock a little fast)', async () => {
    const res = await postCompact(t, w.drk.token, await signCompact(createdAt('2026-12-07T10:10:00Z'), w.drk.key));
    expect(res.status, res.text).toBe(201);
  });
});

describe("a GP's result", () => {
  const result = (dates: { performedOn: string; givenOn?: string }): Doc => {
    const r = readValidFixture<Doc>('20-health-assessment-result-accepted');
    return { ...r, offeredOn: '2026-12-01', performedOn: dates.performedOn, consents: r.consents.map((c: Doc) => ({ ...c, givenOn: dates.givenOn ?? dates.performedOn })), resultId: crypto.randomUUID() };
  };
  const afterReceipt = (pointer: string, day: string) => ({ pointer, keyword: 'notAfterReceipt', message: `must not be after the day the result was received (${day})` });

  it('is refused in the dry run when it names a day after today, each such field named', async () => {
    const res = await request(t.app).post('/v1/validate').send({ ...result({ performedOn: '2026-12-08', givenOn: '2027-01-02' }), conclusion: { ...result({ performedOn: '2026-12-07' }).conclusion, source: { ...result({ performedOn: '2026-12-07' }).conclusion.source, date: '2026-12-08' } } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([afterReceipt('/performedOn', '2026-12-07'), afterReceipt('/conclusion/source/date', '2026-12-07'), afterReceipt('/consents/0/givenOn', '2026-12-07')]);
    const today = await request(t.app).post('/v1/validate').send(result({ performedOn: '2026-12-07' }));
    expect(today.status, today.text).toBe(200);
  });

  it('counts the day in Danish time: at 00:30 on 8 December in Copenhagen, the 8th is today', async () => {
    clockAt = '2026-12-07T23:30:00.000Z';
    try {
      const res = await request(t.app).post('/v1/validate').send(result({ performedOn: '2026-12-08' }));
      expect(res.status, res.text).toBe(200);
      const next = await request(t.app).post('/v1/validate').send(result({ performedOn: '2026-12-09' }));
      expect(next.body.errors).toEqual([afterReceipt('/performedOn', '2026-12-08'), afterReceipt('/consents/0/givenOn', '2026-12-08')]);
    } finally {
      clockAt = NOW;
    }
  });

  it('is refused when a practice signs and sends it, and nothing is stored', async () => {
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    const gp = await gpPractice(t, w.admin, 'laege-plausible');
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'P1', gpOrganisationId: gp.id }).expect(201);
    const signed = (r: Doc) => signCompact({ ...r, handoverId: doc.handoverId, personRef: 'P1', gpPractice: { ...r.gpPractice, organisationId: gp.id } }, gp.key, { typ: 'health-assessment-result+jws' });
    const refused = expectProblem(await postCompact(t, gp.token, await signed(result({ performedOn: '2026-12-10' })), '/v1/health-assessments'), 422, 'validation-failed');
    expect(refused.errors).toEqual([afterReceipt('/performedOn', '2026-12-07'), afterReceipt('/consents/0/givenOn', '2026-12-07')]);
    expect(await t.deps.db.connection.db!.collection('assessment_results').countDocuments({ handoverId: doc.handoverId })).toBe(0);
    const accepted = await postCompact(t, gp.token, await signed(result({ performedOn: '2026-12-07' })), '/v1/health-assessments');
    expect(accepted.status, accepted.text).toBe(201);
    expect(await t.deps.db.connection.db!.collection('assessment_results').countDocuments({ handoverId: doc.handoverId })).toBe(1);
  });
});
