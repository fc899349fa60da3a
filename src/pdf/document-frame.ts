/**
 * What every handover PDF shares: document metadata, fonts, the page flow, and the header and
 * footer on every page (handover id, version, SHA-256 of the signed submission, receipt id,
 * audience, page x of y). Dates come from the document, never the clock, so the same input gives
 * the same bytes.
 */
import { PDFDocument } from 'pdf-lib';
import type { FontKey, FontLibrary } from './fonts.js';
import { PageFlow } from './page-flow.js';
import { A4, COLORS } from './page-style.js';
import { phrase, type Lang } from './phrases.js';
import { DocumentText } from './text.js';

export interface PdfFacts {
  handoverId: string;
  version: number;
  /** SHA-256 (hex) of the signed submission's bytes. */
  jwsSha256: string;
  /** Absent when rendered offline from a file that was never submitted. */
  receiptId?: string;
  /** ISO date-time the service received the version; offline: the document's createdAt. */
  receivedAt: string;
  versionStatus?: 'current' | 'superseded' | 'withdrawn';
}

export interface FrameOptions {
  lang: Lang;
  facts: PdfFacts;
  title: string;
  audience: string;
  author: string;
  subject: string;
  /** All text the document will show, scanned once to embed only the script fonts it needs. */
  textSample: string;
}

const MARGINS = { top: 54, bottom: 58, left: 45, right: 45 };

function fontsFor(sample: string): FontKey[] {
  const keys: FontKey[] = ['base-regular', 'base-bold', 'base-mono'];
  if (/[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u.test(sample)) keys.push('arabic-regular', 'arabic-bold');
  if (/[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]/u.test(sample)) keys.push('ethiopic-regular', 'ethiopic-bold');
  return keys;
}

/** 'standard' renders with pdf-lib's built-in Helvetica: for the benchmark's lower bound only. */
export type FontChoice = FontLibrary | 'standard';

export async function openDocument(fonts: FontChoice, o: FrameOptions): Promise<{ doc: PDFDocument; flow: PageFlow }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const date = new Date(o.facts.receivedAt);
  doc.setTitle(o.title, { showInWindowTitleBar: true });
  doc.setAuthor(o.author);
  doc.setSubject(o.subject);
  doc.setKeywords([o.facts.handoverId, `version ${o.facts.version}`, `sha256 ${o.facts.jwsSha256}`, o.audience]);
  doc.setLanguage(o.lang === 'da' ? 'da-DK' : 'en-GB');
  doc.setCreator('handover-exchange');
  doc.setProducer('handover-exchange (pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const text = fonts === 'standard' ? await DocumentText.withStandardFonts(doc) : await DocumentText.for(doc, fonts, fontsFor(o.textSample));
  return { doc, flow: new PageFlow(doc, text, MARGINS) };
}

/** Stamps header and footer on every page and returns the PDF bytes. */
export async function finishDocument(doc: PDFDocument, flow: PageFlow, o: FrameOptions): Promise<Uint8Array> {
  const { lang, facts } = o;
  const right = A4[0] - MARGINS.right;
  const width = A4[0] - MARGINS.left - MARGINS.right;
  const status = facts.versionStatus && facts.versionStatus !== 'current' ? ` · ${phrase(facts.versionStatus === 'withdrawn' ? 'statusWithdrawn' : 'statusSuperseded', lang)}` : '';
  flow.stamp((page, index, total, draw) => {
    const top = A4[1] - 24;
    draw(o.title, MARGINS.left, top, { face: 'bold', size: 8, color: COLORS.text, maxWidth: width * 0.58 });
    draw(`${o.audience} · ${phrase('confidential', lang)}`, right, top, { size: 7, align: 'right', maxWidth: width * 0.4 });
    page.drawLine({ start: { x: MARGINS.left, y: top - 12 }, end: { x: right, y: top - 12 }, thickness: 0.5, color: COLORS.rule });
    const bottom = MARGINS.bottom - 16;
    page.drawLine({ start: { x: MARGINS.left, y: bottom + 4 }, end: { x: right, y: bottom + 4 }, thickness: 0.5, color: COLORS.rule });
    const receipt = facts.receiptId ? `${phrase('receipt', lang)} ${facts.receiptId}` : `${phrase('receipt', lang)}: ${phrase('notReceived', lang)}`;
    draw(`${phrase('handover', lang)} ${facts.handoverId} · ${phrase('version', lang)} ${facts.version}${status} · ${receipt}`, MARGINS.left, bottom, { size: 7, maxWidth: width - 70 });
    draw(phrase('page', lang, { x: index + 1, y: total }), right, bottom, { size: 7, align: 'right', face: 'bold', color: COLORS.text });
    draw(`${phrase('signedSha256', lang)}: ${facts.jwsSha256}`, MARGINS.left, bottom - 10, { size: 6.5, face: 'mono' });
  });
  return doc.save({ useObjectStreams: true });
}
