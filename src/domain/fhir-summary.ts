/**
 * The GP's health summary of one person as a FHIR R4 document Bundle the GP's own systems can
 * import: a Composition (LOINC 60591-5, patient summary) whose sections each reference a List of
 * the resources they hold (Condition with ICD-10, MedicationStatement with ATC, AllergyIntolerance,
 * Immunization, Observation for infectious-disease screening and the RHS-15 and PC-PTSD-5 with
 * every item answer), the Patient and the sending Organization. A section without findings is not
 * dropped: its List says why in FHIR's own words (`emptyReason`: nil known, not asked, declined,
 * not applicable) and the reason in the standard's vocabulary; a screening not done is an
 * Observation with a `dataAbsentReason`. Ids are derived from the handover, version and person,
 * so the same summary always gives the same Bundle. Pure: the handover in, the Bundle out.
 */
import { sha256Hex } from './crypto.js';
import type { gpHealthSummary } from './recipient-views.js';

export type GpSummary = NonNullable<ReturnType<typeof gpHealthSummary>>;
type Json = Record<string, any>;

/** English labels from the schemas (x-label, x-enum-labels) by path under the person's healthScreening ("*" for array items): displays never show a raw key. */
export interface FhirLabels {
  field(path: readonly string[]): string | undefined;
  value(path: readonly string[], value: unknown): string | undefined;
}
type Resource = Json & { resourceType: string };

/** Code systems: standard ones where they exist; ours, stated, where they do not (no LOINC codes for RHS-15 or PC-PTSD-5 items). */
export const FHIR_SYSTEMS = {
  loinc: 'http://loinc.org',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  atc: 'http://www.whocc.no/atc',
  listEmptyReason: 'http://terminology.hl7.org/CodeSystem/list-empty-reason',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  snomed: 'http://snomed.info/sct',
  cpr: 'urn:oid:1.2.208.176.1.2',
  caseNumber: 'https://handover-exchange.dk/fhir/NamingSystem/immigration-service-case-number',
  screening: 'https://handover-exchange.dk/fhir/CodeSystem/screening',
  notAssessedReason: 'https://handover-exchange.dk/fhir/CodeSystem/not-assessed-reason',
  handover: 'https://handover-exchange.dk/fhir/NamingSystem/handover',
  supplyLastsUntil: 'https://handover-exchange.dk/fhir/StructureDefinition/medication-supply-lasts-until',
  mustNotInterrupt: 'https://handover-exchange.dk/fhir/StructureDefinition/medication-must-not-interrupt',
} as const;

const S = FHIR_SYSTEMS;

