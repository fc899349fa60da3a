/**
 * What each recipient sees of a handover: the coordinating department's view with health
 * sections withheld where consent is missing, the feed summary, and the GP's health summary.
 */
import { consentMissingMarker, hasConsent, type ConsentChange } from './consent.js';
import { ageOn, agesOn } from './dates.js';
import { computeDeadlines, MEDICATION_DEADLINES, type Deadline } from './deadlines.js';
import type { Consent, Handover, HandoverPerson, UrgentFlag } from './handover-types.js';
import { personName } from './person-name.js';

/** Persons whose health the coordinating department may not see (consent, as changed since). */
export function healthWithheld(consents: readonly Consent[], changes: readonly ConsentChange[], personRefs: readonly string[]): string[] {
  return personRefs.filter((ref) => !hasConsent(consents, changes, ref, 'coordinating-department', 'health'));
}

/** An urgent flag's text may be about health: kept as a type and date only where health is withheld. */
export function redactUrgentFlags(flags: readonly UrgentFlag[], withheld: readonly string[]): UrgentFlag[] {
  const hidden = new Set(withheld);
  return flags.map((f) => (hidden.has(f.personRef) ? { type: f.type, personRef: f.personRef, ...(f.date ? { date: f.date } : {}), description: '(withheld: consent missing)' } : f));
}

/** Deadlines without health details (medication names) for persons whose health is withheld. */
export function redactDeadlines(deadlines: readonly Deadline[], withheld: readonly string[]): Deadline[] {
  const hidden = new Set(withheld);
  return deadlines.map((d) => (hidden.has(d.personRef) && MEDICATION_DEADLINES.has(d.kind) ? { personRef: d.personRef, kind: d.kind, date: d.date } : d));
}

/** The handover with each person's health screening replaced by a marker where consent is missing. */
export function coordinatingDepartmentView(doc: Handover, changes: readonly ConsentChange[]): { document: Handover; withheld: string[] } {
  const withheld = healthWithheld(doc.consents, changes, doc.persons.map((p) => p.personRef));
  const persons = doc.persons.map((p): HandoverPerson =>
    withheld.includes(p.personRef) ? { ...p, healthScreening: consentMissingMarker('coordinating-department') as unknown as HandoverPerson['healthScreening'] } : p,
  );
  return { document: { ...doc, persons, urgentFlags: redactUrgentFlags(doc.urgentFlags, withheld) }, withheld };
}

/** Deadlines without health details (medication names) for persons whose health is withheld. */
export function deadlinesFor(doc: Handover, withheld: readonly string[]): Deadline[] {
  return redactDeadlines(computeDeadlines(doc), withheld);
}

/**
 * What the feed shows of a version, computed once when it is stored (kept beside the version, so
 * a feed page needs no signed document): persons, arrival, urgent flags, deadlines, consents.
 * Consent is applied when the feed is read, because it can change later.
 */
export interface FeedSummary {
  persons: { personRef: string; name: string; nameInOriginalScript?: string; dateOfBirth: string; dateOfBirthEstimated: boolean; legalBasis: string }[];
  expectedArrival: Handover['expectedArrival'];
  integrationResponsibilityFrom: string;
  urgentFlags: UrgentFlag[];
  deadlines: Deadline[];
  consents: Consent[];
}

/** What a feed entry shows of a handover (names, ages, legal basis, arrival, urgent flags), kept with the entry so a page needs no document reads. */
export function feedSummaryOf(doc: Handover): FeedSummary {
  return {
    persons: doc.persons.map(({ personRef, socialInformation: si }) => ({
      personRef,
      name: personName(si.identity),
      ...(si.identity.nameInOriginalScript ? { nameInOriginalScript: si.identity.nameInOriginalScript } : {}),
      dateOfBirth: si.identity.dateOfBirth,
      dateOfBirthEstimated: si.identity.dateOfBirthEstimated,
      legalBasis: si.residence.legalBasis,
    })),
    expectedArrival: doc.expectedArrival,
    integrationResponsibilityFrom: doc.integrationResponsibilityFrom,
    urgentFlags: doc.urgentFlags,
    deadlines: computeDeadlines(doc),
    consents: doc.consents,
  };
}

