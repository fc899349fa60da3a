/** The GP summary's Observations (fhir-summary.ts): screening instruments with every item answer, and infectious-disease screening with its tests. */
import { coding, concept, dataAbsentReasonOf, notesOf, S, textConcept, type FhirLabels, type Json, type Resource, type Section } from './fhir-codes.js';

/** RHS-15, PC-PTSD-5 or another instrument as an Observation with its total and every item answer. */
export function instrumentObservation(e: Json, subject: Json): Resource {
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
export function infectiousDiseaseObservations(infectious: Record<string, Section>, subject: Json, labels: FhirLabels): Resource[] {
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
