/** `handover validate FILE...`: offline validation for integrators, with JSON Pointers to each error. */
import fs from 'node:fs';
import { parseStrictJson } from '../domain/strict-json.js';
import { AppError, type FieldError } from '../errors.js';
import { validateDocument } from '../services/validate-document.js';
import { createStandard } from '../validation/standard.js';

export const VALIDATE_USAGE = 'handover validate FILE... [--json]   validate documents; exit 1 if any is invalid';

function formatErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `  ${e.pointer || '/'}: ${e.message} [${e.keyword}]`).join('\n');
}

export async function validateCommand(args: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const asJson = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length === 0) {
    err.write(`usage: ${VALIDATE_USAGE}\n`);
    return 2;
  }
  const standard = createStandard();
  let invalid = 0;
  const reports: unknown[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      err.write(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return 2;
    }
    let errors: FieldError[];
    let summary = '';
    try {
      const result = validateDocument(standard, parseStrictJson(bytes));
      errors = result.errors;
      if (result.valid) {
        summary = `${result.documentType} ${result.schemaVersion}${result.completeness ? `, completeness ${result.completeness.score}/100` : ''}`;
      }
      reports.push({ file, ...result });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors = e.errors ? [...e.errors] : [{ pointer: '', keyword: e.code, message: e.detail ?? e.title }];
      reports.push({ file, valid: false, errors });
    }
    if (errors.length === 0) {
      if (!asJson) out.write(`${file}: valid (${summary})\n`);
    } else {
      invalid++;
      if (!asJson) out.write(`${file}: INVALID, ${errors.length} error${errors.length === 1 ? '' : 's'}\n${formatErrors(errors)}\n`);
    }
  }
  if (asJson) out.write(`${JSON.stringify(reports, null, 2)}\n`);
  return invalid > 0 ? 1 : 0;
}
