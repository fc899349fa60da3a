/**
 * The schemas' validators compiled ahead of time: ajv's standalone code, one CommonJS module per
 * published schema, written by the build (scripts/build-server.mjs) into build/validation/precompiled/.
 * A process started from the build loads these instead of compiling with ajv at run time, so
 * `handover validate FILE` pays for reading one module, not for compiling a schema (issue 32.4).
 * They are the same ajv, options and schemas as `createValidator` compiles (single-line rule
 * included), and carry the hash of the schema files they were made from: the validator uses them
 * only while the files are unchanged (`schemaSetHash`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { _, type ValidateFunction } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readSchemaFiles, type SchemaFile } from './schema-files.js';
import { withSingleLineRule } from './single-line-rule.js';
import { createAjv, PRECOMPILED_MANIFEST, schemaSetHash, type PrecompiledManifest } from './validator.js';

/** Writes one module per schema and the manifest naming them into `dir`; returns how many. */
export function writePrecompiledValidators(dir: string, files: SchemaFile[] = readSchemaFiles()): number {
  // The formats as code that requires ajv-formats' own, so the modules need no ajv instance.
  const ajv = createAjv({ source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` });
  for (const file of withSingleLineRule(files)) ajv.addSchema(file.schema);
  fs.mkdirSync(dir, { recursive: true });
  const modules: Record<string, string> = {};
  for (const file of files) {
    if (file.name === 'common') continue;
    const fn = ajv.getSchema(file.id) as ValidateFunction;
    const module = `${file.name}-${file.version}.cjs`;
    fs.writeFileSync(path.join(dir, module), standaloneCode.default(ajv, fn));
    modules[`${file.name}/${file.version}`] = module;
  }
  const manifest: PrecompiledManifest = { schemaSetHash: schemaSetHash(files), modules };
  fs.writeFileSync(path.join(dir, PRECOMPILED_MANIFEST), JSON.stringify(manifest, null, 2));
  return Object.keys(modules).length;
}
