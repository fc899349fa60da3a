/**
 * What each recipient sees of a handover: the coordinating department's view with health
 * sections withheld where consent is missing, the feed summary, and the GP's health summary.
 */
import { consentMissingMarker, hasConsent, type ConsentChange } from './consent.js';
import { ageOn } from './dates.js';
import { computeDeadlines, type Deadline } from './deadlines.js';
import type { Handover, HandoverPerson } from './handover-types.js';

/** The handover with each person's health screening replaced by a marker where consent is missing. */
export function coordinatingDepartmentView(doc: Handover, changes: readonly ConsentChange[]): { document: Handover; withheld: string[] } {
  const withheld: string[] = [];
  const persons = doc.persons.map((p): HandoverPerson => {
    if (hasConsent(doc.consents, changes, p.personRef, 'coordinating-department', 'health')) return p;
    withheld.push(p.personRef);
    return { ...p, healthScreening: consentMissingMarker('coordinating-department') as unknown as HandoverPerson['healthScreening'] };
  });
  const hidden = new Set(withheld);
  return {
    document: {
      ...doc,
      persons,
      // An urgent flag's text may be about health: kept as a type and date only where health is withheld.
      urgentFlags: doc.urgentFlags.map((f) => (hidden.has(f.personRef) ? { type: f.type, personRef: f.personRef, ...(f.date ? { date: f.date } : {}), description: '(withheld: consent missing)' } : f)),
    },
    withheld,
  };
}

/** Deadlines without health details (medication names) for persons whose health is withheld. */
export function deadlinesFor(doc: Handover, withheld: readonly string[]): Deadline[] {
  const hidden = new Set(withheld);
  return computeDeadlines(doc).map((d) => (hidden.has(d.personRef) && d.kind === 'medication-supply-ends' ? { personRef: d.personRef, kind: d.kind, date: d.date } : d));
}

export interface FeedPerson {
  personRef: string;
  name: string;
  nameInOriginalScript?: string;
  age: number;
  dateOfBirthEstimated: boolean;
  legalBasis: string;
}

export function feedPersons(doc: Handover, today: string): FeedPerson[] {
  return doc.persons.map(({ personRef, socialInformation: si }) => ({
    personRef,
    name: `${si.identity.givenNames} ${si.identity.familyName}`,
    ...(si.identity.nameInOriginalScript ? { nameInOriginalScript: si.identity.nameInOriginalScript } : {}),
    age: ageOn(si.identity.dateOfBirth, today),
    dateOfBirthEstimated: si.identity.dateOfBirthEstimated,
    legalBasis: si.residence.legalBasis,
  }));
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
    personRef,
    identity: {
      givenNames: si.identity.givenNames,
      familyName: si.identity.familyName,
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
    deadlines: computeDeadlines(doc).filter((d) => d.personRef === personRef && (d.kind === 'health-assessment-offer' || d.kind === 'medication-supply-ends')),
  };
}
