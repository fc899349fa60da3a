/** Reads the shared fixtures: fixtures/valid/*.json and fixtures/invalid/NAME.json + NAME.expected.json. */
import fs from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.resolve('fixtures');

export function validFixtureNames(): string[] {
  return fs.readdirSync(path.join(FIXTURES, 'valid')).filter((f) => f.endsWith('.json')).sort();
}

export function readValidFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'valid', name.endsWith('.json') ? name : `${name}.json`), 'utf8')) as T;
}

export function validHandoverNames(): string[] {
  return validFixtureNames().filter((n) => readValidFixture(n).documentType === 'handover');
}

export interface InvalidFixture {
  name: string;
  file: string;
  bytes: Buffer;
  expected: { description: string; errors: { pointer: string; keyword: string }[] };
}

export function invalidFixtures(): InvalidFixture[] {
  const dir = path.join(FIXTURES, 'invalid');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ''),
      file: path.join(dir, f),
      bytes: fs.readFileSync(path.join(dir, f)),
      expected: JSON.parse(fs.readFileSync(path.join(dir, f.replace(/\.json$/, '.expected.json')), 'utf8')),
    }));
}
