/**
 * A problem from the service in the page's language: its code's words (src/problem-words.ts, one
 * table beside the catalogue) and, for a problem that lists fields, each field's label and rule;
 * never the catalogue's English title or detail, nor a JSON Pointer.
 */
import { PROBLEM_WORDS } from '../../src/problem-words';
import type { ProblemCode } from '../../src/errors';
import type { Problem } from './api';
import { ruleMessage } from './form-words';
import type { Lang } from './i18n';

/** Problems whose `errors` list several fields with a rule each; any other problem's one field error is what its words already say. */
const LISTS_FIELDS = new Set<string>(['validation-failed', 'bad-request', 'malformed-json', 'duplicate-member', 'ambiguous-number']);

/** Whether a problem's field errors say more than its words: each names a field and a rule of its own. */
export const listsFields = (problem: Problem) => problem.code !== undefined && LISTS_FIELDS.has(problem.code);

/**
 * A problem in the page's language: its code's words. A page's own problem (status 0) is in its
 * words already; an answer without a code (a proxy's error page) is said by its HTTP status class.
 */
export function problemTitle(problem: Problem, lang: Lang): string {
  const words = problem.code ? PROBLEM_WORDS[problem.code as ProblemCode] : undefined;
  if (words) return words[lang];
  if (problem.status === 0) return problem.title;
  if (problem.status >= 500) return PROBLEM_WORDS['internal-error'][lang];
  return PROBLEM_WORDS['bad-request'][lang];
}

/**
 * Each field's problem in the page's language: the field's label where the page knows it (never a
 * JSON Pointer), then its rule's message. Nothing when the problem's own words say it all.
 */
export function fieldProblems(problem: Problem, lang: Lang, labelOf: (pointer: string) => string | undefined = () => undefined): string[] {
  if (!listsFields(problem)) return [];
  return (problem.errors ?? []).map((e) => {
    const label = labelOf(e.pointer);
    const message = ruleMessage(e.keyword, lang);
    return label ? `${label}: ${message}` : message;
  });
}
