/**
 * Medicines that must not run out: the ATC groups where an interruption is dangerous
 * (psychiatric, anticoagulant, insulin, antiepileptic, HIV and TB treatment). A medication in one
 * of them whose supply end or must-not-interrupt flag the sender could not state is a warning in
 * both PDFs and the deadline list: the municipality and the GP must check it on arrival, not
 * find out when the supply is gone.
 */
import type { Handover, Medication } from './handover-types.js';

export type CriticalGroup = 'psychiatric' | 'anticoagulant' | 'insulin' | 'antiepileptic' | 'hiv' | 'tuberculosis';

/** ATC prefixes per group (WHO ATC classification, levels 3-4). */
const CRITICAL_ATC: readonly { prefix: string; group: CriticalGroup }[] = [
  { prefix: 'N05A', group: 'psychiatric' }, // antipsychotics, lithium (N05AN)
  { prefix: 'N06A', group: 'psychiatric' }, // antidepressants
  { prefix: 'B01A', group: 'anticoagulant' }, // antithrombotic agents
  { prefix: 'A10A', group: 'insulin' },
  { prefix: 'N03A', group: 'antiepileptic' },
  { prefix: 'J05AE', group: 'hiv' }, // protease inhibitors
  { prefix: 'J05AF', group: 'hiv' }, // nucleoside reverse transcriptase inhibitors
  { prefix: 'J05AG', group: 'hiv' }, // non-nucleoside reverse transcriptase inhibitors
  { prefix: 'J05AJ', group: 'hiv' }, // integrase inhibitors
  { prefix: 'J05AR', group: 'hiv' }, // combinations for HIV
  { prefix: 'J04A', group: 'tuberculosis' }, // drugs for treatment of tuberculosis
];

/** The group an ATC code belongs to when an interruption is dangerous; undefined otherwise. */
export function criticalGroupOf(atc: string | undefined): CriticalGroup | undefined {
  if (!atc) return undefined;
  return CRITICAL_ATC.find((c) => atc.startsWith(c.prefix))?.group;
}

export interface MedicationWarning {
  personRef: string;
  name: string;
  atc?: string;
  /** Why it is a candidate: the ATC group, or the sender's own must-not-interrupt flag. */
  group?: CriticalGroup;
  supplyEndUnknown: boolean;
  mustNotInterruptUnknown: boolean;
}

/** True when the medication may not be interrupted: flagged so, or in a critical ATC group and not flagged otherwise. */
export function isMustNotInterruptCandidate(m: Medication): boolean {
  return m.mustNotInterrupt === true || (m.mustNotInterrupt === undefined && criticalGroupOf(m.atc) !== undefined);
}

/**
 * Medications that may not be interrupted but whose supply end, or whether they may be
 * interrupted, the sender could not state.
 */
export function medicationWarnings(doc: Pick<Handover, 'persons'>): MedicationWarning[] {
  const out: MedicationWarning[] = [];
  for (const p of doc.persons) {
    // A person whose health is withheld carries a marker instead of the screening.
    const meds = p.healthScreening.medications as typeof p.healthScreening.medications | undefined;
    if (meds?.status !== 'findings') continue;
    for (const m of meds.entries ?? []) {
      const supplyEndUnknown = m.supplyLastsUntil === undefined;
      const mustNotInterruptUnknown = m.mustNotInterrupt === undefined;
      if (!supplyEndUnknown && !mustNotInterruptUnknown) continue;
      if (!isMustNotInterruptCandidate(m)) continue;
      const group = criticalGroupOf(m.atc);
      out.push({ personRef: p.personRef, name: m.name, ...(m.atc ? { atc: m.atc } : {}), ...(group ? { group } : {}), supplyEndUnknown, mustNotInterruptUnknown });
    }
  }
  return out;
}

/** Medications that must not be interrupted first, then by the day their supply ends. */
export function medicationOrder(a: Medication, b: Medication): number {
  const critical = Number(isMustNotInterruptCandidate(b)) - Number(isMustNotInterruptCandidate(a));
  return critical || (a.supplyLastsUntil ?? '9999').localeCompare(b.supplyLastsUntil ?? '9999');
}
