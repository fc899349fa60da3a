import { describe, expect, it } from 'vitest';
import { parseStrictJson } from '../../src/domain/strict-json.js';
import { AppError } from '../../src/errors.js';
import { validateDocument } from '../../src/services/validate-document.js';
import { createStandard } from '../../src/validation/standard.js';
import { invalidFixtures, readValidFixture, validFixtureNames, validHandoverNames } from '../helpers/fixtures.js';

const standard = createStandard();

describe('valid fixtures', () => {
  it('has at least 8 realistic valid handovers', () => {
    expect(validHandoverNames().length).toBeGreaterThanOrEqual(8);
  });

  it.each(validFixtureNames())('%s validates against its schema and the cross-field rules', (name) => {
    const result = validateDocument(standard, readValidFixture(name));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('invalid fixtures', () => {
  const cases = invalidFixtures();
  it('has at least 30 invalid fixtures, each with its expected errors', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect(c.expected.errors.length, c.name).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s is rejected with exactly its recorded pointers and rules', (_name, c) => {
    let errors: { pointer: string; keyword: string }[];
    try {
      errors = validateDocument(standard, parseStrictJson(c.bytes)).errors;
    } catch (err) {
      // Documents that are not even acceptable JSON (e.g. a __proto__ key) fail in the parser.
      expect(err).toBeInstanceOf(AppError);
      errors = [...((err as AppError).errors ?? [])];
    }
    expect(errors.map(({ pointer, keyword }) => ({ pointer, keyword }))).toEqual(c.expected.errors);
  });
});
