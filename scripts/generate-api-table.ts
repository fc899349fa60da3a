/**
 * Writes docs/api.md's endpoint list from the route list the OpenAPI document is generated from
 * (src/http/openapi/operations.ts), between `<!-- api-table:start -->` and `<!-- api-table:end -->`:
 * one line per operation, so the docs point to the description instead of repeating it.
 *   npm run docs:api            rewrite docs/api.md
 *   npm run docs:api -- --check exit 1 when docs/api.md is stale (test/api/openapi.test.ts checks it too)
 */
import { OPERATIONS } from '../src/http/openapi/operations.js';
import { repoFile, runSectionGenerator, withSection } from './doc-section.js';

/** Where the endpoint list lives. */
export const API_DOC = repoFile('docs/api.md');

export function apiTable(): string {
  const who = (access: (typeof OPERATIONS)[number]['access']) => (access === 'anyone' ? 'anyone' : access === 'metrics-token' ? 'metrics token' : access.join(', '));
  const rows = OPERATIONS.map((o) => `| \`${o.method.toUpperCase()} ${o.path}\` | ${who(o.access)} | ${o.summary} | \`${o.operationId}\` |`);
  return ['| method and path | who | what | operation |', '|---|---|---|---|', ...rows].join('\n');
}

export const withApiTable = (doc: string): string => withSection(doc, 'api-table', apiTable());

runSectionGenerator(import.meta.url, API_DOC, 'api-table', apiTable, 'npm run docs:api');