/** A UUID (RFC 4122 layout, version 5 bits) derived from the seed: the same seed, the same id. */
function uuidFrom(seed: string): string {
  const h = sha256Hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const coding = (system: string, code: string, display?: string) => ({ system, code, ...(display ? { display } : {}) });
const concept = (system: string, code: string, display?: string) => ({ coding: [coding(system, code, display)], ...(display ? { text: display } : {}) });
const textConcept = (text: string) => ({ text });
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const narrative = (text: string) => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(text)}</p></div>` });

interface Section {
  status: string;
  reason?: string;
  reasonText?: string;
  note?: string;
  entries?: Json[];
  [k: string]: unknown;
}

/** A section without findings, in FHIR's words: list-empty-reason where it has one, data-absent-reason where it does not. */
function emptyReasonOf(section: Section): { emptyReason: Json; text: string } {
  switch (section.status) {
    case 'no-findings':
      return { emptyReason: concept(S.listEmptyReason, 'nilknown', 'Nil Known'), text: 'Assessed: no findings.' };
    case 'declined':
      return { emptyReason: concept(S.dataAbsentReason, 'asked-declined', 'Asked But Declined'), text: 'The person declined.' };
    case 'not-applicable':
      return { emptyReason: concept(S.dataAbsentReason, 'not-applicable', 'Not Applicable'), text: 'Not applicable.' };
    default:
      return { emptyReason: concept(S.listEmptyReason, 'notasked', 'Not Asked'), text: `Not assessed${section.reason ? ` (reason: ${section.reason})` : ''}.` };
  }
}

/** Observation.dataAbsentReason for a screening that has no result. */
function dataAbsentReasonOf(section: Section): Json {
  if (section.status === 'declined') return concept(S.dataAbsentReason, 'asked-declined', 'Asked But Declined');
  if (section.status === 'not-applicable') return concept(S.dataAbsentReason, 'not-applicable', 'Not Applicable');
  if (section.status === 'no-findings') return concept(S.dataAbsentReason, 'not-applicable', 'Not Applicable');
  return concept(S.dataAbsentReason, 'not-performed', 'Not Performed');
}

/** The notes a section carries (the reason in the standard's words, its explanation, a note), as FHIR Annotations. */
function notesOf(section: Section): Json[] {
  const notes: string[] = [];
  if (section.status === 'not-assessed' && section.reason) notes.push(`Not assessed, reason: ${section.reason}${section.reasonText ? `: ${section.reasonText}` : ''}`);
  if (typeof section.note === 'string') notes.push(section.note);
  return notes.map((text) => ({ text }));
}

/** Builds the document Bundle for a GP summary (the same content the JSON summary has, under the same consent). */
export function gpSummaryBundle(summary: GpSummary, sender: { organisationId: string; organisationName: string }, issuedAt: string, labels: FhirLabels): Json {
  const base = `${summary.handoverId}:${summary.version}:${summary.personRef}`;
  const entries: { fullUrl: string; resource: Resource }[] = [];
  const add = (key: string, resource: Resource): string => {
    const id = uuidFrom(`${base}:${key}`);
    entries.push({ fullUrl: `urn:uuid:${id}`, resource: { ...resource, id } });
    return `urn:uuid:${id}`;
  };
  const hs = summary.healthScreening as Record<string, any>;
  const identity = summary.identity as Record<string, any>;

  const patient = add('patient', {
    resourceType: 'Patient',
    identifier: [
      ...(identity.cprNumber ? [{ system: S.cpr, value: String(identity.cprNumber) }] : []),
      { system: S.handover, value: `${summary.handoverId}#${summary.personRef}` },
    ],
    // A person with one name (1.2 noFamilyName) has a HumanName without `family`, never the given name twice.
    name: [{ use: 'official', ...(identity.familyName ? { family: identity.familyName } : { text: String(identity.givenNames) }), given: String(identity.givenNames).split(/\s+/).filter(Boolean) }, ...(identity.nameInOriginalScript ? [{ use: 'usual', text: identity.nameInOriginalScript }] : [])],
    gender: identity.sex === 'male' || identity.sex === 'female' ? identity.sex : identity.sex === 'other' ? 'other' : 'unknown',
    birthDate: identity.dateOfBirth,
    ...(identity.dateOfBirthEstimated ? { _birthDate: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] } } : {}),
    communication: [
      {
        language: { coding: [{ system: 'urn:ietf:bcp:47', code: String((summary.languages as Json).motherTongue) }] },
        preferred: true,
      },
    ],
  });
  const organisation = add('sender', { resourceType: 'Organization', identifier: [{ system: 'https://handover-exchange.dk/fhir/NamingSystem/organisation', value: sender.organisationId }], name: sender.organisationName });
  const subject = { reference: patient, type: 'Patient' };

  const sections: Json[] = [];
  /** One section: a List of what it holds, or empty with its reason. */
  const section = (key: string, title: string, loinc: string | undefined, parts: { section: Section | undefined; resources: (s: Section) => Resource[]; notes?: (s: Section) => Json[] }[]) => {
    const refs: { reference: string; type: string }[] = [];
    const notes: Json[] = [];
    let emptyOf: Section | undefined;
    for (const p of parts) {
      if (!p.section) continue;
      notes.push(...notesOf(p.section), ...(p.section.status === 'findings' && p.notes ? p.notes(p.section) : []));
      if (p.section.status === 'findings') for (const r of p.resources(p.section)) refs.push({ reference: add(`${key}:${refs.length}`, r), type: r.resourceType });
      else emptyOf ??= p.section;
    }
    const empty = refs.length === 0 ? emptyReasonOf(emptyOf ?? { status: 'not-assessed' }) : undefined;
    const list = add(`${key}:list`, {
      resourceType: 'List',
      status: 'current',
      mode: 'snapshot',
      title,
      ...(loinc ? { code: concept(S.loinc, loinc, title) } : {}),
      subject,
      date: issuedAt,
      ...(empty ? { emptyReason: empty.emptyReason } : { entry: refs.map((item) => ({ item })) }),
      ...(notes.length ? { note: notes } : {}),
    });
    sections.push({ title, ...(loinc ? { code: concept(S.loinc, loinc, title) } : {}), text: narrative(empty ? `${title}: ${empty.text}` : `${title}: ${refs.length} entries.`), entry: [{ reference: list, type: 'List' }] });
  };

  const mh = (hs.mentalHealth ?? {}) as Record<string, Section>;
  const conditionOf = (e: Json, clinical: string, verification: string): Resource => ({
    resourceType: 'Condition',
    clinicalStatus: concept(S.conditionClinical, clinical),
    verificationStatus: concept(S.conditionVerification, verification),
    category: [concept(S.conditionCategory, 'problem-list-item', 'Problem List Item')],
    code: e.icd10 ? { coding: [coding(S.icd10, String(e.icd10))], text: e.description } : textConcept(String(e.description)),
    subject,
    ...(e.onset ? { onsetDateTime: e.onset } : {}),
    ...(e.diagnosedOn ? { recordedDate: e.diagnosedOn } : {}),
    ...(e.diagnosedBy || e.treatment ? { note: [e.diagnosedBy ? { text: `Diagnosed by ${e.diagnosedBy}` } : undefined, e.treatment ? { text: `Treatment: ${e.treatment}` } : undefined].filter(Boolean) } : {}),
  });
  const physicalClinical = (status: string) => (status === 'resolved' ? 'resolved' : 'active');
  section('problems', 'Problem list', '11450-4', [
    { section: hs.physicalConditions, resources: (s) => (s.entries ?? []).map((e) => conditionOf(e, physicalClinical(String(e.status)), e.status === 'under-investigation' ? 'provisional' : 'confirmed')) },
    { section: mh.diagnoses, resources: (s) => (s.entries ?? []).map((e) => conditionOf(e, 'active', 'confirmed')) },
  ]);

  section('medications', 'Medication', '10160-0', [
    {
      section: hs.medications,
      resources: (s) =>
        (s.entries ?? []).map((e) => ({
          resourceType: 'MedicationStatement',
          status: 'active',
          medicationCodeableConcept: e.atc ? { coding: [coding(S.atc, String(e.atc))], text: [e.name, e.strength].filter(Boolean).join(' ') } : textConcept([e.name, e.strength].filter(Boolean).join(' ')),
          subject,
          ...(e.indication ? { reasonCode: [textConcept(String(e.indication))] } : {}),
          ...(e.dose || e.frequency ? { dosage: [{ text: [e.dose, e.frequency].filter(Boolean).join(', ') }] } : {}),
          ...(e.prescriber ? { informationSource: { display: String(e.prescriber) } } : {}),
          extension: [
            ...(e.supplyLastsUntil ? [{ url: S.supplyLastsUntil, valueDate: e.supplyLastsUntil }] : []),
            ...(typeof e.mustNotInterrupt === 'boolean' ? [{ url: S.mustNotInterrupt, valueBoolean: e.mustNotInterrupt }] : []),
          ],
          note: [
            ...(e.supplyLastsUntil ? [{ text: `Supply lasts until ${e.supplyLastsUntil}` }] : []),
            ...(e.mustNotInterrupt ? [{ text: 'Must not be interrupted' }] : []),
            // 1.1: a fact the sender could not state is said so, with the reason, never left to look like "none".
            ...(e.frequencyUnknown ? [{ text: `Frequency not known (${String(e.frequencyUnknown)})` }] : []),
            ...(e.supplyLastsUntilUnknown ? [{ text: `Supply end not known (${String(e.supplyLastsUntilUnknown)})` }] : []),
            ...(e.mustNotInterruptUnknown ? [{ text: `Not known whether it may be interrupted (${String(e.mustNotInterruptUnknown)})` }] : []),
          ],
        })).map((r: Json) => Object.fromEntries(Object.entries(r).filter(([, v]) => !(Array.isArray(v) && v.length === 0))) as Resource),
    },
  ]);

  section('allergies', 'Allergies and adverse reactions', '48765-2', [
    {
      section: hs.allergies,
      resources: (s) =>
        (s.entries ?? []).map((e) => ({
          resourceType: 'AllergyIntolerance',
          clinicalStatus: concept(S.allergyClinical, 'active'),
          code: textConcept(String(e.substance)),
          patient: subject,
          ...(e.severity ? { criticality: e.severity === 'severe' || e.severity === 'life-threatening' ? 'high' : 'low' } : {}),
          ...(e.reaction ? { reaction: [{ manifestation: [textConcept(String(e.reaction))], ...(e.severity === 'mild' || e.severity === 'moderate' || e.severity === 'severe' ? { severity: e.severity } : e.severity === 'life-threatening' ? { severity: 'severe' } : {}) }] } : {}),
        })),
    },
  ]);

  section('immunizations', 'Immunizations', '11369-6', [
    {
      section: hs.vaccinations,
      resources: (s) => [
        ...(s.entries ?? []).map((e) => ({
          resourceType: 'Immunization',
          status: 'completed',
          vaccineCode: textConcept(String(e.vaccine)),
          patient: subject,
          ...(e.date ? { occurrenceDateTime: e.date } : { occurrenceString: 'date unknown' }),
          ...(e.dose ? { protocolApplied: [{ doseNumberPositiveInt: e.dose }] } : {}),
        })),
        // 1.2: per vaccine; a date at its precision is a FHIR dateTime as written ("2024-09"). A
        // vaccine not documented is no Immunization (nothing says it was or was not given): a note.
        ...((s.vaccines ?? []) as Json[])
          .filter((v) => v.status !== 'not-documented')
          .map((v) => ({
            resourceType: 'Immunization',
            status: v.status === 'given' ? 'completed' : 'not-done',
            vaccineCode: textConcept(String(v.vaccine)),
            patient: subject,
            ...(v.date ? { occurrenceDateTime: v.date } : { occurrenceString: v.status === 'given' ? 'date unknown' : 'not given' }),
            ...(v.dose ? { protocolApplied: [{ doseNumberPositiveInt: v.dose }] } : {}),
            ...(v.country || v.place ? { note: [{ text: `Given in ${[v.place, v.country].filter(Boolean).join(', ')}` }] } : {}),
          })),
      ],
      notes: (s) => [
        ...((s.vaccines ?? []) as Json[]).filter((v) => v.status === 'not-documented').map((v) => ({ text: `${v.vaccine}: not documented (reason: ${v.reason}${v.reasonText ? `: ${v.reasonText}` : ''})` })),
        ...(s.childhoodProgrammeStatement ? [{ text: `Childhood programme, the rest: ${(s.childhoodProgrammeStatement as Json).rest} (reason: ${(s.childhoodProgrammeStatement as Json).reason})` }] : []),
      ],
    },
  ]);

  // Screening results: infectious diseases and the mental-health instruments, each an Observation; a screening without a result keeps its reason.
  const observations: Resource[] = [];
  observations.push(...infectiousDiseaseObservations((hs.infectiousDiseases ?? {}) as Record<string, Section>, subject, labels));
  const screenings = mh.screenings;
  if (screenings?.status === 'findings') {
    for (const e of screenings.entries ?? []) observations.push(instrumentObservation(e, subject));
  } else if (screenings) {
    observations.push({ resourceType: 'Observation', status: 'final', category: [concept(S.observationCategory, 'survey', 'Survey')], code: concept(S.screening, 'mental-health-screening', 'Mental health screening'), subject, dataAbsentReason: dataAbsentReasonOf(screenings), ...(notesOf(screenings).length ? { note: notesOf(screenings) } : {}) });
  }
  section('results', 'Screening results', '30954-2', [{ section: observations.length ? { status: 'findings' } : { status: 'not-assessed' }, resources: () => observations }]);

  const composition = {
    resourceType: 'Composition',
    status: 'final',
    type: concept(S.loinc, '60591-5', 'Patient summary Document'),
    subject,
    date: issuedAt,
    author: [{ reference: organisation, type: 'Organization' }],
    title: 'Health summary at handover to the municipality',
    confidentiality: 'R',
    section: sections,
  };
  const compositionId = uuidFrom(`${base}:composition`);
  return {
    resourceType: 'Bundle',
    id: uuidFrom(`${base}:bundle`),
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${uuidFrom(`${base}:bundle`)}` },
    type: 'document',
    timestamp: issuedAt,
    entry: [{ fullUrl: `urn:uuid:${compositionId}`, resource: { ...composition, id: compositionId } }, ...entries],
  };
}

/** RHS-15, PC-PTSD-5 or another instrument as an Observation with its total and every item answer. */
function instrumentObservation(e: Json, subject: Json): Resource {
  const instrument = String(e.instrument);
  const components: Json[] = [];
  const item = (n: number, value: Json) => components.push({ code: concept(S.screening, `${instrument}-item-${n}`, `${instrument} item ${n}`), ...value });
  if (Array.isArray(e.items)) e.items.forEach((v: number, i: number) => item(i + 1, { valueInteger: v }));
  if (Array.isArray(e.answers)) e.answers.forEach((v: boolean, i: number) => item(i + 1, { valueBoolean: v }));
  if (typeof e.distressThermometer === 'number') components.push({ code: concept(S.screening, `${instrument}-distress-thermometer`, 'Distress thermometer'), valueInteger: e.distressThermometer });
  if (typeof e.total13 === 'number') components.push({ code: concept(S.screening, `${instrument}-total-13`, 'Total of items 1-13'), valueInteger: e.total13 });
  if (typeof e.traumaExposure === 'boolean') components.push({ code: concept(S.screening, `${instrument}-trauma-exposure`, 'Trauma exposure'), valueBoolean: e.traumaExposure });
  const total = typeof e.total14 === 'number' ? e.total14 : typeof e.score === 'number' ? e.score : typeof e.total === 'number' ? e.total : undefined;
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [concept(S.observationCategory, 'survey', 'Survey')],
    code: concept(S.screening, instrument, `${instrument}${e.name ? ` (${e.name})` : ''} total score`),
    subject,
    effectiveDateTime: e.date,
    ...(total !== undefined ? { valueInteger: total } : {}),
    ...(typeof e.positive === 'boolean' ? { interpretation: [concept(S.interpretation, e.positive ? 'POS' : 'NEG', e.positive ? 'Positive' : 'Negative')] } : {}),
    ...(e.mode ? { method: textConcept(String(e.mode)) } : {}),
    ...(e.administeredBy ? { performer: [{ display: String(e.administeredBy) }] } : {}),
    note: [{ text: [`version ${e.version}`, e.languageVersion ? `language ${e.languageVersion}` : '', e.cutPoint !== undefined ? `cut point ${e.cutPoint}` : '', e.threshold !== undefined ? `threshold ${e.threshold}` : ''].filter(Boolean).join(', ') }],
    ...(components.length ? { component: components } : {}),
  };
}

/** A test's or screening's result as SNOMED CT qualifier values and v3 interpretation codes (well-known codes only; "latent" has its label alone). */
const RESULT_CODES: Readonly<Record<string, { snomed?: [string, string]; interpretation: [string, string] }>> = {
  negative: { snomed: ['260385009', 'Negative'], interpretation: ['NEG', 'Negative'] },
  positive: { snomed: ['10828004', 'Positive'], interpretation: ['POS', 'Positive'] },
  indeterminate: { snomed: ['82334004', 'Indeterminate'], interpretation: ['IND', 'Indeterminate'] },
  latent: { interpretation: ['POS', 'Positive'] },
};

/** LOINC codes for the tests that have one well known; the others are coded in our screening code system with their label. */
const TEST_LOINC: Readonly<Record<string, [string, string]>> = {
  igra: ['71773-6', 'Mycobacterium tuberculosis stimulated gamma interferon [Interpretation] in Blood Qualitative'],
  hbsag: ['5195-3', 'Hepatitis B virus surface Ag [Presence] in Serum'],
  'anti-hcv': ['16128-1', 'Hepatitis C virus Ab [Presence] in Serum'],
  'hiv-antigen-antibody': ['56888-1', 'HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay'],
};

/** Imaging tests among the infectious-disease tests (the rest are laboratory tests). */
const IMAGING_TESTS = new Set(['chest-x-ray']);

/** A result key as FHIR: the coded value with its label, and its interpretation. */
function codedResult(result: string, label: string | undefined): Json {
  const codes = RESULT_CODES[result];
  const text = label ?? result;
  return {
    valueCodeableConcept: codes?.snomed ? { coding: [coding(S.snomed, ...codes.snomed)], text } : { text },
    ...(codes ? { interpretation: [concept(S.interpretation, ...codes.interpretation)] } : {}),
  };
}

/**
 * The infectious-disease screening (1.1): per disease an Observation of its conclusion (the result
 * coded, no findings as a negative screening, not done with its reason), and every test (kind,
 * result, date taken at the precision known, where) an Observation of its own: LOINC where one is
 * well known, the result coded with its interpretation, a pending one `registered` without a value.
 * Every display is a schema label.
 */
function infectiousDiseaseObservations(infectious: Record<string, Section>, subject: Json, labels: FhirLabels): Resource[] {
  const out: Resource[] = [];
  const category = (code: 'laboratory' | 'imaging') => [concept(S.observationCategory, code, code === 'laboratory' ? 'Laboratory' : 'Imaging')];
  for (const [disease, s] of Object.entries(infectious)) {
    const at = ['infectiousDiseases', disease];
    const name = labels.field(at) ?? disease;
    const source = s.source as Json | undefined;
    const when = (s.testedOn ?? source?.date) as string | undefined;
    const base = { resourceType: 'Observation', status: 'final', category: category('laboratory'), code: concept(S.screening, `infectious-disease-${disease}`, `Screening: ${name}`), subject, ...(when ? { effectiveDateTime: when } : {}) };
    if (s.status === 'findings' && typeof s.result === 'string') {
      const followUp = s.followUp as Json | undefined;
      const notes = [
        ...(s.classification ? [`${labels.field([...at, 'classification']) ?? 'Classification'}: ${s.classification}`] : []),
        ...(s.treatment ? [`Treatment: ${s.treatment}${s.treatmentStatus ? ` (${labels.value([...at, 'treatmentStatus'], s.treatmentStatus) ?? s.treatmentStatus})` : ''}`] : []),
        ...(['treatmentStartedOn', 'treatmentPlannedEndOn'] as const).filter((k) => s[k]).map((k) => `${labels.field([...at, k]) ?? k}: ${String(s[k])}`),
        // 1.2: a follow-up of its own (what, by whom, how urgently), beside the treatment.
        ...(followUp ? [`Follow-up (${followUp.urgency}, by ${followUp.byName ?? followUp.by}): ${followUp.what}`] : []),
      ];
      out.push({ ...base, ...codedResult(s.result, labels.value([...at, 'result'], s.result)), ...(notes.length ? { note: notes.map((text) => ({ text })) } : {}) });
    } else if (s.status === 'findings') {
      // "Other" diseases: each entry (disease, result, date) an Observation, under the section's conclusion.
      out.push({ ...base, valueCodeableConcept: { text: labels.value([...at, 'status'], s.status) ?? 'Assessed, with findings' } });
      for (const e of (s.entries ?? []) as Json[]) {
        out.push({ resourceType: 'Observation', status: 'final', category: category('laboratory'), code: concept(S.screening, 'infectious-disease-other-entry', String(e.disease)), subject, ...(e.testedOn ? { effectiveDateTime: e.testedOn } : {}), valueCodeableConcept: textConcept(String(e.result)), ...(e.treatment ? { note: [{ text: `Treatment: ${e.treatment}` }] } : {}) });
      }
    } else if (s.status === 'no-findings') {
      const { valueCodeableConcept, interpretation } = codedResult('negative', undefined);
      out.push({ ...base, valueCodeableConcept: { ...valueCodeableConcept, text: labels.value([...at, 'status'], s.status) ?? 'No findings' }, interpretation, ...(notesOf(s).length ? { note: notesOf(s) } : {}) });
    } else {
      out.push({ ...base, dataAbsentReason: dataAbsentReasonOf(s), ...(notesOf(s).length ? { note: notesOf(s) } : {}) });
    }
    for (const t of (s.tests ?? []) as Json[]) {
      const kind = String(t.type);
      const kindLabel = kind === 'other' && t.description ? String(t.description) : (labels.value([...at, 'tests', '*', 'type'], kind) ?? kind);
      const loinc = TEST_LOINC[kind];
      const text = `${name}: ${kindLabel}`;
      out.push({
        resourceType: 'Observation',
        status: t.result === 'pending' ? 'registered' : 'final',
        category: category(IMAGING_TESTS.has(kind) ? 'imaging' : 'laboratory'),
        // Without a well-known LOINC code, the test's kind in our screening code system, its label as the text.
        code: { coding: [loinc ? coding(S.loinc, ...loinc) : coding(S.screening, `${disease}-test-${kind}`, kindLabel)], text },
        subject,
        ...(t.takenOn ? { effectiveDateTime: t.takenOn } : {}),
        ...(t.where ? { performer: [{ display: String(t.where) }] } : {}),
        // A pending result has no value yet: said so, never left to look like "nothing found".
        ...(t.result === 'pending' ? { dataAbsentReason: concept(S.dataAbsentReason, 'temp-unknown', 'Temporarily Unknown') } : codedResult(String(t.result), labels.value([...at, 'tests', '*', 'result'], t.result))),
        ...(t.note ? { note: [{ text: String(t.note) }] } : {}),
      });
    }
  }
  return out;
}
