/**
 * Writes the README's endpoint list from the route list the OpenAPI document is generated from
 * (src/http/openapi/operations.ts), between `<!-- api-table:start -->` and `<!-- api-table:end -->`:
 * one line per operation, so the README points to the description instead of repeating it.
 *   npm run docs:api            rewrite README.md
 *   npm run docs:api -- --check exit 1 when README.md is stale (test/api/openapi.test.ts checks it too)
 */
import { OPERATIONS } from '../src/http/openapi/operations.js';
import { runSectionGenerator, withSection } from './readme-section.js';

export function apiTable(): string {
  const who = (access: (typeof OPERATIONS)[number]['access']) => (access === 'anyone' ? 'anyone' : access === 'metrics-token' ? 'metrics token' : access.join(', '));
  const rows = OPERATIONS.map((o) => `| \`${o.method.toUpperCase()} ${o.path}\` | ${who(o.access)} | ${o.summary} | \`${o.operationId}\` |`);
  return ['| method and path | who | what | operation |', '|---|---|---|---|', ...rows].join('\n');
}

export const withApiTable = (readme: string): string => withSection(readme, 'api-table', apiTable());

runSectionGenerator(import.meta.url, 'api-table', apiTable, 'npm run docs:api');
