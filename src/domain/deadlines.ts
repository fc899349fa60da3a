/**
 * Dates the receiving municipality must act on: the health-assessment offer (from a table of
 * legal rules with effective dates), 18th birthdays, medication supply ends, permit expiries.
 */
import rulesFile from './rules/health-assessment-offer.json' with { type: 'json' };
import { addMonths, addYears, ageOn } from './dates.js';
import { isMustNotInterruptCandidate } from './critical-medications.js';
import type { Handover } from './handover-types.js';
import { datePrecision, earliestDay, PARTIAL_BIRTH_DATE_NOTE } from './partial-dates.js';

export interface OfferRule {
  id: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  months: number;
  offerTo: 'all' | 'mandatory-for-quota-refugees-needs-based-for-others';
  /** The provision, named in each language (a PDF in one language names it in that language). */
  legalReference: { da: string; en: string };
  text: { da: string; en: string };
}

export const HEALTH_ASSESSMENT_OFFER_RULES: readonly OfferRule[] = rulesFile.rules as OfferRule[];

export type DeadlineKind = 'health-assessment-offer' | 'turns-18' | 'medication-supply-ends' | 'medication-supply-unknown' | 'permit-expires' | 'temporary-permit-ends';

export interface Deadline {
  personRef: string;
  kind: DeadlineKind;
  date: string;
  /** For the offer: whether the offer is mandatory for this person or depends on need. */
  mandatory?: boolean;
  ruleId?: string;
  /** Medication name, or that a date of birth is estimated: facts, never diagnoses. */
  detail?: string;
  /** A medication that must not be interrupted (flagged so, or in a critical ATC group and not flagged otherwise). */
  critical?: boolean;
  /** An 18th birthday from a birth date known only to the year or month (1.2): the date is the earliest possible one. */
  birthDatePrecision?: 'year' | 'month';
}

/** Deadlines that name a medication (health information: withheld with the health sections). */
export const MEDICATION_DEADLINES: ReadonlySet<DeadlineKind> = new Set(['medication-supply-ends', 'medication-supply-unknown']);

/** The rule in force on a date; undefined before the first rule. */
export function offerRuleOn(date: string, rules: readonly OfferRule[] = HEALTH_ASSESSMENT_OFFER_RULES): OfferRule | undefined {
  return rules.find((r) => r.effectiveFrom <= date && (r.effectiveTo === null || date <= r.effectiveTo));
}

/** Every deadline in a handover, sorted by date (then person, then kind). */
export function computeDeadlines(doc: Handover, rules: readonly OfferRule[] = HEALTH_ASSESSMENT_OFFER_RULES): Deadline[] {
  const out: Deadline[] = [];
  const start = doc.integrationResponsibilityFrom;
  const rule = offerRuleOn(start, rules);
  for (const p of doc.persons) {
    const si = p.socialInformation;
    if (rule) {
      out.push({
        personRef: p.personRef,
        kind: 'health-assessment-offer',
        date: addMonths(start, rule.months),
        ruleId: rule.id,
        mandatory: rule.offerTo === 'all' || si.residence.legalBasis === 'section-8-quota',
      });
    }
    // A birth date known only to the year or month (1.2): the person may be a child if the youngest
    // age it allows is under 18, and may turn 18 as early as its first possible day; the deadline
    // says so, so that nobody's support ends unprepared.
    if (ageOn(si.identity.dateOfBirth, start) < 18) {
      const precision = datePrecision(si.identity.dateOfBirth);
      out.push({
        personRef: p.personRef,
        kind: 'turns-18',
        date: addYears(earliestDay(si.identity.dateOfBirth), 18),
        ...(precision !== 'day' ? { detail: PARTIAL_BIRTH_DATE_NOTE[precision], birthDatePrecision: precision } : si.identity.dateOfBirthEstimated ? { detail: 'date of birth estimated' } : {}),
      });
    }
    const meds = p.healthScreening.medications;
    if (meds.status === 'findings') {
      for (const m of meds.entries ?? []) {
        if (m.supplyLastsUntil !== undefined) {
          out.push({ personRef: p.personRef, kind: 'medication-supply-ends', date: m.supplyLastsUntil, detail: m.name, critical: isMustNotInterruptCandidate(m) });
        } else {
          // The sender could not say how long the supply lasts: check it the day the person arrives.
          out.push({ personRef: p.personRef, kind: 'medication-supply-unknown', date: doc.expectedArrival.date, detail: m.name, critical: isMustNotInterruptCandidate(m) });
        }
      }
    }
    out.push({ personRef: p.personRef, kind: 'permit-expires', date: si.residence.permitExpiresOn });
    const uam = si.unaccompaniedMinor;
    if (uam.status === 'findings' && uam.temporaryPermitEndsOn) {
      out.push({ personRef: p.personRef, kind: 'temporary-permit-ends', date: uam.temporaryPermitEndsOn });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.personRef.localeCompare(b.personRef) || a.kind.localeCompare(b.kind) || (a.detail ?? '').localeCompare(b.detail ?? ''));
}
