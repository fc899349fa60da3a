/**
 * Rules of the code's layout that an import checker cannot see (the import rules themselves are
 * .dependency-cruiser.cjs, run by `npm run check:imports` in CI): the environment is read in one
 * place, config.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './helpers/source-files.js';

describe('the layout of src/', () => {
  it('reads process.env only in config.ts', () => {
    const readers = sourceFiles('src').filter((f) => /process\.env\b/.test(fs.readFileSync(f, 'utf8')));
    expect(readers).toEqual([path.join('src', 'config.ts')]);
  });
});
