/**
 * The validators compiled ahead by the build (ajv standalone code, src/validation/standalone.ts)
 * judge every fixture as ajv compiling at run time does: the same verdict and the same errors
 * (pointer, rule, message). The CLI tests run them for real (bin/handover.js runs the build).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { readSchemaFiles } from '../../src/validation/schema-files.js';
import { writePrecompiledValidators } from '../../src/validation/standalone.js';
import { createValidator, PRECOMPILED_MANIFEST, schemaSetHash, type PrecompiledManifest } from '../../src/validation/validator.js';
import { toFieldErrors } from '../../src/validation/ajv-errors.js';
import { invalidFixtures, readValidFixture, validFixtureNames } from '../helpers/fixtures.js';

describe('validators compiled ahead', () => {
  it('give every valid and invalid fixture the verdict and errors of the run-time compiled ones, and name the schema files they were made from', () => {
    // Inside the repository, as build/ is: the modules require ajv's runtime from node_modules.
    fs.mkdirSync('test-output', { recursive: true });
    const dir = fs.mkdtempSync(path.resolve('test-output', 'precompiled-'));
    try {
      const files = readSchemaFiles();
      const count = writePrecompiledValidators(dir, files);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, PRECOMPILED_MANIFEST), 'utf8')) as PrecompiledManifest;
      expect(count).toBe(files.filter((f) => f.name !== 'common').length);
      expect(manifest.schemaSetHash).toBe(schemaSetHash(files));

      const load = createRequire(path.join(dir, 'x.cjs'));
      const ahead = (key: string) => load(`./${manifest.modules[key]}`) as ValidateFunction;
      const atRunTime = createValidator(files);
      const documents = [
        ...validFixtureNames().map((n) => readValidFixture(n.replace(/\.json$/, ''))),
        // Those a JSON parser reads (some are refused before any schema: duplicate keys, bad UTF-8).
        ...invalidFixtures().flatMap((c) => {
          try {
            return [JSON.parse(c.bytes.toString('utf8')) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
      ];
      let compared = 0;
      for (const doc of documents) {
        const key = `${String(doc.documentType)}/${String(doc.schemaVersion)}`;
        if (!manifest.modules[key]) continue;
        const fn = ahead(key);
        const valid = fn(doc) as boolean;
        const expected = atRunTime.validate(String(doc.documentType), String(doc.schemaVersion), doc);
        expect({ valid, errors: valid ? [] : toFieldErrors(fn.errors) }, key).toEqual(expected);
        compared++;
      }
      // Every valid fixture, and invalid ones beside them.
      expect(compared).toBeGreaterThan(validFixtureNames().length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
