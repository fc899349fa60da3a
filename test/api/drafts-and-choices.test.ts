/**
 * Senders' drafts (the web application's unfinished handovers, kept on the service so health data
 * is not left in a shared browser): saved, listed without content, read back, replaced, deleted;
 * only by the organisation that saved them; expired ones removed by the retention job. And the
 * GP practices and children’s services units a municipality may choose.
 */
import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, gpPractice } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let now = new Date('2026-12-02T10:00:00Z');

beforeAll(async () => {
  t = await startTestApp({}, { clock: () => now });
  w = await setupWorld(t);
});
afterAll(async () => t?.close());

const unfinished = {
  documentType: 'handover',
  schemaVersion: '1.1',
  recipient: { municipalityCode: '751' },
  persons: [{ personRef: 'P1', socialInformation: { personRef: 'P1', identity: { givenNames: 'Zahra', familyName: 'Rahimi' }, education: { status: 'not-assessed' } } }],
};

describe('drafts of a handover', () => {
  it('saves a draft, lists it without its content, reads it back whole, replaces and deletes it; audited without content', async () => {
    const id = crypto.randomUUID();
    const saved = await request(t.app).put(`/v1/drafts/${id}`).set(as(w.drk.token)).send({ document: unfinished }).expect(200);
    expect(saved.body).toEqual({ draftId: id, persons: ['Zahra Rahimi'], municipalityCode: '751', savedAt: now.toISOString(), expiresAt: '2027-01-01T10:00:00.000Z' });

    const list = await request(t.app).get('/v1/drafts').set(as(w.drk.token)).expect(200);
    expect(list.body.items).toEqual([saved.body]);
    expect(JSON.stringify(list.body)).not.toContain('not-assessed');

    expect((await request(t.app).get(`/v1/drafts/${id}`).set(as(w.drk.token)).expect(200)).body.document).toEqual(unfinished);
    const changed = { ...unfinished, recipient: { municipalityCode: '730' } };
    await request(t.app).put(`/v1/drafts/${id}`).set(as(w.drk.token)).send({ document: changed }).expect(200);
    expect((await request(t.app).get(`/v1/drafts/${id}`).set(as(w.drk.token)).expect(200)).body.document.recipient.municipalityCode).toBe('730');

    await request(t.app).delete(`/v1/drafts/${id}`).set(as(w.drk.token)).expect(204);
    expectProblem(await request(t.app).get(`/v1/drafts/${id}`).set(as(w.drk.token)), 404, 'not-found');
    expect((await request(t.app).get('/v1/drafts').set(as(w.drk.token)).expect(200)).body.items).toEqual([]);

    const { events } = await t.deps.audit.query({ limit: 1000 });
    const actions = events.map((e) => e.action).filter((a) => a.startsWith('draft.'));
    expect(actions).toEqual(expect.arrayContaining(['draft.save', 'draft.list', 'draft.read', 'draft.delete']));
    expect(JSON.stringify(events)).not.toContain('Rahimi');
  });

  it('keeps one organisation’s draft from every other: another sender gets 404 and cannot overwrite it; a municipality gets 403', async () => {
    const id = crypto.randomUUID();
    await request(t.app).put(`/v1/drafts/${id}`).set(as(w.drk.token)).send({ document: unfinished }).expect(200);
    expectProblem(await request(t.app).get(`/v1/drafts/${id}`).set(as(w.iom.token)), 404, 'not-found');
    expectProblem(await request(t.app).put(`/v1/drafts/${id}`).set(as(w.iom.token)).send({ document: { other: true } }), 404, 'not-found');
    expectProblem(await request(t.app).delete(`/v1/drafts/${id}`).set(as(w.iom.token)), 404, 'not-found');
    expect((await request(t.app).get('/v1/drafts').set(as(w.iom.token)).expect(200)).body.items).toEqual([]);
    expect((await request(t.app).get(`/v1/drafts/${id}`).set(as(w.drk.token)).expect(200)).body.document).toEqual(unfinished);
    expectProblem(await request(t.app).get('/v1/drafts').set(as(w.aarhus.token)), 403, 'forbidden');
  });

  it('refuses a body that is not a draft (422 naming the field) and an id that is not a UUID (404), storing nothing', async () => {
    const id = crypto.randomUUID();
    const missing = expectProblem(await request(t.app).put(`/v1/drafts/${id}`).set(as(w.drk.token)).send({ doc: {} }), 422, 'validation-failed');
    expect(missing.errors!.map((e) => `${e.pointer} ${e.keyword}`).sort()).toEqual(['/doc additionalProperties', '/document required'].sort());
    const notObject = expectProblem(await request(t.app).put(`/v1/drafts/${id}`).set(as(w.drk.token)).send({ document: ['x'] }), 422, 'validation-failed');
    expect(notObject.errors).toEqual([{ pointer: '/document', keyword: 'type', message: expect.any(String) }]);
    expectProblem(await request(t.app).put('/v1/drafts/not-a-uuid').set(as(w.drk.token)).send({ document: unfinished }), 404, 'not-found');
    expectProblem(await request(t.app).get(`/v1/drafts/${id}`).set(as(w.drk.token)), 404, 'not-found');
  });

  it('lets a draft expire 30 days after it was last saved; the retention job removes it', async () => {
    const id = crypto.randomUUID();
    await request(t.app).put(`/v1/drafts/${id}`).set(as(w.drk.token)).send({ document: unfinished }).expect(200);
    now = new Date(now.getTime() + 31 * 86_400_000);
    expectProblem(await request(t.app).get(`/v1/drafts/${id}`).set(as(w.drk.token)), 404, 'not-found');
    const run = await request(t.app).post('/v1/retention/runs').set(as(w.admin)).expect(200);
    expect(run.body.draftsRemoved).toBeGreaterThanOrEqual(1);
    expect(await t.deps.draftDeps.drafts.find(id, 'drk-asylum')).toBeUndefined();
  });
});

