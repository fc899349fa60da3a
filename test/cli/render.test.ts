import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../helpers/pdf-reader.js';

const BIN = path.resolve('bin/handover.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-render-'));

describe('handover render', () => {
  it('writes the GP PDF of a handover file offline, saying no receipt exists', () => {
    const out = path.join(tmp, 'gp.pdf');
    const r = run('render', 'fixtures/valid/06-ptsd-medication-runs-out.json', '--audience', 'gp', '--lang', 'en', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/gp\.pdf: \d+ bytes \(gp, en\)/);
    const text = pdfText(fs.readFileSync(out));
    expect(text).toContain('Health summary for the GP');
    expect(text).toContain('Sertralin');
    expect(text).toContain('receipt: not received (offline rendering)');
  });

  it('exits 1 naming the field for an invalid document, and 2 for usage errors', () => {
    const out = path.join(tmp, 'x.pdf');
    const bad = run('render', 'fixtures/invalid/10-impossible-date.json', '--audience', 'coordinating-department', '--out', out);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('/persons/0/socialInformation/identity/dateOfBirth');
    expect(fs.existsSync(out)).toBe(false);
    expect(run('render', 'fixtures/valid/06-ptsd-medication-runs-out.json', '--audience', 'press', '--out', out).status).toBe(2);
    expect(run('render', 'fixtures/valid/06-ptsd-medication-runs-out.json', '--audience', 'gp').status).toBe(2);
    expect(run('render', 'no-such-file.json', '--audience', 'gp', '--out', out).status).toBe(2);
  });
});
