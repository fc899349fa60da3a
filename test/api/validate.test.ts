import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/problem.js';
import { invalidFixtures, readValidFixture } from '../helpers/fixtures.js';
import { rawRequest } from '../helpers/raw-request.js';
import { storedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  atStart = Object.values(await storedCounts(t.deps)).reduce((a, b) => a + b, 0);
});
afterAll(() => t.close());

/** Documents stored since the app started (it keeps one of its own: where the orphan sweeper resumes). */
async function storedDocuments(): Promise<number> {
  return Object.values(await storedCounts(t.deps)).reduce((a, b) => a + b, 0) - atStart;
}
let atStart = 0;

describe('GET /v1/schemas', () => {
  it('lists every published schema with a link', async () => {
    const res = await request(t.app).get('/v1/schemas');
    expect(res.status).toBe(200);
    const names = res.body.schemas.map((s: { name: string; version: string }) => `${s.name}/${s.version}`);
    expect(names).toEqual(['1.0', '1.1', '1.2'].flatMap((v) => ['common', 'handover', 'handover-withdrawal', 'health-assessment-result', 'health-screening', 'social-information'].map((n) => `${n}/${v}`)).sort((a, b) => a.split('/')[0]!.localeCompare(b.split('/')[0]!) || a.localeCompare(b)));
    expect(res.body.schemas.find((s: { id: string }) => s.id.includes('/handover/1.0/'))).toMatchObject({ id: 'https://handover-exchange.dk/schemas/handover/1.0/handover.schema.json', href: '/v1/schemas/handover/1.0' });
  });

  it('serves a schema as published, cacheable forever, with an ETag and 304 on revalidation', async () => {
    const res = await request(t.app).get('/v1/schemas/health-screening/1.0');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const schema = JSON.parse(res.text);
    expect(schema.$id).toBe('https://handover-exchange.dk/schemas/health-screening/1.0/health-screening.schema.json');
    expect(schema.properties.medications['x-label']).toEqual({ da: 'Medicin', en: 'Medications' });
    const again = await request(t.app).get('/v1/schemas/health-screening/1.0').set('If-None-Match', res.headers.etag!);
    expect(again.status).toBe(304);
  });

  it('answers an unknown schema or version with 404 problem+json', async () => {
    expectProblem(await request(t.app).get('/v1/schemas/handover/9.9'), 404, 'not-found');
    expectProblem(await request(t.app).get('/v1/schemas/..%2F..%2Fpackage.json/1.0'), 404, 'not-found');
  });
});

describe('POST /v1/validate (dry run)', () => {
  it('returns the completeness report and deadlines of a valid handover, and stores nothing', async () => {
    const res = await request(t.app).post('/v1/validate').send(readValidFixture('06-ptsd-medication-runs-out'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, documentType: 'handover', schemaVersion: '1.0' });
    expect(res.body.completeness.score).toBeGreaterThan(80);
    expect(res.body.completeness.persons[0].personRef).toBe('T1');
    expect(res.body.deadlines[0]).toEqual({ personRef: 'T1', kind: 'medication-supply-ends', date: '2026-12-11', detail: 'Quetiapin', critical: true });
    expect(await storedDocuments()).toBe(0);
  });

  it('validates a health-assessment result', async () => {
    const res = await request(t.app).post('/v1/validate').send(readValidFixture('20-health-assessment-result-accepted'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ valid: true, documentType: 'health-assessment-result', schemaVersion: '1.0' });
  });

  it.each(invalidFixtures().map((c) => [c.name, c] as const))('rejects %s with 422 (or 400 for unparseable JSON) naming the pointers and rules', async (_n, c) => {
    const res = await rawRequest(t.app, 'POST', '/v1/validate', { 'Content-Type': 'application/json' }, c.bytes);
    const parserRejects = c.expected.errors.some((e) => e.keyword === 'forbiddenKey');
    const body = expectProblem(res, parserRejects ? 400 : 422, parserRejects ? 'forbidden-json-key' : 'validation-failed');
    expect(body.errors!.map(({ pointer, keyword }) => ({ pointer, keyword }))).toEqual(c.expected.errors);
  });

  it('never echoes submitted names or diagnoses in an error', async () => {
    const doc = readValidFixture<Record<string, any>>('06-ptsd-medication-runs-out');
    doc.persons[0].healthScreening.mentalHealth.diagnoses.entries[0].icd10 = 'PTSD';
    const res = await request(t.app).post('/v1/validate').send(doc);
    expectProblem(res, 422, 'validation-failed');
    expect(res.text).not.toMatch(/Reza|Moradi|PTSD|F43/);
    expect(await storedDocuments()).toBe(0);
  });

  it('refuses a body that is not JSON with 415', async () => {
    expectProblem(await request(t.app).post('/v1/validate').set('Content-Type', 'text/plain').send('hello'), 415, 'unsupported-media-type');
  });

  it('allows only POST', async () => {
    const res = await request(t.app).get('/v1/validate');
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('POST');
  });
});
