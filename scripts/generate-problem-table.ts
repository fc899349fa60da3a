/**
 * Writes the README's problem table from the catalogue in src/errors.ts (one row per code, with
 * its one status), between the markers `<!-- problem-table:start -->` and `<!-- problem-table:end -->`.
 *   npm run docs:problems            rewrite README.md
 *   npm run docs:problems -- --check exit 1 when README.md is stale (test/errors.test.ts checks it too)
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROBLEMS } from '../src/errors.js';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- problem-table:start -->';
const END = '<!-- problem-table:end -->';

export function problemTable(): string {
  const rows = Object.entries(PROBLEMS).map(([code, p]) => `| \`${code}\` | ${p.status} | ${p.title} | ${p.when} |`);
  return [START, '| code | status | title | when |', '|---|---|---|---|', ...rows, END].join('\n');
}

/** The README with its problem table replaced by the generated one. */
export function withProblemTable(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from === -1 || to === -1) throw new Error(`README.md has no ${START} ... ${END} markers`);
  return `${readme.slice(0, from)}${problemTable()}${readme.slice(to + END.length)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const current = fs.readFileSync(README, 'utf8');
  const wanted = withProblemTable(current);
  if (process.argv.includes('--check')) {
    if (current !== wanted) {
      process.stderr.write('README.md: the problem table is stale; run npm run docs:problems\n');
      process.exit(1);
    }
  } else if (current !== wanted) {
    fs.writeFileSync(README, wanted);
  }
}