/** The feed's view of a summary for the coordinating department, today, under the consent changes recorded since. */
export function feedView(summary: FeedSummary, changes: readonly ConsentChange[], today: string) {
  const withheld = healthWithheld(summary.consents, changes, summary.persons.map((p) => p.personRef));
  return {
    persons: summary.persons.map(({ dateOfBirth, ...p }): FeedPerson => {
      // A birth date known to the year or month allows two ages: the inbox says both, as the briefing does.
      const ages = agesOn(dateOfBirth, today);
      return {
        personRef: p.personRef,
        name: p.name,
        ...(p.nameInOriginalScript ? { nameInOriginalScript: p.nameInOriginalScript } : {}),
        age: ageOn(dateOfBirth, today),
        ...(ages.oldest !== ages.youngest ? { ageUpTo: ages.oldest } : {}),
        dateOfBirthEstimated: p.dateOfBirthEstimated,
        legalBasis: p.legalBasis,
      };
    }),
    expectedArrival: summary.expectedArrival,
    integrationResponsibilityFrom: summary.integrationResponsibilityFrom,
    urgentFlags: redactUrgentFlags(summary.urgentFlags, withheld),
    deadlines: redactDeadlines(summary.deadlines, withheld).filter((x) => x.kind !== 'permit-expires'),
  };
}

export interface FeedPerson {
  personRef: string;
  name: string;
  nameInOriginalScript?: string;
  age: number;
  /** The oldest age a birth date known only to the year or month allows, when it differs from `age`. */
  ageUpTo?: number;
  dateOfBirthEstimated: boolean;
  legalBasis: string;
}

/** The GP's health summary of one person: identity, language and interpreter, health screening, urgent flags. Nothing else. */
export function gpHealthSummary(doc: Handover, personRef: string) {
  const person = doc.persons.find((p) => p.personRef === personRef);
  if (!person) return undefined;
  const si = person.socialInformation;
  const languages = si.languages as Record<string, unknown>;
  return {
    handoverId: doc.handoverId,
    version: doc.version,
    // The standard's version, so a reader draws the health screening with the schema it was written in (1.2's fields by 1.2's labels).
    schemaVersion: doc.schemaVersion,
    personRef,
    identity: {
      givenNames: si.identity.givenNames,
      ...(si.identity.familyName ? { familyName: si.identity.familyName } : {}),
      ...(si.identity.noFamilyName ? { noFamilyName: true } : {}),
      ...(si.identity.nameInOriginalScript ? { nameInOriginalScript: si.identity.nameInOriginalScript } : {}),
      dateOfBirth: si.identity.dateOfBirth,
      dateOfBirthEstimated: si.identity.dateOfBirthEstimated,
      sex: si.identity.sex,
      ...((si.identity as Record<string, unknown>).cprNumber ? { cprNumber: (si.identity as Record<string, unknown>).cprNumber } : {}),
    },
    languages: { motherTongue: languages.motherTongue, ...(languages.dialect ? { dialect: languages.dialect } : {}), interpreter: languages.interpreter },
    integrationResponsibilityFrom: doc.integrationResponsibilityFrom,
    healthScreening: person.healthScreening,
    urgentFlags: doc.urgentFlags.filter((f) => f.personRef === personRef),
    deadlines: computeDeadlines(doc).filter((d) => d.personRef === personRef && (d.kind === 'health-assessment-offer' || MEDICATION_DEADLINES.has(d.kind))),
  };
}

/** A version's attachments as a reader sees them: the manifest facts and the link to fetch each (the download decides consent). */
export function attachmentLinks(handoverId: string, version: number, attachments: readonly { attachmentRef: string; filename: string; mediaType: string; size: number; sha256: string; personRef: string; category: string }[]) {
  return attachments.map(({ attachmentRef, filename, mediaType, size, sha256, personRef, category }) => ({
    attachmentRef,
    filename,
    mediaType,
    size,
    sha256,
    personRef,
    category,
    href: `/v1/handovers/${handoverId}/versions/${version}/attachments/${attachmentRef}`,
  }));
}
