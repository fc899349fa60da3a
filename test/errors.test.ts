/**
 * One error catalogue: every problem code has one status and one title, AppError is built only
 * in src/errors.ts, and docs/problems.md's problem table is the catalogue's (generated from it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './helpers/source-files.js';
import { PROBLEMS, notFound } from '../src/errors.js';
import { PROBLEMS_DOC, withProblemTable } from '../scripts/generate-problem-table.js';

describe('the error catalogue', () => {
  it('builds AppError only in src/errors.ts', () => {
    const builders = sourceFiles('src').filter((f) => /new AppError\(/.test(fs.readFileSync(f, 'utf8')));
    expect(builders).toEqual([path.join('src', 'errors.ts')]);
  });

  // RFC 9110's error statuses: a problem is never a success, a redirect or a made-up number.
  const HTTP_ERROR_STATUSES = new Set([400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 426, 428, 429, 431, 500, 501, 502, 503, 504, 505]);

  it('gives each code an HTTP error status and a title no other code has, so a problem is known by its title alone', () => {
    const titles = new Map<string, string>();
    for (const [code, spec] of Object.entries(PROBLEMS)) {
      expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(HTTP_ERROR_STATUSES.has(spec.status), `${code}: ${spec.status}`).toBe(true);
      expect(spec.title, code).toMatch(/^[A-Z].*[^.]$/);
      expect(titles.get(spec.title), `${code} has the title of ${titles.get(spec.title)}`).toBeUndefined();
      titles.set(spec.title, code);
    }
  });

  it('keeps the title of the code when a detail is given: the detail says what happened, the title what kind of problem it is', () => {
    const withDetail = notFound('no handover h-1 addressed to you');
    expect([withDetail.code, withDetail.status, withDetail.title, withDetail.detail]).toEqual(['not-found', 404, 'Not found', 'no handover h-1 addressed to you']);
  });

  it('is what docs/problems.md lists (npm run docs:problems writes the table)', () => {
    const doc = fs.readFileSync(PROBLEMS_DOC, 'utf8');
    expect(withProblemTable(doc) === doc, 'docs/problems.md problem table is stale: run npm run docs:problems').toBe(true);
  });

  it('names no code in docs/problems.md that the catalogue does not have', () => {
    const doc = fs.readFileSync(PROBLEMS_DOC, 'utf8');
    const table = doc.slice(doc.indexOf('<!-- problem-table:start -->'), doc.indexOf('<!-- problem-table:end -->'));
    const listed = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(PROBLEMS));
  });
});