describe('the GP practices a municipality may choose', () => {
  it('lists registered practices by name for a municipality, and no one else', async () => {
    await gpPractice(t, w.admin, 'laege-draft-1');
    const list = await request(t.app).get('/v1/gp-practices').set(as(w.aarhus.token)).expect(200);
    expect(list.body.items).toContainEqual({ organisationId: 'laege-draft-1', name: 'Lægepraksis laege-draft-1' });
    expect(list.body.items.every((p: { organisationId: string }) => !['aarhus', 'drk-asylum'].includes(p.organisationId))).toBe(true);
    expectProblem(await request(t.app).get('/v1/gp-practices').set(as(w.drk.token)), 403, 'forbidden');
  });
});

describe('the children’s services units a municipality may route a child to', () => {
  it('lists the municipality’s own health visitors and PPR, and no other municipality’s', async () => {
    await request(t.app).post('/v1/admin/organisations').set(as(w.admin)).send({ id: 'aarhus-sp', type: 'health-visitors', name: 'Sundhedsplejen, Aarhus', municipalityCode: '751' }).expect(201);
    await request(t.app).post('/v1/admin/organisations').set(as(w.admin)).send({ id: 'randers-ppr', type: 'school-psychology', name: 'PPR, Randers', municipalityCode: '730' }).expect(201);
    const list = await request(t.app).get('/v1/municipalities/751/child-services').set(as(w.aarhus.token)).expect(200);
    expect(list.body.items).toEqual([{ organisationId: 'aarhus-sp', name: 'Sundhedsplejen, Aarhus', audience: 'health-visitors' }]);
    expectProblem(await request(t.app).get('/v1/municipalities/730/child-services').set(as(w.aarhus.token)), 404, 'not-found');
    expectProblem(await request(t.app).get('/v1/municipalities/751/child-services').set(as(w.drk.token)), 403, 'forbidden');
  });
});
