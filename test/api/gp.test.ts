/** GP practices: assignment by the municipality, the health summary under consent, signed assessment results. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, gpPractice, submit, temporaryProtection, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let otherGp: TestOrg;
let doc: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-aarhus-1');
  otherGp = await gpPractice(t, w.admin, 'gp-aarhus-2');
  // fixture 07: S1 consents to the GP; S2 and S3 do not
  doc = temporaryProtection('751');
  await submit(t, w.drk, doc);
});
afterAll(() => t.close());

const assign = (personRef: string, gpOrganisationId: string, token = w.aarhus.token) =>
  request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(token)).send({ personRef, gpOrganisationId });

function result(personRef: string, practice: TestOrg, extra: Doc = {}): Doc {
  const r = readValidFixture<Doc>('20-health-assessment-result-accepted');
  return { ...r, resultId: crypto.randomUUID(), handoverId: doc.handoverId, personRef, gpPractice: { ...r.gpPractice, organisationId: practice.id }, ...extra };
}

const signResult = (r: Doc, practice: TestOrg) => signCompact(r, practice.key, { typ: 'health-assessment-result+jws' });

describe('assigning persons to GP practices', () => {
  it('lets the addressed municipality assign a person to a registered GP practice, and nobody else', async () => {
    const res = await assign('S1', gp.id);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ handoverId: doc.handoverId, personRef: 'S1', gpOrganisationId: gp.id, municipalityCode: '751', assignedBy: 'aarhus' });
    expect((await assign('S2', gp.id)).status).toBe(201);
    expectProblem(await assign('S1', gp.id, w.randers.token), 404, 'not-found');
    expectProblem(await assign('S1', gp.id, w.drk.token), 403, 'forbidden');
    const bad = expectProblem(await assign('X1', 'drk-asylum'), 422, 'validation-failed');
    expect(bad.errors!.map((e) => e.pointer).sort()).toEqual(['/gpOrganisationId', '/personRef']);
  });
});

describe('what the GP sees', () => {
  it('lists assigned persons: named only where consent covers the GP', async () => {
    const res = await request(t.app).get('/v1/gp/persons').set(as(gp.token));
    expect(res.status, res.text).toBe(200);
    const s1 = res.body.persons.find((p: Doc) => p.personRef === 'S1');
    const s2 = res.body.persons.find((p: Doc) => p.personRef === 'S2');
    expect(s1).toMatchObject({ consent: 'covers-gp', name: expect.any(String), href: `/v1/gp/persons/${doc.handoverId}/S1` });
    expect(s2).toEqual({ handoverId: doc.handoverId, personRef: 'S2', assignedAt: expect.any(String), consent: 'missing' });
    expect((await request(t.app).get('/v1/gp/persons').set(as(otherGp.token))).body.persons).toEqual([]);
  });

  it('gives the health summary with consent, and nothing of the social information', async () => {
    const res = await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/S1`).set(as(gp.token));
    expect(res.status, res.text).toBe(200);
    const s1 = doc.persons.find((p: Doc) => p.personRef === 'S1');
    expect(res.body.healthScreening).toEqual(s1.healthScreening);
    expect(res.body.identity).toMatchObject({ givenNames: s1.socialInformation.identity.givenNames, dateOfBirth: s1.socialInformation.identity.dateOfBirth });
    expect(res.body.languages.motherTongue).toEqual(s1.socialInformation.languages.motherTongue);
    expect(res.body).not.toHaveProperty('socialInformation');
    for (const social of ['education', 'housing', 'employment', 'family', 'residence', 'socialNetwork']) expect(JSON.stringify(res.body)).not.toContain(`"${social}"`);
    // other persons of the household are not in it
    expect(JSON.stringify(res.body)).not.toContain(doc.persons.find((p: Doc) => p.personRef === 'S2').socialInformation.identity.givenNames);
  });

  it('refuses the summary without GP consent (403 consent-missing), and for a person not assigned to the practice (404)', async () => {
    expectProblem(await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/S2`).set(as(gp.token)), 403, 'consent-missing');
    expectProblem(await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/S3`).set(as(gp.token)), 404, 'not-found');
    expectProblem(await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/S1`).set(as(otherGp.token)), 404, 'not-found');
  });

  it('follows consent changes: withdrawn GP consent closes the summary from the next read on', async () => {
    const other = temporaryProtection('751');
    await submit(t, w.drk, other);
    await request(t.app).post(`/v1/handovers/${other.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'S1', gpOrganisationId: gp.id });
    const path = `/v1/gp/persons/${other.handoverId}/S1`;
    expect((await request(t.app).get(path).set(as(gp.token))).status).toBe(200);
    const change = await request(t.app).post(`/v1/handovers/${other.handoverId}/consent-changes`).set(as(w.aarhus.token)).send({ personRef: 'S1', audience: 'gp', scope: 'health', action: 'withdrawn', obtainedHow: 'Borgeren trak samtykket tilbage ved møde' });
    expect(change.status).toBe(201);
    expectProblem(await request(t.app).get(path).set(as(gp.token)), 403, 'consent-missing');
  });
});

describe('health-assessment results', () => {
  it('accepts a signed result from the assigned GP with a receipt; a retry gets the same receipt; a changed one with the same id is 409', async () => {
    const r = result('S1', gp);
    const jws = await signResult(r, gp);
    const res = await postCompact(t, gp.token, jws, '/v1/health-assessments');
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ handoverId: doc.handoverId, senderOrganisationId: gp.id, receiptId: expect.any(String) });
    const again = await postCompact(t, gp.token, jws, '/v1/health-assessments');
    expect(again.status).toBe(200);
    expect(again.body.receiptId).toBe(res.body.receiptId);
    expectProblem(await postCompact(t, gp.token, await signResult({ ...r, doctor: 'En anden læge' }, gp), '/v1/health-assessments'), 409, 'result-id-conflict');
    const own = await request(t.app).get('/v1/health-assessments').set(as(gp.token));
    expect(own.body.results.map((x: Doc) => x.resultId)).toEqual([r.resultId]);
    expect((await request(t.app).get('/v1/health-assessments').set(as(otherGp.token))).body.results).toEqual([]);
  });

  it('rejects a result for a person not assigned to the practice, signed as another type, or naming another practice; nothing stored', async () => {
    const count = async () => (await t.deps.db.connection.db!.collection('assessment_results').countDocuments({}));
    const before = await count();
    expectProblem(await postCompact(t, otherGp.token, await signResult(result('S1', otherGp), otherGp), '/v1/health-assessments'), 404, 'not-found');
    expectProblem(await postCompact(t, gp.token, await signCompact(result('S1', gp), gp.key), '/v1/health-assessments'), 422, 'jws-typ-invalid');
    expectProblem(await postCompact(t, gp.token, await signResult(result('S1', otherGp), gp), '/v1/health-assessments'), 422, 'sender-mismatch');
    expectProblem(await postCompact(t, gp.token, await signResult({ ...result('S1', gp), outcome: 'perhaps' }, gp), '/v1/health-assessments'), 422, 'validation-failed');
    expectProblem(await postCompact(t, w.drk.token, await signResult(result('S1', gp), w.drk), '/v1/health-assessments'), 403, 'forbidden');
    expect(await count()).toBe(before);
  });

  it('shows the coordinating department a result only with the GP -> coordinating department consent it carries', async () => {
    const shared = result('S1', gp);
    const notShared = result('S1', gp, { consents: [] });
    for (const r of [shared, notShared]) expect((await postCompact(t, gp.token, await signResult(r, gp), '/v1/health-assessments')).status).toBe(201);
    const res = await request(t.app).get(`/v1/handovers/${doc.handoverId}/health-assessments`).set(as(w.aarhus.token));
    expect(res.status, res.text).toBe(200);
    const byId = Object.fromEntries(res.body.results.map((x: Doc) => [x.resultId, x]));
    expect(byId[shared.resultId].document.conclusion).toEqual(shared.conclusion);
    expect(byId[notShared.resultId]).toEqual({ resultId: notShared.resultId, personRef: 'S1', receivedAt: expect.any(String), withheld: { reason: 'consent-missing', audience: 'coordinating-department' } });
    expectProblem(await request(t.app).get(`/v1/handovers/${doc.handoverId}/health-assessments`).set(as(w.randers.token)), 404, 'not-found');
  });
});
