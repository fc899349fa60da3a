/** The parts of a (schema-valid) handover document that the domain rules read. */

export type SectionStatus = 'findings' | 'no-findings' | 'not-assessed' | 'declined' | 'not-applicable';
export const SECTION_STATUSES: readonly SectionStatus[] = ['findings', 'no-findings', 'not-assessed', 'declined', 'not-applicable'];

export interface Section {
  status: SectionStatus;
  reason?: string;
  reasonText?: string;
  entries?: Record<string, unknown>[];
  [field: string]: unknown;
}

/**
 * A medication entry. From 1.1 the supply end, frequency and must-not-interrupt flag may each be
 * stated as not known (`<field>Unknown` with the reason) instead of being invented.
 */
export interface Medication {
  name: string;
  atc?: string;
  frequency?: string;
  supplyLastsUntil?: string;
  mustNotInterrupt?: boolean;
  frequencyUnknown?: string;
  supplyLastsUntilUnknown?: string;
  mustNotInterruptUnknown?: string;
}

export interface SocialInformation {
  personRef: string;
  identity: { givenNames: string; /** Absent when the person has no family name (1.2 `noFamilyName`). */ familyName?: string; noFamilyName?: true; nameInOriginalScript?: string; dateOfBirth: string; dateOfBirthEstimated: boolean; sex: string };
  residence: { legalBasis: string; permitGrantedOn: string; permitExpiresOn: string; permitDurationYears?: number; permitEnds?: 'on-expiry-date' | 'at-18th-birthday' };
  unaccompaniedMinor: Section & { turns18On?: string; temporaryPermitEndsOn?: string };
  [section: string]: unknown;
}

export interface HealthScreening {
  personRef: string;
  medications: Section & { entries?: (Medication & Record<string, unknown>)[] };
  mentalHealth: { screenings: Section; [k: string]: Section };
  [section: string]: unknown;
}

export interface HandoverPerson {
  personRef: string;
  socialInformation: SocialInformation;
  healthScreening: HealthScreening;
}

export interface Consent {
  personRef: string;
  audiences: string[];
  scopes: string[];
  givenOn: string;
}

export interface UrgentFlag {
  type: string;
  personRef: string;
  date?: string;
  description: string;
}

/** 1.1: a new version sent to another municipality says which, why and when it was decided. */
export interface Readdressing {
  fromMunicipalityCode: string;
  reason: 'reassigned-by-immigration-service' | 'addressed-in-error' | 'other';
  reasonText?: string;
  decidedOn?: string;
}

export interface Handover {
  documentType: 'handover';
  schemaVersion: string;
  handoverId: string;
  version: number;
  supersedes?: { version: number };
  createdAt: string;
  sender: { organisationId: string; organisationType: string; organisationName: string; unit: string };
  recipient: { municipalityCode: string; readdressing?: Readdressing };
  integrationResponsibilityFrom: string;
  expectedArrival: { date: string; mode: string; place: string };
  household: { relations: { from: string; to: string; type: string; note?: string }[]; livingArrangements: { personRefs: string[] }[] };
  persons: HandoverPerson[];
  attachments: { attachmentRef: string; filename: string; mediaType: string; size: number; sha256: string; personRef: string; category: string; description?: string }[];
  consents: Consent[];
  urgentFlags: UrgentFlag[];
}
