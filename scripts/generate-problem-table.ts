/**
 * Writes the README's problem table from the catalogue in src/errors.ts (one row per code, with
 * its one status), between the markers `<!-- problem-table:start -->` and `<!-- problem-table:end -->`.
 *   npm run docs:problems            rewrite README.md
 *   npm run docs:problems -- --check exit 1 when README.md is stale (test/errors.test.ts checks it too)
 */
import { PROBLEMS } from '../src/errors.js';
import { README, runSectionGenerator, withSection } from './readme-section.js';

export { README };

export function problemTable(): string {
  const rows = Object.entries(PROBLEMS).map(([code, p]) => `| \`${code}\` | ${p.status} | ${p.title} | ${p.when} |`);
  return ['| code | status | title | when |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README with its problem table replaced by the generated one. */
export const withProblemTable = (readme: string): string => withSection(readme, 'problem-table', problemTable());

runSectionGenerator(import.meta.url, 'problem-table', problemTable, 'npm run docs:problems');
