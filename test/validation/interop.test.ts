/**
 * Schemas that other stacks can compile: every published schema is compiled with a second,
 * independent JSON Schema implementation (santhosh-tekuri/jsonschema v6, Go: test/interop/
 * go-jsonschema), and every fixture must get the same verdict from it as from ajv on the
 * published files. From 1.1 on a schema must compile with Go's own RE2 regular expressions (the
 * interoperable subset); the released 1.0 files, which use `\u` escapes in patterns, compile
 * there only with an ECMAScript engine, as the test records.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSchemaFiles } from '../../src/validation/schema-files.js';
import { createAjv } from '../../src/validation/validator.js';

interface Line {
  kind: 'compile' | 'document';
  schema?: string;
  engine?: 're2' | 'ecmascript';
  error?: string;
  file?: string;
  valid?: boolean;
}

const files = readSchemaFiles();
const documents = ['valid', 'invalid'].flatMap((d) =>
  fs
    .readdirSync(path.join('fixtures', d))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .map((f) => path.join('fixtures', d, f)),
);
let lines: Line[] = [];

beforeAll(() => {
  const binary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'go-jsonschema-')), 'go-jsonschema');
  execFileSync('go', ['build', '-o', binary, '.'], { cwd: 'test/interop/go-jsonschema', stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, GOFLAGS: '-mod=readonly' } });
  const out = execFileSync(binary, [path.resolve('schemas'), ...documents.map((d) => path.resolve(d))], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  lines = out.trim().split('\n').map((l) => JSON.parse(l) as Line);
}, 300_000);

/** ajv's verdict on the published files exactly as released (no rule the service adds when compiling them). */
function ajvVerdicts(): Map<string, boolean | undefined> {
  const ajv = createAjv();
  for (const f of files) ajv.addSchema(f.schema);
  const verdicts = new Map<string, boolean | undefined>();
  for (const d of documents) {
    let doc: { documentType?: string; schemaVersion?: string };
    try {
      doc = JSON.parse(fs.readFileSync(d, 'utf8'));
    } catch {
      verdicts.set(path.resolve(d), undefined);
      continue;
    }
    const file = files.find((f) => f.name === doc.documentType && f.version === doc.schemaVersion);
    verdicts.set(path.resolve(d), file ? Boolean(ajv.getSchema(file.id)!(doc)) : undefined);
  }
  return verdicts;
}

describe('a second JSON Schema implementation (Go, santhosh-tekuri/jsonschema v6)', () => {
  it('compiles every published schema: 1.1 and later with RE2, the released 1.0 with an ECMAScript engine', () => {
    for (const f of files) {
      const key = `${f.name}/${f.version}`;
      const re2 = lines.find((l) => l.kind === 'compile' && l.schema === key && l.engine === 're2');
      expect(re2, key).toBeDefined();
      if (f.version === '1.0') {
        // Known and kept: the released 1.0 patterns use \u escapes, which RE2 does not have.
        expect(re2!.error, key).toMatch(/metaschema|regex|escape/i);
        expect(lines.find((l) => l.kind === 'compile' && l.schema === key && l.engine === 'ecmascript')!.error, key).toBeUndefined();
      } else {
        expect(re2!.error, key).toBeUndefined();
      }
    }
  });

  it('gives every fixture, valid and invalid, the same verdict as ajv', () => {
    const ajv = ajvVerdicts();
    const compared = lines.filter((l) => l.kind === 'document' && typeof l.valid === 'boolean');
    expect(compared.length).toBeGreaterThan(documents.length / 2);
    const differ = compared.filter((l) => ajv.get(l.file!) !== l.valid).map((l) => `${path.relative('.', l.file!)}: Go ${l.valid}, ajv ${ajv.get(l.file!)}`);
    expect(differ).toEqual([]);
    // Those Go did not judge are exactly those ajv could not either (not JSON, or naming no published schema).
    for (const l of lines.filter((x) => x.kind === 'document' && typeof x.valid !== 'boolean')) expect(ajv.get(l.file!), l.file).toBeUndefined();
    // Both see the valid fixtures as valid.
    expect(compared.filter((l) => l.file!.includes(`${path.sep}valid${path.sep}`) && !l.valid)).toEqual([]);
  });
});
