/** The one ajv instance: loads schemas/ once at start, strict, and validates by name and version. */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
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
  /** Milliseconds spent compiling all schemas at start (reported by the benchmark). */
  readonly compileMs: number;
  has(name: string, version: string): boolean;
  validate(name: string, version: string, data: unknown): ValidationResult;
  schemaById(id: string): Record<string, unknown> | undefined;
}

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
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
  const ajv = createAjv();
  // The released files as published, but 1.0's shortText compiled single-line (single-line-rule.ts).
  for (const file of withSingleLineRule(files)) ajv.addSchema(file.schema);
  const compiled = new Map<string, ValidateFunction>();
  for (const file of files) {
    if (file.name === 'common') continue;
    compiled.set(`${file.name}/${file.version}`, ajv.getSchema(file.id) as ValidateFunction);
  }
  const compileMs = performance.now() - started;
  const byId = new Map(files.map((f) => [f.id, f.schema]));
  return {
    files,
    compileMs,
    has: (name, version) => compiled.has(`${name}/${version}`),
    validate(name, version, data) {
      const fn = compiled.get(`${name}/${version}`);
      if (!fn) throw new Error(`no schema ${name}/${version}`);
      const valid = fn(data) as boolean;
      return { valid, errors: valid ? [] : toFieldErrors(fn.errors) };
    },
    schemaById: (id) => byId.get(id),
  };
}
