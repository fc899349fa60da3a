/**
 * The PDF renderer the service and the CLI hold: fonts parsed once, label books built once per
 * standard version and language. Rendering is a pure function of its input.
 */
import { renderChildServicesPdf, type ChildServicesPdfInput } from './child-services.pdf.js';
import type { BriefingWording } from '../domain/briefing-types.js';
import { deadlineText, renderCoordinatingDepartmentPdf, type CoordinatingDepartmentPdfInput } from './coordinating-department.pdf.js';
import type { FontChoice } from './document-frame.js';
import { loadFontLibrary } from './fonts.js';
import { renderGpSummaryPdf, type GpPdfInput } from './gp-summary.pdf.js';
import { renderGpClinicalSummaryPdf, type GpClinicalSummaryPdfInput } from './gp-clinical-summary.pdf.js';
import { renderMeetingAgendaPdf, type MeetingAgendaPdfInput } from './meeting-agenda.pdf.js';
import { LabelBook, type CatalogueEntry } from './label-book.js';
import { medicationWarningText } from './medication-warnings.js';
import { useNativeDeflate } from './native-deflate.js';
import type { Lang } from './phrases.js';

export interface PdfRenderer {
  coordinatingDepartment(input: CoordinatingDepartmentPdfInput): Promise<Uint8Array>;
  gp(input: GpPdfInput): Promise<Uint8Array>;
  /** One person's clinical summary for the GP (domain/clinical-summary.ts), worded as the GP's page. */
  gpClinicalSummary(input: GpClinicalSummaryPdfInput): Promise<Uint8Array>;
  meetingAgenda(input: MeetingAgendaPdfInput): Promise<Uint8Array>;
  childServices(input: ChildServicesPdfInput): Promise<Uint8Array>;
  /** The PDFs' labels and wording for the caseworker's briefing (domain/briefing.ts), so the web page says what the PDF says. */
  wording(schemaVersion: string, lang: Lang): BriefingWording;
}

/**
 * @param catalogueOf the handover schema's field catalogue for a standard version.
 * @param fonts the embedded fonts (default), or 'standard' for Helvetica: the benchmark's lower bound.
 */
export function createPdfRenderer(catalogueOf: (schemaVersion: string) => readonly CatalogueEntry[], fonts: FontChoice = loadFontLibrary()): PdfRenderer {
  useNativeDeflate();
  const books = new Map<string, LabelBook>();
  const bookFor = (schemaVersion: string, lang: Lang) => {
    const key = `${schemaVersion}/${lang}`;
    let book = books.get(key);
    if (!book) {
      book = new LabelBook(catalogueOf(schemaVersion), lang);
      books.set(key, book);
    }
    return book;
  };
  return {
    coordinatingDepartment: (input) => renderCoordinatingDepartmentPdf(fonts, bookFor(input.document.schemaVersion, input.lang), input),
    gp: (input) => renderGpSummaryPdf(fonts, bookFor(input.document.schemaVersion, input.lang), input),
    gpClinicalSummary: (input) => renderGpClinicalSummaryPdf(fonts, input),
    meetingAgenda: (input) => renderMeetingAgendaPdf(fonts, bookFor(input.document.schemaVersion, input.lang), input),
    childServices: (input) => renderChildServicesPdf(fonts, bookFor(input.document.schemaVersion, input.lang), input),
    wording: (schemaVersion, lang) => ({ labels: bookFor(schemaVersion, lang), deadline: (d) => deadlineText(d, lang), medicationWarning: (w) => medicationWarningText(w, lang) }),
  };
}
