/**
 * Every problem the service can report has words a person can act on, in Danish and in English,
 * in the one table the web application reads by code (src/problem-words.ts, beside the catalogue);
 * how a page says them is proven in Chromium (test/e2e/problems-in-danish.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { PROBLEMS, type ProblemCode } from '../src/errors.js';
import { PROBLEM_WORDS } from '../src/problem-words.js';

describe('the problems in the page’s language', () => {
  it('gives every code of the catalogue a Danish and an English sentence, and no code the catalogue does not have', () => {
    expect(Object.keys(PROBLEM_WORDS).sort()).toEqual(Object.keys(PROBLEMS).sort());
    for (const code of Object.keys(PROBLEMS) as ProblemCode[]) {
      const words = PROBLEM_WORDS[code];
      expect(words.da.length, code).toBeGreaterThan(10);
      expect(words.en.length, code).toBeGreaterThan(10);
      expect(words.da, code).not.toBe(words.en);
      // Not the catalogue's own title for integrators, and no JSON Pointer or schema keyword.
      expect(words.en, code).not.toBe(PROBLEMS[code].title);
      expect(`${words.da} ${words.en}`, code).not.toMatch(/\/[a-z]+\/|\b(required|additionalProperties|oneOf|enum)\b/);
    }
  });
});
