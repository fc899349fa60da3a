/** `handover render FILE --audience --lang --out`: the PDFs offline, from a handover as JSON or compact JWS. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { createPdfRenderer } from '../pdf/pdf-renderer.js';
import { parsePdfOptions, renderDocumentFile } from '../services/render-pdf.js';
import { createStandard } from '../validation/standard.js';
import { defineAction, type CliRun } from './command-kit.js';
import { CliError } from './io.js';

export function registerRender(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('render')
      .description('render a handover (JSON or compact JWS) as PDF, offline')
      .argument('<file>', 'the handover')
      .option('--audience <audience>', 'coordinating-department or gp')
      .option('--lang <lang>', 'da or en')
      .requiredOption('--out <file>', 'where to write the PDF'),
    run,
    { 0: 'written', 1: 'the document is not a valid handover (errors with their JSON Pointers)', 2: 'usage error, a bad --audience or --lang, or an unreadable file' },
    (file: string, o: { audience?: string; lang?: string; out: string }) => renderFile(file, o),
  );
}

async function renderFile(file: string, o: { audience?: string; lang?: string; out: string }, out = process.stdout): Promise<number> {
  let options;
  try {
    options = parsePdfOptions({ ...(o.audience !== undefined ? { audience: o.audience } : {}), ...(o.lang !== undefined ? { lang: o.lang } : {}) });
  } catch (e) {
    throw new CliError((e as AppError).errors?.map((x) => `${x.pointer.replace('/query/', '--')}: ${x.message}`).join('; ') ?? String(e), 2);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new CliError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 2);
  }
  const standard = createStandard();
  let pdf: Uint8Array;
  try {
    pdf = await renderDocumentFile({ standard, pdf: createPdfRenderer((v) => standard.catalogue('handover', v)) }, bytes, options);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const lines = (e.errors ?? []).map((x) => `  ${x.pointer || '/'}: ${x.message} [${x.keyword}]`);
    throw new CliError([`${file}: ${e.title}`, ...lines].join('\n'), 1);
  }
  fs.writeFileSync(o.out, pdf);
  out.write(`${o.out}: ${pdf.length} bytes (${options.audience}, ${options.lang})\n`);
  return 0;
}
