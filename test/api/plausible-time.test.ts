/**
 * A handover's own time must be plausible at receipt (issue 28.16): `createdAt` not more than 10
 * minutes after the time of receipt and not more than 2 years before it, at submission and in the
 * dry run (whose time of receipt is now); refused with the field and the rule named.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleAdult } from '../helpers/handovers.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

const NOW = '2026-12-07T10:00:00.000Z';
let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({}, { clock: () => new Date(NOW) });
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
