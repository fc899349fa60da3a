/** The warning both PDFs print for a medication that must not run out but whose supply end or flag is not known. */
import type { CriticalGroup, MedicationWarning } from '../domain/critical-medications.js';
import { phrase, type Lang, type PhraseKey } from './phrases.js';

const GROUP_PHRASE: Record<CriticalGroup, PhraseKey> = {
  psychiatric: 'criticalPsychiatric',
  anticoagulant: 'criticalAnticoagulant',
  insulin: 'criticalInsulin',
  antiepileptic: 'criticalAntiepileptic',
  hiv: 'criticalHiv',
  tuberculosis: 'criticalTuberculosis',
};

export function medicationWarningText(w: MedicationWarning, lang: Lang): string {
  const group = w.group ? ` (${[w.atc, phrase(GROUP_PHRASE[w.group], lang)].filter(Boolean).join(', ')})` : w.atc ? ` (${w.atc})` : '';
  const unknown = [w.supplyEndUnknown ? phrase('medicationSupplyEndUnknown', lang) : '', w.mustNotInterruptUnknown ? phrase('medicationInterruptUnknown', lang) : ''].filter(Boolean).join('; ');
  return phrase('medicationWarning', lang, { name: w.name, group, unknown });
}
