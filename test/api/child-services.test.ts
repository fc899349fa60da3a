/**
 * The children's services: the health visitors and school psychology (PPR) are units of the
 * municipality with credentials of their own. The coordinating department routes a child to one;
 * the unit reads only that child's sections for its audience, each scope within consent, as JSON
 * and as a PDF of its own; every routing and read is audited.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, gpPractice, submitFamilyWithRecord, type Doc } from '../helpers/handovers.js';
import { pdfText } from '../helpers/pdf-reader.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createOrg, setupWorld, type TestOrg, type World } from '../helpers/world.js';
import { binaryBody } from '../helpers/binary-body.js';

let t: TestApp;
let w: World;
let sundhedspleje: TestOrg;
let ppr: TestOrg;
let randersPpr: TestOrg;
let family: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date('2026-12-05T09:00:00Z') });
  w = await setupWorld(t);
  sundhedspleje = await createOrg(t, w.admin, { id: 'aarhus-sundhedspleje', type: 'health-visitors', name: 'Sundhedsplejen, Aarhus Kommune', municipalityCode: '751' }, 'child-services');
  ppr = await createOrg(t, w.admin, { id: 'aarhus-ppr', type: 'school-psychology', name: 'PPR, Aarhus Kommune', municipalityCode: '751' }, 'child-services');
  randersPpr = await createOrg(t, w.admin, { id: 'randers-ppr', type: 'school-psychology', name: 'PPR, Randers Kommune', municipalityCode: '730' }, 'child-services');
  // A family of five: F5 is 2 years old, F4 (nearly blind) 8, F3 12; F1 and F2 are the parents.
  family = (await submitFamilyWithRecord(t, w, '751')).doc;
});
afterAll(() => t.close());

const route = (personRef: string, unitOrganisationId: string, token = w.aarhus.token) => request(t.app).post(`/v1/handovers/${family.handoverId}/persons/${personRef}/routings`).set(as(token)).send({ unitOrganisationId });
const child = (personRef: string, unit: TestOrg) => request(t.app).get(`/v1/children/${family.handoverId}/${personRef}`).set(as(unit.token));
const childPdf = async (personRef: string, unit: TestOrg, lang: 'da' | 'en') => {
  const res = await request(t.app).get(`/v1/children/${family.handoverId}/${personRef}/pdf?lang=${lang}`).set(as(unit.token)).buffer(true).parse(binaryBody);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.body as Buffer;
};
const nameOf = (personRef: string) => {
  const id = family.persons.find((p: Doc) => p.personRef === personRef).socialInformation.identity;
  return `${id.givenNames} ${id.familyName}`;
};

describe('routing a child to the children’s services', () => {
  it('routes a child of the unit’s age to a unit of the same municipality, once; refuses the wrong age, another municipality’s unit, a GP practice, an unknown person, and other roles', async () => {
    const first = await route('F5', 'aarhus-sundhedspleje');
    expect(first.status, first.text).toBe(201);
    expect(first.body).toEqual({ handoverId: family.handoverId, personRef: 'F5', unitOrganisationId: 'aarhus-sundhedspleje', audience: 'health-visitors', routedAt: '2026-12-05T09:00:00.000Z', routedBy: 'aarhus' });
    expect((await route('F5', 'aarhus-sundhedspleje')).status).toBe(200);
    expect((await route('F4', 'aarhus-ppr')).status).toBe(201);

    const tooOld = expectProblem(await route('F4', 'aarhus-sundhedspleje'), 422, 'validation-failed');
    expect(tooOld.errors).toEqual([{ pointer: '/personRef', keyword: 'childAge', message: 'is 8 years old; health-visitors serves children from 0 to 6' }]);
    const adult = expectProblem(await route('F1', 'aarhus-ppr'), 422, 'validation-failed');
    expect(adult.errors![0]).toMatchObject({ pointer: '/personRef', keyword: 'childAge' });
    await gpPractice(t, w.admin, 'gp-aarhus-c');
    for (const unit of ['randers-ppr', 'gp-aarhus-c', 'no-such-unit']) {
      const body = expectProblem(await route('F3', unit), 422, 'validation-failed');
      expect(body.errors).toEqual([{ pointer: '/unitOrganisationId', keyword: 'childServicesUnit', message: "must be a health-visitors or school-psychology unit of the caller's municipality" }]);
    }
    expectProblem(await route('F3', '../x'), 422, 'validation-failed');
    expectProblem(await route('F9', 'aarhus-ppr'), 404, 'not-found');
    expectProblem(await route('F3', 'aarhus-ppr', ppr.token), 403, 'forbidden');
    expectProblem(await route('F3', 'randers-ppr', w.randers.token), 404, 'not-found');
  });
});

describe('what a unit reads', () => {
  it('the health visitors see their child’s growth and development, vaccinations, allergies, disabilities and daycare, and nothing of anyone else', async () => {
    const list = (await request(t.app).get('/v1/children').set(as(sundhedspleje.token)).expect(200)).body;
    expect(list).toEqual({ audience: 'health-visitors', children: [{ handoverId: family.handoverId, personRef: 'F5', name: nameOf('F5'), age: 2, dateOfBirthEstimated: expect.any(Boolean), routedAt: '2026-12-05T09:00:00.000Z', href: `/v1/children/${family.handoverId}/F5` }] });
    const view = (await child('F5', sundhedspleje).expect(200)).body;
    expect(view).toMatchObject({ handoverId: family.handoverId, version: 1, personRef: 'F5', audience: 'health-visitors', name: nameOf('F5'), age: 2 });
    expect(Object.keys(view.social).sort()).toEqual(['childcareAndSchool', 'languages']);
    expect(Object.keys(view.health).sort()).toEqual(['allergies', 'child', 'functionalLimitations', 'vaccinations']);
    const f5 = family.persons.find((p: Doc) => p.personRef === 'F5');
    expect(view.health.child).toEqual(f5.healthScreening.child);
    const text = JSON.stringify(view);
    for (const other of ['F1', 'F2', 'F3', 'F4']) expect(text).not.toContain(nameOf(other));
    expect(text).not.toContain('mentalHealth');
    // A child not routed to this unit is not there.
    expectProblem(await child('F4', sundhedspleje), 404, 'not-found');
    // Nor is the rest of the handover, nor another role's endpoints.
    expectProblem(await request(t.app).get(`/v1/handovers/${family.handoverId}`).set(as(sundhedspleje.token)), 403, 'forbidden');
    expectProblem(await request(t.app).get('/v1/children').set(as(w.aarhus.token)), 403, 'forbidden');
    expect((await request(t.app).get('/v1/children').set(as(randersPpr.token)).expect(200)).body.children).toEqual([]);
  });

  it('PPR sees school and special needs, development and signs of trauma; a scope whose consent was withdrawn is withheld whole, in JSON and in its PDF', async () => {
    const before = (await child('F4', ppr).expect(200)).body;
    expect(Object.keys(before.health).sort()).toEqual(['child', 'functionalLimitations', 'mentalHealth']);
    expect(Object.keys(before.health.mentalHealth).sort()).toEqual(['screenings', 'traumaExposure']);
    await request(t.app)
      .post(`/v1/handovers/${family.handoverId}/consent-changes`)
      .set(as(w.aarhus.token))
      .send({ personRef: 'F4', audience: 'school-psychology', scope: 'health', action: 'withdrawn', obtainedHow: 'Forældrene trak samtykket tilbage ved mødet' })
      .expect(201);
    const after = (await child('F4', ppr).expect(200)).body;
    expect(after.health).toEqual({ status: 'withheld', reason: 'consent-missing', audience: 'school-psychology', scope: 'health' });
    expect(Object.keys(after.social).sort()).toEqual(['childcareAndSchool', 'languages']);

    for (const lang of ['da', 'en'] as const) {
      const text = pdfText(await childPdf('F4', ppr, lang));
      expect(text).toContain(lang === 'da' ? 'Oplysninger om barnet til PPR' : 'About the child, for school psychology (PPR)');
      expect(text).toContain(nameOf('F4'));
      expect(text).toContain(lang === 'da' ? 'Helbredsoplysninger vises ikke' : 'Health information is not shown');
      for (const other of ['F1', 'F2', 'F3', 'F5']) expect(text).not.toContain(nameOf(other));
      if (process.env.KEEP_PDFS) fs.writeFileSync(path.join(os.tmpdir(), `child-F4-ppr-${lang}.pdf`), await childPdf('F4', ppr, lang));
    }
    const visitorsPdf = pdfText(await childPdf('F5', sundhedspleje, 'da'));
    expect(visitorsPdf).toContain('Oplysninger om barnet til sundhedsplejen');
    expect(visitorsPdf).toContain('Vaccinationer');
  });

  it('audits every routing and every read, by the unit that read', async () => {
    const auditor = await auditorOf(t, w.admin);
    const log = (await request(t.app).get(`/v1/audit?handoverId=${family.handoverId}`).set(as(auditor)).expect(200)).body.items as Doc[];
    const of = (action: string) => log.filter((e) => e.action === action);
    expect(of('child.route').map((e) => [e.personRef, e.section, e.outcome])).toEqual(
      expect.arrayContaining([
        ['F5', 'aarhus-sundhedspleje', 'ok'],
        ['F5', 'aarhus-sundhedspleje', 'ok:already-routed'],
        ['F4', 'aarhus-ppr', 'ok'],
      ]),
    );
    expect(of('child.read').some((e) => e.actor.organisationId === 'aarhus-ppr' && e.personRef === 'F4' && e.section === 'school-psychology:pdf')).toBe(true);
    expect(of('child.read').some((e) => e.actor.organisationId === 'aarhus-sundhedspleje' && e.personRef === 'F5' && e.section === 'health-visitors')).toBe(true);
  });
});
