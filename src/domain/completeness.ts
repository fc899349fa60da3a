/**
 * The completeness report: per person, which sections were not assessed (and why) or declined,
 * and which recommended fields are empty; summed up as a score from 0 to 100.
 */
import type { Handover } from './handover-types.js';
import { escapePointerToken } from './strict-json.js';

/** One section or object of a person's forms, from the schema catalogue. */
/** A section not assessed or declined, as the PDFs and the meeting agenda list it. */
export interface CompletenessGap {
  personRef: string;
  /** JSON Pointer into the handover, e.g. /persons/0/healthScreening/dental. */
  pointer: string;
  kind: 'not-assessed' | 'declined';
  reason?: string;
  reasonText?: string;
  expectedBy?: string;
}

export interface SectionSpec {
  /** Path below the person, e.g. ["healthScreening", "medications"]. */
  path: string[];
  section: boolean;
  recommended: string[];
}

export interface CompletenessIssue {
  personRef: string;
  pointer: string;
  kind: 'not-assessed' | 'declined' | 'recommended-missing';
  reason?: string;
  reasonText?: string;
  field?: string;
}

export interface PersonCompleteness {
  personRef: string;
  score: number;
  sections: { total: number; answered: number; notAssessed: number; declined: number };
  issues: CompletenessIssue[];
}

export interface CompletenessReport {
  /** Mean of the persons' scores, 0-100. */
  score: number;
  persons: PersonCompleteness[];
}

function at(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * A section counts as answered when it says what is known: findings, no-findings,
 * not-applicable, or that the person declined. "not-assessed" is the gap this report shows.
 */
export function completenessReport(doc: Handover, specs: readonly SectionSpec[]): CompletenessReport {
  const persons = doc.persons.map((person, i): PersonCompleteness => {
    const base = `/persons/${i}`;
    const issues: CompletenessIssue[] = [];
    let total = 0;
    let answered = 0;
    let notAssessed = 0;
    let declined = 0;
    let recommendedTotal = 0;
    let recommendedFilled = 0;
    for (const spec of specs) {
      const node = at(person, spec.path) as Record<string, unknown> | undefined;
      const pointer = `${base}/${spec.path.map(escapePointerToken).join('/')}`;
      if (spec.section) {
        if (!node) continue;
        total++;
        const status = node.status;
        if (status === 'not-assessed') {
          notAssessed++;
          issues.push({ personRef: person.personRef, pointer, kind: 'not-assessed', reason: node.reason as string, ...(node.reasonText ? { reasonText: node.reasonText as string } : {}) });
          continue;
        }
        answered++;
        if (status === 'declined') {
          declined++;
          issues.push({ personRef: person.personRef, pointer, kind: 'declined' });
          continue;
        }
        if (status !== 'findings') continue;
      } else if (!node) {
        continue;
      }
      for (const field of spec.recommended) {
        recommendedTotal++;
        if (isEmpty(node[field])) issues.push({ personRef: person.personRef, pointer: `${pointer}/${escapePointerToken(field)}`, kind: 'recommended-missing', field });
        else recommendedFilled++;
      }
    }
    const denominator = total + recommendedTotal;
    const score = denominator === 0 ? 100 : Math.round((100 * (answered + recommendedFilled)) / denominator);
    return { personRef: person.personRef, score, sections: { total, answered, notAssessed, declined }, issues };
  });
  const score = persons.length === 0 ? 0 : Math.round(persons.reduce((a, p) => a + p.score, 0) / persons.length);
  return { score, persons };
}
