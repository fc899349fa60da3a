/** The FHIR building blocks of the GP's summary Bundle (fhir-summary.ts): code systems, codings, narratives, derived ids, and how a section without findings is said. */
import { sha256Hex } from './crypto.js';

export type Json = Record<string, any>;

/** English labels from the schemas (x-label, x-enum-labels) by path under the person's healthScreening ("*" for array items): displays never show a raw key. */
export interface FhirLabels {
  field(path: readonly string[]): string | undefined;
  value(path: readonly string[], value: unknown): string | undefined;
}
export type Resource = Json & { resourceType: string };

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

export const S = FHIR_SYSTEMS;

/** A UUID (RFC 4122 layout, version 5 bits) derived from the seed: the same seed, the same id. */
export function uuidFrom(seed: string): string {
  const h = sha256Hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const coding = (system: string, code: string, display?: string) => ({ system, code, ...(display ? { display } : {}) });
export const concept = (system: string, code: string, display?: string) => ({ coding: [coding(system, code, display)], ...(display ? { text: display } : {}) });
export const textConcept = (text: string) => ({ text });
export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const narrative = (text: string) => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(text)}</p></div>` });

export interface Section {
  status: string;
  reason?: string;
  reasonText?: string;
  note?: string;
  entries?: Json[];
  [k: string]: unknown;
}

/** A section without findings, in FHIR's words: list-empty-reason where it has one, data-absent-reason where it does not. */
export function emptyReasonOf(section: Section): { emptyReason: Json; text: string } {
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
export function dataAbsentReasonOf(section: Section): Json {
  if (section.status === 'declined') return concept(S.dataAbsentReason, 'asked-declined', 'Asked But Declined');
  if (section.status === 'not-applicable') return concept(S.dataAbsentReason, 'not-applicable', 'Not Applicable');
  if (section.status === 'no-findings') return concept(S.dataAbsentReason, 'not-applicable', 'Not Applicable');
  return concept(S.dataAbsentReason, 'not-performed', 'Not Performed');
}

/** The notes a section carries (the reason in the standard's words, its explanation, a note), as FHIR Annotations. */
export function notesOf(section: Section): Json[] {
  const notes: string[] = [];
  if (section.status === 'not-assessed' && section.reason) notes.push(`Not assessed, reason: ${section.reason}${section.reasonText ? `: ${section.reasonText}` : ''}`);
  if (typeof section.note === 'string') notes.push(section.note);
  return notes.map((text) => ({ text }));
}
