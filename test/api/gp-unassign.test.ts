/**
 * Ending a person's GP assignment (DELETE /v1/handovers/:id/gp-assignments/:personRef): a practice
 * chosen by mistake could only be replaced, never removed. The municipality responsible ends it; the
 * practice then reads nothing of the person; the end is an audit event; everyone else learns nothing.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/audit-chain.js';
import { as, auditorOf, gpPractice, submit, temporaryProtection, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let auditor: string;
let doc: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-unassign-1');
  auditor = await auditorOf(t, w.admin);
  // fixture 07: S1 consents to the GP
  doc = temporaryProtection('751');
  await submit(t, w.drk, doc);
});
afterAll(() => t.close());

const unassign = (personRef: string, token = w.aarhus.token) => request(t.app).delete(`/v1/handovers/${doc.handoverId}/gp-assignments/${personRef}`).set(as(token));
const gpReads = () => request(t.app).get(`/v1/gp/persons/${doc.handoverId}/S1`).set(as(gp.token));
const gpList = async () => (await request(t.app).get('/v1/gp/persons').set(as(gp.token)).expect(200)).body.persons as Doc[];

describe('ending a GP assignment', () => {
  it('the addressed municipality ends a person’s assignment (204): the practice no longer lists or reads the person, and the end is audited', async () => {
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'S1', gpOrganisationId: gp.id }).expect(201);
    expect((await gpReads()).status).toBe(200);
    expect((await gpList()).map((p) => p.personRef)).toEqual(['S1']);

    const res = await unassign('S1');
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');
    expect(await gpList()).toEqual([]);
    expectProblem(await gpReads(), 404, 'not-found');

    await expect
      .poll(async () => ((await request(t.app).get('/v1/audit?action=gp.unassign').set(as(auditor)).expect(200)).body.items as AuditEvent[]).map((e) => [e.actor.organisationId, e.handoverId, e.personRef, e.outcome]))
      .toEqual([['aarhus', doc.handoverId, 'S1', 'ok']]);

    // Assigned again, to the same or another practice, as before.
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'S1', gpOrganisationId: gp.id }).expect(201);
    expect((await gpReads()).status).toBe(200);
    expect((await unassign('S1')).status).toBe(204);
  });

  it('an assignment that is not there is 404 not-found, and nobody but the addressed municipality learns anything or ends one (404, 403)', async () => {
    const none = expectProblem(await unassign('S2'), 404, 'not-found');
    expect(none.detail).toBe('this person has no GP assignment in this handover');
    expectProblem(await unassign('X1'), 404, 'not-found');

    await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'S2', gpOrganisationId: gp.id }).expect(201);
    expectProblem(await unassign('S2', w.randers.token), 404, 'not-found');
    expectProblem(await unassign('S2', w.drk.token), 403, 'forbidden');
    expectProblem(await unassign('S2', gp.token), 403, 'forbidden');
    // Still assigned after every refused attempt.
    expect((await gpList()).map((p) => p.personRef)).toEqual(['S2']);
    expect((await unassign('S2')).status).toBe(204);
  });
});
