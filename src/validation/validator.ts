/**
 * The one ajv instance: loads schemas/ once at start, strict, and validates by name and version.
 * Each schema is compiled the first time a document of it is validated, not all at start: the
 * offline `handover validate FILE` compiles the one it needs (issue 32.4), the service each one
 * on its first use. Started from the build, the validators compiled ahead are loaded instead
 * (standalone.ts writes them).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv2020, CodeOptions, ValidateFunction } from 'ajv/dist/2020.js';
import { sha256Hasher } from '../domain/crypto.js';
import type { FieldError } from '../errors.js';
import { toFieldErrors } from './ajv-errors.js';
import { readSchemaFiles, type SchemaFile } from './schema-files.js';
import { withSingleLineRule } from './single-line-rule.js';

/** Our annotation keywords: labels and completeness hints, read by docs, PDFs and reports. */
const LABEL = { type: 'object', required: ['da', 'en'], additionalProperties: false, properties: { da: { type: 'string' }, en: { type: 'string' } } };
const ANNOTATION_KEYWORDS = [
  { keyword: 'x-label', metaSchema: LABEL },
  { keyword: 'x-enum-labels', metaSchema: { type: 'object', additionalProperties: LABEL } },
  { keyword: 'x-recommended', metaSchema: { type: 'array', items: { type: 'string' } } },
  { keyword: 'x-section', metaSchema: { type: 'boolean' } },
];

export interface ValidationResult {
  valid: boolean;
  errors: FieldError[];
}

export interface Validator {
  /** Every published schema file, in name/version order. */
  readonly files: readonly SchemaFile[];
  /** Milliseconds spent so far loading the schemas and compiling those used. */
  readonly compileMs: number;
  /** Compiles every schema not compiled yet (the benchmark's compile figure; a check that all compile). */
  compileAll(): void;
  has(name: string, version: string): boolean;
  validate(name: string, version: string, data: unknown): ValidationResult;
  schemaById(id: string): Record<string, unknown> | undefined;
}

/** The precompiled validators beside this module (only in build/; src/ has none and compiles). */
const PRECOMPILED_DIR = new URL('./precompiled/', import.meta.url);
export const PRECOMPILED_MANIFEST = 'manifest.json';

export interface PrecompiledManifest {
  /** `schemaSetHash` of the files they were compiled from. */
  schemaSetHash: string;
  /** `name/version` to its module's file name. */
  modules: Record<string, string>;
}

/** A fingerprint of the published schema files: ids and exact bytes. */
export function schemaSetHash(files: readonly SchemaFile[]): string {
  const hash = sha256Hasher();
  for (const f of files) hash.update(`${f.id}\n${f.bytes.length}\n`).update(f.bytes);
  return hash.digest('hex');
}

/** The precompiled validators, when there are some for exactly these files. */
function precompiledFor(files: readonly SchemaFile[]): ((key: string) => ValidateFunction | undefined) | undefined {
  let manifest: PrecompiledManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(new URL(PRECOMPILED_MANIFEST, PRECOMPILED_DIR), 'utf8')) as PrecompiledManifest;
  } catch {
    return undefined;
  }
  if (manifest.schemaSetHash !== schemaSetHash(files)) return undefined;
  const loadModule = createRequire(PRECOMPILED_DIR);
  return (key) => {
    const module = manifest.modules[key];
    if (!module) return undefined;
    const loaded = loadModule(`./${module}`) as ValidateFunction | { default: ValidateFunction };
    return typeof loaded === 'function' ? loaded : loaded.default;
  };
}

// ajv itself is loaded only when something is compiled: a process that finds every validator
// precompiled never pays for loading it.
const load = createRequire(import.meta.url);

export function createAjv(code?: CodeOptions): Ajv2020 {
  const { Ajv2020 } = load('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = load('ajv-formats') as typeof import('ajv-formats');
  const ajv = new Ajv2020({
    ...(code ? { code } : {}),
    strict: true,
    // `required` inside if/then refers to properties defined beside the if; that is intended.
    strictRequired: false,
    allErrors: true,
    discriminator: true,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    $data: false,
    unicodeRegExp: true,
    validateFormats: true,
  });
  // "full" checks real calendar dates (no 2024-02-30) and real times.
  addFormats.default(ajv, { mode: 'full', formats: ['date', 'date-time', 'uuid', 'email'] });
  for (const k of ANNOTATION_KEYWORDS) ajv.addKeyword(k);
  return ajv;
}

export function createValidator(files: SchemaFile[] = readSchemaFiles()): Validator {
  const started = performance.now();
  const precompiled = precompiledFor(files);
  let instance: Ajv2020 | undefined;
  const ajv = (): Ajv2020 => {
    if (!instance) {
      instance = createAjv();
      // The released files as published, but 1.0's shortText compiled single-line (single-line-rule.ts).
      for (const file of withSingleLineRule(files)) instance.addSchema(file.schema);
    }
    return instance;
  };
  const ids = new Map<string, string>();
  for (const file of files) if (file.name !== 'common') ids.set(`${file.name}/${file.version}`, file.id);
  const compiled = new Map<string, ValidateFunction>();
  let compileMs = performance.now() - started;
  const compiledFor = (key: string): ValidateFunction | undefined => {
    let fn = compiled.get(key);
    const id = ids.get(key);
    if (!fn && id) {
      const begun = performance.now();
      fn = precompiled?.(key) ?? (ajv().getSchema(id) as ValidateFunction);
      compileMs += performance.now() - begun;
      compiled.set(key, fn);
    }
    return fn;
  };
  const byId = new Map(files.map((f) => [f.id, f.schema]));
  return {
    files,
    get compileMs() {
      return compileMs;
    },
    compileAll() {
      for (const key of ids.keys()) compiledFor(key);
    },
    has: (name, version) => ids.has(`${name}/${version}`),
    validate(name, version, data) {
      const fn = compiledFor(`${name}/${version}`);
      if (!fn) throw new Error(`no schema ${name}/${version}`);
      const valid = fn(data) as boolean;
      return { valid, errors: valid ? [] : toFieldErrors(fn.errors) };
    },
    schemaById: (id) => byId.get(id),
  };
}
