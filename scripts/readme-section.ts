/**
 * Generated sections of the README, between `<!-- NAME:start -->` and `<!-- NAME:end -->`: the
 * problem table (from src/errors.ts) and the endpoint list (from src/http/openapi/operations.ts).
 * Each generator script rewrites its section, or with `--check` exits 1 when it is stale.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));

const markers = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

/** The README with the section `name` replaced by `body` (the markers kept around it). */
export function withSection(readme: string, name: string, body: string): string {
  const [start, end] = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md has no ${start} ... ${end} markers`);
  return `${readme.slice(0, from)}${start}\n${body}\n${end}${readme.slice(to + end.length)}`;
}

/** The text between the markers of section `name`. */
export function sectionOf(readme: string, name: string): string {
  const [start, end] = markers(name);
  return readme.slice(readme.indexOf(start), readme.indexOf(end));
}

/** Runs a generator from the command line: rewrite README.md, or `--check` that it is current. */
export function runSectionGenerator(moduleUrl: string, name: string, body: () => string, command: string): void {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== fs.realpathSync(process.argv[1])) return;
  const current = fs.readFileSync(README, 'utf8');
  const wanted = withSection(current, name, body());
  if (process.argv.includes('--check')) {
    if (current !== wanted) {
      process.stderr.write(`README.md: the ${name} section is stale; run ${command}\n`);
      process.exit(1);
    }
  } else if (current !== wanted) fs.writeFileSync(README, wanted);
}
