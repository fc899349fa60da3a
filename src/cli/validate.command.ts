/** `handover validate FILE...`: offline validation for integrators, with JSON Pointers to each error. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { parseStrictJson } from '../domain/strict-json.js';
import { AppError, type FieldError } from '../errors.js';
import { validateDocument } from '../services/validate-document.js';
import { createStandard } from '../validation/standard.js';
import { defineAction, type CliRun } from './command-kit.js';
import { startProgress } from './progress.js';

function formatErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `  ${e.pointer || '/'}: ${e.message} [${e.keyword}]`).join('\n');
}

export function registerValidate(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('validate')
      .description('validate documents against the published schemas and the cross-field rules, offline')
      .argument('<files...>', 'handover, form or result documents (JSON)')
      .option('--json', 'one JSON report for all files on stdout'),
    run,
    { 0: 'every file is valid', 1: 'at least one file is invalid (each error with its JSON Pointer)', 2: 'usage error or a file that cannot be read' },
    (files: string[], options: { json?: boolean }) => validateFiles(files, options.json === true),
  );
}

async function validateFiles(files: string[], asJson: boolean, out = process.stdout, err = process.stderr): Promise<number> {
  const standard = createStandard();
  let invalid = 0;
  const reports: unknown[] = [];
  const progress = startProgress('validating', files.length);
  try {
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (e) {
        progress.print(err, `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
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
        if (!asJson) progress.print(out, `${file}: valid (${summary})\n`);
      } else {
        invalid++;
        if (!asJson) progress.print(out, `${file}: INVALID, ${errors.length} error${errors.length === 1 ? '' : 's'}\n${formatErrors(errors)}\n`);
      }
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  if (asJson) out.write(`${JSON.stringify(reports, null, 2)}\n`);
  return invalid > 0 ? 1 : 0;
}
