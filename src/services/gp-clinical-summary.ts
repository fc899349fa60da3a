/**
 * GET /v1/gp/persons/:handoverId/:personRef/clinical-summary (and /pdf): one assigned person's
 * clinical summary (domain/clinical-summary.ts) for the GP practice, as words for the page or as
 * the person's own PDF; under the GP consent rule (services/gp.ts), other household members named
 * only where their own consent covers the GP.
 */
import { buildClinicalSummary, type ClinicalSummary } from '../domain/clinical-summary.js';
import { hasConsent } from '../domain/consent.js';
import { medicationWarnings } from '../domain/critical-medications.js';
import { computeDeadlines } from '../domain/deadlines.js';
import type { Caller } from '../domain/organisations.js';
import type { PdfFacts } from '../pdf/document-frame.js';
import type { Lang } from '../pdf/phrases.js';
import type { AuditFn } from './audit.js';
import { readAssignedPerson, type GpDeps } from './gp.js';
import type { PdfDeps, RenderedPdf } from './render-pdf.js';

/** What the clinical summary reads: the GP's rule and the PDFs' wording and renderer. */
export type ClinicalSummaryDeps = GpDeps & Pick<PdfDeps, 'pdf'>;

function langOf(lang: string | undefined): Lang {
  return lang === 'en' ? 'en' : 'da';
}

async function summarise(d: ClinicalSummaryDeps, caller: Caller, handoverId: string, personRef: string, lang: Lang, audit: AuditFn, section: string) {
  const { doc, changes } = await readAssignedPerson(d, caller, handoverId, personRef, audit, section);
  const visiblePersonRefs = doc.persons.map((p) => p.personRef).filter((ref) => hasConsent(doc.consents, changes, ref, 'gp', 'health'));
  const summary = buildClinicalSummary(d.pdf.wording(doc.schemaVersion, lang), {
    document: doc,
    personRef,
    visiblePersonRefs,
    deadlines: computeDeadlines(doc),
    medicationWarnings: medicationWarnings(doc),
    asOf: d.clock().toISOString().slice(0, 10),
  })!;
  return { doc, summary };
}

/** The clinical summary in words, for the GP's page. Audited as a read of the person's health summary. */
export async function readClinicalSummary(d: ClinicalSummaryDeps, caller: Caller, handoverId: string, personRef: string, lang: string | undefined, audit: AuditFn): Promise<ClinicalSummary & { handoverId: string; version: number }> {
  const l = langOf(lang);
  const { doc, summary } = await summarise(d, caller, handoverId, personRef, l, audit, 'clinical-summary');
  return { handoverId, version: doc.version, ...summary };
}

/** The same summary as the person's own PDF, in Danish or English. Audited as a read. */
export async function renderClinicalSummaryPdf(d: ClinicalSummaryDeps, caller: Caller, handoverId: string, personRef: string, lang: string | undefined, audit: AuditFn): Promise<RenderedPdf> {
  const l = langOf(lang);
  const { doc, summary } = await summarise(d, caller, handoverId, personRef, l, audit, 'clinical-summary-pdf');
  const record = (await d.handovers.findVersion(handoverId, doc.version))!;
  const facts: PdfFacts = { handoverId, version: record.version, jwsSha256: record.jwsSha256, receiptId: record.receipt.receiptId, receivedAt: record.receivedAt.toISOString(), versionStatus: 'current' };
  const bytes = await d.pdf.gpClinicalSummary({ lang: l, facts, summary, author: [doc.sender.organisationName, doc.sender.unit].filter(Boolean).join(', ') });
  return { bytes, filename: `clinical-summary-${handoverId}-${personRef}-${l}.pdf` };
}
