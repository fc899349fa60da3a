/**
 * Writes docs/problems.md's problem table from the catalogue in src/errors.ts (one row per code,
 * with its one status), between the markers `<!-- problem-table:start -->` and `<!-- problem-table:end -->`.
 *   npm run docs:problems            rewrite docs/problems.md
 *   npm run docs:problems -- --check exit 1 when docs/problems.md is stale (test/errors.test.ts checks it too)
 */
import { PROBLEMS } from '../src/errors.js';
import { repoFile, runSectionGenerator, withSection } from './doc-section.js';

/** Where the problem table lives. */
export const PROBLEMS_DOC = repoFile('docs/problems.md');

export function problemTable(): string {
  const rows = Object.entries(PROBLEMS).map(([code, p]) => `| \`${code}\` | ${p.status} | ${p.title} | ${p.when} |`);
  return ['| code | status | title | when |', '|---|---|---|---|', ...rows].join('\n');
}

/** The document with its problem table replaced by the generated one. */
export const withProblemTable = (doc: string): string => withSection(doc, 'problem-table', problemTable());

runSectionGenerator(import.meta.url, PROBLEMS_DOC, 'problem-table', problemTable, 'npm run docs:problems');
