import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invalidFixtures, validFixtureNames } from '../helpers/fixtures.js';

const BIN = path.resolve('bin/handover.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('handover validate', () => {
  it('exits 0 for every valid fixture and prints the completeness score', () => {
    const files = validFixtureNames().map((n) => path.join('fixtures/valid', n));
    const r = run('validate', ...files);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('fixtures/valid/03-un-quota-family-iom.json: valid (handover 1.0, completeness 47/100)');
    expect(r.stdout.match(/: valid/g)).toHaveLength(files.length);
  });

  it('exits 1 for every invalid fixture and prints each recorded pointer and rule', () => {
    const cases = invalidFixtures();
    const r = run('validate', ...cases.map((c) => c.file));
    expect(r.status).toBe(1);
    // the output is one block per file; each block names its file's expected pointers
    const blocks = r.stdout.split(/\n(?=\S)/);
    expect(blocks).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      expect(blocks[i]).toContain(`${c.file}: INVALID`);
      for (const e of c.expected.errors) expect(blocks[i]).toContain(`  ${e.pointer || '/'}: `);
      for (const e of c.expected.errors) expect(blocks[i]).toContain(`[${e.keyword}]`);
    });
  });

  it('exits 1 for a single invalid file, with a human-readable line', () => {
    const r = run('validate', 'fixtures/invalid/10-impossible-date.json');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('fixtures/invalid/10-impossible-date.json: INVALID, 1 error\n  /persons/0/socialInformation/identity/dateOfBirth: must match format "date" [format]\n');
  });

  it('exits 2 on a usage error or an unreadable file', () => {
    expect(run('validate').status).toBe(2);
    const r = run('validate', 'no/such/file.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no/such/file.json: cannot read (ENOENT)');
  });
});
