/**
 * One error catalogue: every problem code has one status and one title, AppError is built only
 * in src/errors.ts, and docs/problems.md's problem table is the catalogue's (generated from it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './helpers/source-files.js';
import { AppError, PROBLEMS } from '../src/errors.js';
import { PROBLEMS_DOC, withProblemTable } from '../scripts/generate-problem-table.js';

describe('the error catalogue', () => {
  it('builds AppError only in src/errors.ts', () => {
    const builders = sourceFiles('src').filter((f) => /new AppError\(/.test(fs.readFileSync(f, 'utf8')));
    expect(builders).toEqual([path.join('src', 'errors.ts')]);
  });

  it('gives each code its one status and title, whatever the detail', () => {
    for (const [code, spec] of Object.entries(PROBLEMS)) {
      const a = new AppError(code as keyof typeof PROBLEMS, { detail: 'one' });
      const b = new AppError(code as keyof typeof PROBLEMS, { detail: 'two' });
      expect([a.status, a.title]).toEqual([spec.status, spec.title]);
      expect([b.status, b.title]).toEqual([spec.status, spec.title]);
      expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    }
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
