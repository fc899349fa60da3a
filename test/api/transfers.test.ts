/**
 * A person's record handed on when the person moves after integration responsibility has started:
 * Aarhus holds a family of five; the mother and the youngest child move to Randers. Aarhus hands
 * their records on (signed receipt); Randers is notified, lists and reads only those two persons
 * (their relations, consent applied, the mother's GP result), as JSON and PDF; the others and
 * everyone else see nothing of it; the sender's status names who holds whom.
 */
import crypto from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody } from '../helpers/binary-body.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, gpPractice, singleAdult, submit, submitFamilyWithRecord, type Doc } from '../helpers/handovers.js';
import { pdfText } from '../helpers/pdf-reader.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let family: Doc;
/** The practice Aarhus assigned the mother (F2) to before she moved. */
let gp: TestOrg;
const now = new Date('2026-12-10T09:00:00Z');

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => now });
  w = await setupWorld(t);
  // Integration responsibility started 2026-12-01.
  family = (await submitFamilyWithRecord(t, w, '751')).doc;
  gp = await gpPractice(t, w.admin, 'laege-transfer');
  await request(t.app).post(`/v1/handovers/${family.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'F2', gpOrganisationId: gp.id }).expect(201);
  const result: Doc = { ...readValidFixture<Doc>('20-health-assessment-result-accepted'), resultId: crypto.randomUUID(), handoverId: family.handoverId, personRef: 'F2' };
  result.gpPractice = { ...result.gpPractice, organisationId: gp.id };
  expect((await postCompact(t, gp.token, await signCompact(result, gp.key, { typ: 'health-assessment-result+jws' }), '/v1/health-assessments')).status).toBe(201);
  // The child's health is no longer shared with the coordinating department.
  await request(t.app)
    .post(`/v1/handovers/${family.handoverId}/consent-changes`)
    .set(as(w.aarhus.token))
    .send({ personRef: 'F5', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', obtainedHow: 'samtale med moren, 9. december' })
    .expect(201);
});
afterAll(() => t.close());

const transfer = (body: Doc, token = w.aarhus.token, id = family.handoverId) => request(t.app).post(`/v1/handovers/${id}/transfers`).set(as(token)).send(body);
const moved = { toMunicipalityCode: '730', personRefs: ['F2', 'F5'], movedOn: '2026-12-08', reason: 'Moren og den yngste er flyttet til Randers' };
const nameOf = (ref: string) => family.persons.find((p: Doc) => p.personRef === ref).socialInformation.identity.givenNames as string;
let transferId: string;

describe('handing a record on to the municipality the person moved to', () => {
  it('refuses what the rules forbid, naming the field and the rule, and stores nothing', async () => {
    const own = expectProblem(await transfer({ ...moved, toMunicipalityCode: '751' }), 422, 'validation-failed');
    expect(own.errors).toEqual([{ pointer: '/toMunicipalityCode', keyword: 'otherMunicipality', message: 'must be another municipality than the one handing the record on' }]);
    const unknown = expectProblem(await transfer({ ...moved, personRefs: ['F2', 'X9'], movedOn: '2026-12-11' }), 422, 'validation-failed');
    expect(unknown.errors!.map((e) => `${e.pointer} ${e.keyword}`).sort()).toEqual(['/movedOn notInFuture', '/personRefs/1 knownPersonRef']);
    const shape = expectProblem(await transfer({ toMunicipalityCode: '999', personRefs: [] }), 422, 'validation-failed');
    expect(shape.errors!.map((e) => e.pointer).sort()).toEqual(['/movedOn', '/personRefs', '/toMunicipalityCode']);

    // Before integration responsibility starts, the sender re-addresses instead.
    const early = singleAdult('751');
    early.integrationResponsibilityFrom = '2027-02-01';
    await submit(t, w.drk, early);
    const before = expectProblem(await transfer({ toMunicipalityCode: '730', personRefs: ['P1'], movedOn: '2026-12-09' }, w.aarhus.token, early.handoverId), 422, 'validation-failed');
    expect(before.errors![0]).toMatchObject({ pointer: '/movedOn', keyword: 'afterIntegrationResponsibility' });
    expect(before.errors![0]!.message).toContain('recipient.readdressing');

    // Only the holder hands on: another municipality learns nothing, a sender may not.
    expectProblem(await transfer(moved, w.randers.token), 404, 'not-found');
    expectProblem(await transfer(moved, w.drk.token), 403, 'forbidden');
    expect(await t.deps.db.connection.db!.collection('record_transfers').countDocuments({})).toBe(0);
  });

  it('hands the mother and the youngest on with a receipt signed by the service, once per person', async () => {
    const res = await transfer(moved);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ handoverId: family.handoverId, version: 1, fromMunicipalityCode: '751', toMunicipalityCode: '730', personRefs: ['F2', 'F5'], movedOn: '2026-12-08', transferredAt: now.toISOString(), transferredBy: 'aarhus' });
    transferId = res.body.transferId;
    const jwks = createLocalJWKSet((await request(t.app).get('/.well-known/jwks.json').expect(200)).body);
    const { payload } = await compactVerify(res.body.receipt, jwks);
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ type: 'transfer-receipt', receiptId: res.body.receiptId, transferId, personRefs: ['F2', 'F5'], fromMunicipalityCode: '751', toMunicipalityCode: '730' });

    const again = expectProblem(await transfer({ ...moved, personRefs: ['F5'] }), 422, 'validation-failed');
    expect(again.errors).toEqual([{ pointer: '/personRefs/0', keyword: 'notYetTransferred', message: "this person's record was handed on already" }]);
  });

  it('lets the receiving municipality list and read only the moved persons, consent applied, with the shared GP result', async () => {
    const list = await request(t.app).get('/v1/municipalities/730/transfers?month=2026-12').set(as(w.randers.token)).expect(200);
    expect(list.body.items.map((i: Doc) => i.transferId)).toEqual([transferId]);
    expect((await request(t.app).get('/v1/municipalities/730/transfers?month=2026-11').set(as(w.randers.token)).expect(200)).body.items).toEqual([]);
    expectProblem(await request(t.app).get('/v1/municipalities/730/transfers').set(as(w.aarhus.token)), 404, 'not-found');
    expectProblem(await request(t.app).get('/v1/municipalities/730/transfers?month=26-12').set(as(w.randers.token)), 400, 'bad-request');

    const read = await request(t.app).get(`/v1/transfers/${transferId}`).set(as(w.randers.token)).expect(200);
    const doc = read.body.document;
    expect(doc.persons.map((p: Doc) => p.personRef)).toEqual(['F2', 'F5']);
    expect(doc.household.relations).toEqual([{ from: 'F5', to: 'F2', type: 'child' }]);
    expect(doc.household.livingArrangements).toEqual([{ personRefs: ['F2', 'F5'] }]);
    expect(doc.attachments).toEqual([]); // the hospital record is the sister's
    expect(read.body.healthWithheldFor).toEqual(['F5']);
    expect(doc.persons[1].healthScreening).toMatchObject({ status: 'withheld', reason: 'consent-missing', audience: 'coordinating-department' });
    expect(read.body.assessmentResults).toHaveLength(1);
    expect(read.body.assessmentResults[0]).toMatchObject({ personRef: 'F2', document: { personRef: 'F2' } });
    const text = JSON.stringify(read.body);
    for (const stayed of ['F1', 'F3', 'F4']) expect(text).not.toContain(nameOf(stayed));

    // Nobody else reads it: not the municipality that handed it on, not a sender.
    expectProblem(await request(t.app).get(`/v1/transfers/${transferId}`).set(as(w.aarhus.token)), 404, 'not-found');
    expectProblem(await request(t.app).get(`/v1/transfers/${transferId}`).set(as(w.drk.token)), 403, 'forbidden');
    expectProblem(await request(t.app).get('/v1/transfers/trf_unknown').set(as(w.randers.token)), 404, 'not-found');
  });

  it('renders the moved persons only in the coordinating department’s PDF', async () => {
    const res = await request(t.app).get(`/v1/transfers/${transferId}/pdf?lang=en`).set(as(w.randers.token)).buffer(true).parse(binaryBody);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.body as Buffer);
    expect(text.replace(/\s+/g, ' ')).toContain('Handed on from Aarhus Municipality to Randers Municipality on 10 December 2026, when');
    expect(text).toContain(nameOf('F2'));
    expect(text).toContain(nameOf('F5'));
    for (const stayed of ['F1', 'F3', 'F4']) expect(text).not.toContain(nameOf(stayed));
    // The GP's result for the mother, as the record's JSON carries it (the PDF said nothing of it
    // before), and no practice named: Aarhus's assignment ended, Randers has assigned none yet.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Anne Holm, alment praktiserende læge');
    expect(flat).toContain('PTSD og depression i medicinsk behandling; recept fornyet');
    expect(flat).toContain('Fortsat psykiatrisk behandling; henvist til psykiatrisk ambulatorium, Horsens');
    expect(flat.match(/no GP practice assigned yet/g)).toHaveLength(2);
    expect(flat).not.toContain(`Lægepraksis ${gp.id}`);
  });

  it('shows the sender who holds whom, keeps the handover with the first municipality, and audits every step', async () => {
    const status = await request(t.app).get(`/v1/handovers/${family.handoverId}/status`).set(as(w.drk.token)).expect(200);
    expect(status.body.municipalityCode).toBe('751');
    expect(status.body.transfers).toEqual([{ transferId, personRefs: ['F2', 'F5'], fromMunicipalityCode: '751', toMunicipalityCode: '730', movedOn: '2026-12-08', transferredAt: now.toISOString() }]);
    await request(t.app).get(`/v1/handovers/${family.handoverId}`).set(as(w.aarhus.token)).expect(200);
    expectProblem(await request(t.app).get(`/v1/handovers/${family.handoverId}`).set(as(w.randers.token)), 404, 'not-found');

    await t.deps.auditSequencer.settle();
    const events = (await t.deps.db.connection.db!.collection('audit_events').find({ handoverId: family.handoverId }).toArray()).map((e) => `${e.action}:${e.personRef ?? ''}:${e.actor.organisationId}`);
    expect(events).toEqual(expect.arrayContaining(['record.transfer:F2:aarhus', 'record.transfer:F5:aarhus', 'transfer.read:F2:randers', 'transfer.read:F5:randers', 'transfer.pdf:F5:randers']));
  });

  it('ends the first municipality’s GP assignment of the persons handed on: the receiving municipality assigns their GP; who stayed keeps theirs', async () => {
    const summary = (practice: TestOrg, ref: string) => request(t.app).get(`/v1/gp/persons/${family.handoverId}/${ref}`).set(as(practice.token));
    const assign = (token: string, personRef: string, practice: TestOrg) => request(t.app).post(`/v1/handovers/${family.handoverId}/gp-assignments`).set(as(token)).send({ personRef, gpOrganisationId: practice.id });
    // The father stayed in Aarhus: Aarhus assigns him, and the practice reads him.
    await assign(w.aarhus.token, 'F1', gp).expect(201);
    expect((await summary(gp, 'F1').expect(200)).body.personRef).toBe('F1');
    // The mother moved: Aarhus's assignment of her ended with the transfer.
    const ended = expectProblem(await summary(gp, 'F2'), 404, 'not-found');
    expect(ended).toEqual({ type: 'https://handover-exchange.dk/problems/not-found', title: 'Not found', status: 404, code: 'not-found', detail: 'no such person assigned to this practice', instance: ended.instance });
    expectProblem(await request(t.app).get(`/v1/gp/persons/${family.handoverId}/F2/fhir`).set(as(gp.token)), 404, 'not-found');
    expect((await request(t.app).get('/v1/gp/persons').set(as(gp.token)).expect(200)).body.persons.filter((p: Doc) => p.handoverId === family.handoverId).map((p: Doc) => p.personRef)).toEqual(['F1']);
    const gpPdf = await request(t.app).get(`/v1/handovers/${family.handoverId}/pdf?audience=gp&lang=en`).set(as(gp.token)).buffer(true).parse(binaryBody).expect(200);
    const gpText = await pdfText(gpPdf.body as Buffer);
    expect(gpText).toContain(nameOf('F1'));
    expect(gpText).not.toContain(nameOf('F2'));
    const lateResult: Doc = { ...readValidFixture<Doc>('20-health-assessment-result-accepted'), resultId: crypto.randomUUID(), handoverId: family.handoverId, personRef: 'F2' };
    lateResult.gpPractice = { ...lateResult.gpPractice, organisationId: gp.id };
    expectProblem(await postCompact(t, gp.token, await signCompact(lateResult, gp.key, { typ: 'health-assessment-result+jws' }), '/v1/health-assessments'), 404, 'not-found');

    // Aarhus no longer assigns her GP; Randers does, for the persons handed on to it only.
    const randersGp = await gpPractice(t, w.admin, 'laege-randers-transfer');
    const notAarhus = expectProblem(await assign(w.aarhus.token, 'F2', randersGp), 422, 'validation-failed');
    expect(notAarhus.errors).toEqual([{ pointer: '/personRef', keyword: 'handedOn', message: "this person's record was handed on to 730: the municipality it was handed on to assigns the GP" }]);
    const notMoved = expectProblem(await assign(w.randers.token, 'F1', randersGp), 422, 'validation-failed');
    expect(notMoved.errors).toEqual([{ pointer: '/personRef', keyword: 'handedOnHere', message: 'must be a person whose record was handed on to this municipality' }]);
    const assigned = await assign(w.randers.token, 'F2', randersGp);
    expect(assigned.status, assigned.text).toBe(201);
    expect(assigned.body).toMatchObject({ handoverId: family.handoverId, personRef: 'F2', gpOrganisationId: randersGp.id, municipalityCode: '730', assignedBy: 'randers' });
    expect((await summary(randersGp, 'F2').expect(200)).body.personRef).toBe('F2');
    expectProblem(await summary(gp, 'F2'), 404, 'not-found');
    // Randers's PDF of the record now names the practice it assigned, beside the earlier result.
    const pdf = await request(t.app).get(`/v1/transfers/${transferId}/pdf?lang=da`).set(as(w.randers.token)).buffer(true).parse(binaryBody).expect(200);
    const flat = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(flat).toContain(`Lægepraksis ${randersGp.id}`);
    expect(flat).toContain('PTSD og depression i medicinsk behandling; recept fornyet');
    // The result names the practice that returned it, which is not the one assigned now.
    expect(flat).toContain('Lægepraksis Lægerne i Søndergade, Horsens');
    expect(flat.match(/ingen lægepraksis tildelt endnu/g)).toHaveLength(1);
    // A municipality that received nothing of a handover learns nothing of it.
    const elsewhere = singleAdult('751');
    await submit(t, w.drk, elsewhere);
    expectProblem(await request(t.app).post(`/v1/handovers/${elsewhere.handoverId}/gp-assignments`).set(as(w.randers.token)).send({ personRef: 'P1', gpOrganisationId: randersGp.id }), 404, 'not-found');
  });
});
