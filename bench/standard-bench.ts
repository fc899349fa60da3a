/**
 * The standard: the time to compile every published schema (what each process pays once at
 * start) against reading and parsing the same files, and the time to validate the largest
 * fixture against its schema alone and with the cross-field rules and completeness report.
 */
import { readSchemaFiles } from '../src/validation/schema-files.js';
import { createStandard } from '../src/validation/standard.js';
import { validateDocument } from '../src/services/validate-document.js';
import { median } from './stats.js';

export interface StandardFigures {
  schemas: number;
  /** Median ms to compile every schema with ajv (a fresh instance each time). */
  compileMs: number;
  /** Median ms to read and JSON-parse the same files (the baseline). */
  readMs: number;
  fixture: string;
  fixtureKB: number;
  /** Median µs to validate the fixture against the handover schema only. */
  schemaValidateUs: number;
  /** Median µs for the whole dry run: schema, cross-field rules, completeness and deadlines. */
  documentValidateUs: number;
}

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function benchStandard(fixtureName: string, fixtureBytes: Buffer, runs: number): StandardFigures {
  const readMs = median(Array.from({ length: runs }, () => timed(() => readSchemaFiles())));
  const files = readSchemaFiles();
  const compileMs = median(Array.from({ length: runs }, () => createStandard(files).validator.compileMs));
  const standard = createStandard(files);
  const doc = JSON.parse(fixtureBytes.toString('utf8')) as Record<string, unknown>;
  const version = String(doc.schemaVersion ?? '1.0');
  if (!standard.validator.validate('handover', version, doc).valid) throw new Error(`${fixtureName} is not valid`);
  // Warm up the compiled code paths before measuring.
  for (let i = 0; i < 50; i++) validateDocument(standard, doc);
  const schemaValidateUs = median(Array.from({ length: runs * 20 }, () => timed(() => standard.validator.validate('handover', version, doc)) * 1000));
  const documentValidateUs = median(Array.from({ length: runs * 20 }, () => timed(() => validateDocument(standard, doc)) * 1000));
  return { schemas: files.length, compileMs, readMs, fixture: fixtureName, fixtureKB: fixtureBytes.length / 1024, schemaValidateUs, documentValidateUs };
}
