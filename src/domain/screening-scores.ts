/**
 * Scoring of the mental-health screening instruments, computed by the service so that a
 * submitted score that disagrees with the item answers is rejected.
 */
import type { FieldError } from '../errors.js';

export interface Rhs15Score {
  /** Sum of items 1-14 (each 0-4). */
  total14: number;
  /** RHS-13: sum of items 1-13; cut-off 11. */
  total13: number;
  positive13: boolean;
  /** RHS-15 is positive when items 1-14 total 12 or more, or the distress thermometer is 5 or more. */
  positive: boolean;
}

/** The RHS-15 rule on its totals: positive at items 1-14 >= 12 or thermometer >= 5 (also for a total entered without the items, 1.2). */
export function rhs15Positive(total14: number, distressThermometer: number): boolean {
  return total14 >= 12 || distressThermometer >= 5;
}

/** The RHS-15 score from its item answers and distress thermometer: positive at items 1-14 >= 12 or thermometer >= 5; RHS-13 from items 1-13, cut-off 11. */
export function scoreRhs15(items: readonly number[], distressThermometer: number): Rhs15Score {
  if (items.length !== 14) throw new Error('RHS-15 needs exactly 14 item answers');
  const total14 = items.reduce((a, b) => a + b, 0);
  const total13 = items.slice(0, 13).reduce((a, b) => a + b, 0);
  return { total14, total13, positive13: total13 >= 11, positive: rhs15Positive(total14, distressThermometer) };
}

export interface PcPtsd5Score {
  score: number;
  positive: boolean;
}

/**
 * PC-PTSD-5: without trauma exposure the five items are not asked and the score is 0; with the
 * answers the score is their count; a score entered without the answers (1.2) is taken as given.
 */
export function scorePcPtsd5(traumaExposure: boolean, answers: readonly boolean[] | undefined, cutPoint: 3 | 4, enteredScore?: number): PcPtsd5Score {
  if (!traumaExposure) return { score: 0, positive: false };
  const score = answers ? answers.filter(Boolean).length : (enteredScore ?? 0);
  return { score, positive: score >= cutPoint };
}

interface Rhs15Entry {
  instrument: 'RHS-15';
  /** Absent when only the totals were at hand (1.2); RHS-13 is then not asked for. */
  items?: number[];
  distressThermometer: number;
  total14: number;
  total13?: number;
  positive: boolean;
}
interface PcPtsd5Entry {
  instrument: 'PC-PTSD-5';
  traumaExposure: boolean;
  answers?: boolean[];
  cutPoint: 3 | 4;
  score: number;
  positive: boolean;
}

/** Compares submitted scores with the computed ones; one error per disagreeing field. */
export function checkScreeningScores(entry: { instrument: string }, pointer: string): FieldError[] {
  const errors: FieldError[] = [];
  const mismatch = (field: string, expected: unknown, keyword: string, from = 'the item answers') =>
    errors.push({ pointer: `${pointer}/${field}`, keyword, message: `does not match ${from} (computed: ${JSON.stringify(expected)})` });
  if (entry.instrument === 'RHS-15') {
    const e = entry as Rhs15Entry;
    if (e.items) {
      const s = scoreRhs15(e.items, e.distressThermometer);
      if (e.total14 !== s.total14) mismatch('total14', s.total14, 'rhs15Score');
      if (e.total13 !== s.total13) mismatch('total13', s.total13, 'rhs15Score');
      if (e.positive !== s.positive) mismatch('positive', s.positive, 'rhs15Score');
    } else if (e.positive !== rhs15Positive(e.total14, e.distressThermometer)) {
      mismatch('positive', rhs15Positive(e.total14, e.distressThermometer), 'rhs15Score', 'the totals');
    }
  } else if (entry.instrument === 'PC-PTSD-5') {
    const e = entry as PcPtsd5Entry;
    const s = scorePcPtsd5(e.traumaExposure, e.answers, e.cutPoint, e.score);
    const from = e.answers || !e.traumaExposure ? 'the item answers' : 'the score';
    if (e.score !== s.score) mismatch('score', s.score, 'pcPtsd5Score', from);
    if (e.positive !== s.positive) mismatch('positive', s.positive, 'pcPtsd5Score', from);
  }
  return errors;
}
