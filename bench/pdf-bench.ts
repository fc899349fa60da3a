/** PDF: ms per document for the largest household, both audiences, against pdf-lib's Helvetica lower bound. */
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { createPdfRenderer } from '../src/pdf/pdf-renderer.js';
import { renderDocumentFile } from '../src/services/render-pdf.js';
import type { Standard } from '../src/validation/standard.js';
import { median } from './stats.js';

export interface PdfFigures {
  audience: string;
  pages: number;
  bytes: number;
  ms: number;
  helveticaMs: number;
  ratio: number;
}

export async function benchPdf(standard: Standard, fixtureFile: string, n: number): Promise<PdfFigures[]> {
  const bytes = fs.readFileSync(fixtureFile);
  const embedded = createPdfRenderer((v) => standard.catalogue('handover', v));
  const helvetica = createPdfRenderer((v) => standard.catalogue('handover', v), 'standard');
  const out: PdfFigures[] = [];
  for (const audience of ['coordinating-department', 'gp'] as const) {
    const time = async (pdf: typeof embedded) => {
      const times: number[] = [];
      let last: Uint8Array = new Uint8Array();
      for (let i = 0; i < n + 5; i++) {
        const t0 = performance.now();
        last = await renderDocumentFile({ standard, pdf }, bytes, { audience, lang: 'da' });
        if (i >= 5) times.push(performance.now() - t0); // the first few warm up the JIT and caches
      }
      return { ms: median(times), last };
    };
    const a = await time(embedded);
    const b = await time(helvetica);
    const pages = (await PDFDocument.load(a.last)).getPageCount();
    out.push({ audience, pages, bytes: a.last.length, ms: a.ms, helveticaMs: b.ms, ratio: a.ms / b.ms });
  }
  return out;
}
