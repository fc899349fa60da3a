import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSchemaFiles } from '../../src/validation/schema-files.js';
import { createValidator } from '../../src/validation/validator.js';
import { readValidFixture, validFixtureNames } from '../helpers/fixtures.js';

const lock = JSON.parse(fs.readFileSync('schemas/released.json', 'utf8')) as { released: Record<string, string> };
const files = readSchemaFiles();

describe('released schema versions never change', () => {
  it.each(files.map((f) => [`${f.name}/${f.version}`, f] as const))('%s matches the SHA-256 recorded when it was released', (key, file) => {
    expect(lock.released[key], `${key} is not in schemas/released.json; add it when the version is released`).toBeDefined();
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(lock.released[key]);
  });

  it('every released version is still published', () => {
    expect(Object.keys(lock.released).sort()).toEqual(files.map((f) => `${f.name}/${f.version}`).sort());
  });

  it('every fixture validates against every later minor version of its schema (additions only within a major)', () => {
    const validator = createValidator(files);
    for (const name of validFixtureNames()) {
      const doc = readValidFixture<{ documentType: string; schemaVersion: string }>(name);
      const [major, minor] = doc.schemaVersion.split('.').map(Number) as [number, number];
      const later = files.filter((f) => f.name === doc.documentType && Number(f.version.split('.')[0]) === major && Number(f.version.split('.')[1]) >= minor);
      expect(later.length).toBeGreaterThan(0);
      for (const f of later) expect(validator.validate(f.name, f.version, doc).errors, `${name} against ${f.version}`).toEqual([]);
    }
  });
});

describe('schema patterns cannot backtrack catastrophically', () => {
  const patterns = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'pattern' && typeof v === 'string') patterns.add(v);
        else collect(v);
      }
    }
  };
  files.forEach((f) => collect(f.schema));

  it.each([...patterns])('worst-case strings against %s take under 10 ms', (pattern) => {
    const re = new RegExp(pattern, 'u');
    const adversarial = ['a', '0', 'A', ' ', '-', '.', 'Aa0', 'ß'].flatMap((c) => [c.repeat(20_000), `${c.repeat(20_000)}!`, `${c.repeat(20_000)}\u0000`]);
    const started = performance.now();
    for (const s of adversarial) re.test(s);
    expect(performance.now() - started).toBeLessThan(10 * adversarial.length);
  });
});
