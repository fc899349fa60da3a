/**
 * Writes docs/configuration.md's settings table from src/config.ts (one row per variable: its
 * name, its default and its `doc`), between `<!-- config-table:start -->` and `<!-- config-table:end -->`,
 * so what the docs say is what loadConfig reads.
 *   npm run docs:config            rewrite docs/configuration.md
 *   npm run docs:config -- --check exit 1 when docs/configuration.md is stale (CI; test/config.test.ts too)
 */
import { settings, type Setting } from '../src/config.js';
import { repoFile, runSectionGenerator, withSection } from './doc-section.js';

/** Where the settings table lives. */
export const CONFIG_DOC = repoFile('docs/configuration.md');

const shown = (value: unknown): string => (value === undefined ? 'unset' : String(value));

/** Variables named in a doc read as code, as everywhere else in the docs; `<`, `>` and `|` stay text in a table. */
const withCode = (doc: string): string =>
  doc
    .replace(/`?\b(HANDOVER_[A-Z_]+|MONGODB_URI)\b`?/g, '`$1`')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');

export function configTable(): string {
  // An empty environment: the defaults of a machine with nothing set.
  const rows = Object.values(settings({}) as Record<string, Setting<unknown>>).map((s) => {
    const fallback = s.shownDefault ?? shown(s.default);
    const defaultCell = fallback === 'unset' ? 'unset' : `\`${fallback}\``;
    return `| \`${s.env}\` | ${defaultCell} | ${withCode(s.doc)} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The document with its settings table replaced by the generated one. */
export const withConfigTable = (doc: string): string => withSection(doc, 'config-table', configTable());

runSectionGenerator(import.meta.url, CONFIG_DOC, 'config-table', configTable, 'npm run docs:config');
