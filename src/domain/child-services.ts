/**
 * The municipality's children's services: the health visitors (sundhedspleje, children before
 * school age) and school psychology (PPR, children of school age) are units of the municipality
 * with their own credentials. The coordinating department routes a child to a unit; the unit then
 * reads only that child's sections meant for its audience (growth and development, vaccinations,
 * signs of trauma, school and special needs), each scope only where the person's consent (as
 * changed since) covers that audience. Nothing else of the household reaches it.
 */
import { hasConsent, type ConsentChange, type Scope } from './consent.js';
import { ageOn } from './dates.js';
import type { Handover } from './handover-types.js';
import { personName } from './person-name.js';

export const CHILD_AUDIENCES = ['health-visitors', 'school-psychology'] as const;
export type ChildAudience = (typeof CHILD_AUDIENCES)[number];

/**
 * What each audience reads of a child, by scope: the form sections (paths under the person's
 * socialInformation and healthScreening), in the order the unit's view and PDF show them.
 */
export const CHILD_SECTIONS: Record<ChildAudience, { social: readonly string[]; health: readonly string[] }> = {
  // Growth, development and well-being; vaccinations; allergies and disabilities; daycare.
  'health-visitors': { social: ['languages', 'childcareAndSchool'], health: ['child', 'vaccinations', 'allergies', 'functionalLimitations'] },
  // School and special needs; development; signs of trauma; disabilities.
  'school-psychology': { social: ['languages', 'childcareAndSchool'], health: ['child', 'functionalLimitations', 'mentalHealth.traumaExposure', 'mentalHealth.screenings'] },
};

/** The ages each audience serves (health visitors: before school; PPR: from the kindergarten class to 18). */
const AGES: Record<ChildAudience, { from: number; below: number }> = {
  'health-visitors': { from: 0, below: 7 },
  'school-psychology': { from: 5, below: 18 },
};

/** Why a person cannot be routed to an audience on a date; undefined when they can. */
export function routingProblem(doc: Handover, personRef: string, audience: ChildAudience, on: string): string | undefined {
  const person = doc.persons.find((p) => p.personRef === personRef);
  if (!person) return 'no such person in the handover';
  const age = ageOn(person.socialInformation.identity.dateOfBirth, on);
  const { from, below } = AGES[audience];
  if (age < from || age >= below) return `is ${age} years old; ${audience} serves children from ${from} to ${below - 1}`;
  return undefined;
}

export interface ChildView {
  personRef: string;
  audience: ChildAudience;
  name: string;
  nameInOriginalScript?: string;
  dateOfBirth: string;
  dateOfBirthEstimated: boolean;
  age: number;
  /** The sections of each scope the consent covers; a scope without consent is withheld whole. */
  social: Record<string, unknown> | { status: 'withheld'; reason: 'consent-missing'; audience: ChildAudience; scope: 'social' };
  health: Record<string, unknown> | { status: 'withheld'; reason: 'consent-missing'; audience: ChildAudience; scope: 'health' };
}

/** A section by its dotted path ("mentalHealth.traumaExposure") in a form, when present. */
function pick(form: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const [head, sub] = path.split('.') as [string, string | undefined];
    const value = form[head] as Record<string, unknown> | undefined;
    if (value === undefined) continue;
    if (!sub) out[head] = value;
    else if (value[sub] !== undefined) out[head] = { ...(out[head] as Record<string, unknown> | undefined), [sub]: value[sub] };
  }
  return out;
}

/** What a unit of `audience` sees of one child, today, under the consents and the changes recorded since. */
export function childView(doc: Handover, personRef: string, audience: ChildAudience, changes: readonly ConsentChange[], today: string): ChildView {
  const person = doc.persons.find((p) => p.personRef === personRef)!;
  const id = person.socialInformation.identity;
  const allowed = (scope: Scope) => hasConsent(doc.consents, changes, personRef, audience, scope);
  const sections = CHILD_SECTIONS[audience];
  return {
    personRef,
    audience,
    name: personName(id),
    ...(id.nameInOriginalScript ? { nameInOriginalScript: id.nameInOriginalScript } : {}),
    dateOfBirth: id.dateOfBirth,
    dateOfBirthEstimated: id.dateOfBirthEstimated,
    age: ageOn(id.dateOfBirth, today),
    social: allowed('social') ? pick(person.socialInformation as unknown as Record<string, unknown>, sections.social) : { status: 'withheld', reason: 'consent-missing', audience, scope: 'social' },
    health: allowed('health') ? pick(person.healthScreening as unknown as Record<string, unknown>, sections.health) : { status: 'withheld', reason: 'consent-missing', audience, scope: 'health' },
  };
}
