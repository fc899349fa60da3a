/**
 * Generated sections of the docs, between `<!-- NAME:start -->` and `<!-- NAME:end -->`: the
 * problem table (docs/problems.md, from src/errors.ts), the endpoint list (docs/api.md, from
 * src/http/openapi/operations.ts) and the settings table (docs/configuration.md, from
 * src/config.ts). Each generator script rewrites its section, or with `--check` exits 1 when it is
 * stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file of the repository by its path from the root, e.g. `docs/api.md`. */
export const repoFile = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

const markers = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

/** The text with the section `name` replaced by `body` (the markers kept around it). */
export function withSection(text: string, name: string, body: string): string {
  const [start, end] = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`no ${start} ... ${end} markers`);
  return `${text.slice(0, from)}${start}\n${body}\n${end}${text.slice(to + end.length)}`;
}

/** The text between the markers of section `name`. */
export function sectionOf(text: string, name: string): string {
  const [start, end] = markers(name);
  return text.slice(text.indexOf(start), text.indexOf(end));
}

/** Runs a generator from the command line: rewrite `file`'s section, or `--check` that it is current. */
export function runSectionGenerator(moduleUrl: string, file: string, name: string, body: () => string, command: string): void {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== fs.realpathSync(process.argv[1])) return;
  const current = fs.readFileSync(file, 'utf8');
  const wanted = withSection(current, name, body());
  const shown = path.relative(process.cwd(), file);
  if (process.argv.includes('--check')) {
    if (current !== wanted) {
      process.stderr.write(`${shown}: the ${name} section is stale; run ${command}\n`);
      process.exit(1);
    }
  } else if (current !== wanted) fs.writeFileSync(file, wanted);
}
