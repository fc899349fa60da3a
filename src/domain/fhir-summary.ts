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
import { concept, coding, emptyReasonOf, narrative, notesOf, dataAbsentReasonOf, S, textConcept, uuidFrom, type FhirLabels, type Json, type Resource, type Section } from './fhir-codes.js';
import { infectiousDiseaseObservations, instrumentObservation } from './fhir-observations.js';
import type { gpHealthSummary } from './recipient-views.js';


export type GpSummary = NonNullable<ReturnType<typeof gpHealthSummary>>;

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
