/** `handover render FILE --audience --lang --out`: the PDFs offline, from a handover as JSON or compact JWS. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../errors.js';
import { createPdfRenderer } from '../pdf/pdf-renderer.js';
import { parsePdfOptions, renderDocumentFile } from '../services/render-pdf.js';
import { createStandard } from '../validation/standard.js';
import { CliError, requireOption } from './io.js';

export const RENDER_USAGE = 'handover render FILE --audience coordinating-department|gp [--lang da|en] --out OUT.pdf   render a handover as PDF offline';

export async function renderCommand(args: string[], out = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { audience: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } } });
  const [file] = positionals;
  if (!file || positionals.length !== 1) throw new CliError(`usage: ${RENDER_USAGE}`, 2);
  const target = requireOption(values, 'out');
  let options;
  try {
    options = parsePdfOptions({ ...(values.audience !== undefined ? { audience: values.audience } : {}), ...(values.lang !== undefined ? { lang: values.lang } : {}) });
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
  fs.writeFileSync(target, pdf);
  out.write(`${target}: ${pdf.length} bytes (${options.audience}, ${options.lang})\n`);
  return 0;
}
