/**
 * GET /v1/municipalities/:code/export: all of a municipality's handovers received in a date range,
 * as NDJSON, one line per stored version as the coordinating department may see it (health
 * withheld without consent), then an end line with the cursor to go on from. Each request reads a
 * bounded stretch of the feed (at most `limit` handovers, and EXPORT_SCAN_BUDGET feed entries),
 * so an export of years is many requests, each resumable from the last cursor. One audit event
 * per request, written before anything is sent (nothing leaves unaudited); each exported version
 * counts as retrieved. The holder of a re-addressed handover exports its whole history (versions
 * addressed to the municipality before come with the version that re-addressed it).
 */
import type { ConsentChange } from '../domain/consent.js';
import type { HandoverVersionRecord } from '../domain/handover-record.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { encodeCursor, readDateTimeParam, readPageRequest } from '../domain/pagination.js';
import { attachmentLinks, coordinatingDepartmentView } from '../domain/recipient-views.js';
import { type FieldError, invalidRequest, queryProblem } from '../errors.js';
import type { AuditFn } from './audit.js';
import { briefingGp, type BriefingGpDeps } from './briefing-gp.js';
import { holderOf, type RecipientDeps } from './recipient-access.js';
import { scanFeed } from './feed-scan.js';
import { requireOwnMunicipality } from './own-organisation.js';
import { coordinatingDepartmentInput, parsePdfOptions, type PdfDeps } from './render-pdf.js';
import type { PdfFacts } from '../pdf/document-frame.js';
import type { Lang } from '../pdf/phrases.js';
import { versionStatus } from './recipient-access.js';

type ExportDeps = Pick<RecipientDeps, 'clock' | 'feedSettleMs' | 'handovers' | 'recipients'> & Pick<PdfDeps, 'pdf' | 'submission'> & BriefingGpDeps;

/** Feed entries one request reads at most, whatever the date range leaves out. */
const EXPORT_SCAN_BUDGET = 5000;

export interface ExportParams {
  from?: string;
  to?: string;
  after?: string;
  limit?: string;
  /** `pdf`: each line also carries the coordinating department's PDF (base64), in `lang`. */
  include?: string;
  lang?: string;
}

/** One exported version. */
export interface ExportLine {
  type: 'handover';
  /** Resume here (`after`) to go on after this line. */
  cursor: string;
  handoverId: string;
  version: number;
  receivedAt: string;
  jwsSha256: string;
  receiptId: string;
  healthWithheldFor: string[];
  /** The files, each fetched by its link (health files only with consent, as any download). */
  attachments: ReturnType<typeof attachmentLinks>;
  document: Handover;
  /** With include=pdf: the coordinating department's PDF of this version, base64. */
  pdf?: { filename: string; mediaType: 'application/pdf'; base64: string };
}

/** The last line: how many came, and where to go on (`next` null once the feed as it stands is done). */
export interface ExportEnd {
  type: 'end';
  count: number;
  next: string | null;
  resumeAfter: string;
}

/**
 * Checks the request and audits it; then the lines come from `lines()`, read and written one at a
 * time (memory stays bounded whatever the range).
 */
export async function exportHandovers(d: ExportDeps, caller: Caller, code: string, params: ExportParams, audit: AuditFn): Promise<{ lines(): AsyncGenerator<ExportLine | ExportEnd> }> {
  const municipalityCode = requireOwnMunicipality(caller, code);
  const errors: FieldError[] = [];
  const { limit, afterPosition } = readPageRequest('export', params, errors);
  const from = readDateTimeParam('from', params.from, errors);
  const to = readDateTimeParam('to', params.to, errors);
  if (from && to && !(from < to)) errors.push(queryProblem('to', 'dateOrder', 'must be after from'));
  if (errors.length > 0) throw invalidRequest(errors);
  // The PDF's language, checked as the PDF route checks it.
  const pdfLang = params.include === 'pdf' ? parsePdfOptions({ audience: 'coordinating-department', ...(params.lang !== undefined ? { lang: params.lang } : {}) }).lang : undefined;
  await audit({ action: 'handovers.export', outcome: 'ok', section: `from:${params.from ?? '-'};to:${params.to ?? '-'};after:${afterPosition}` });

  return {
    async *lines() {
      let position = afterPosition;
      let count = 0;
      // The end of the feed is reached when the scan runs out, not when the export stops it.
      let reachedEnd = true;
      let scanned = 0;
      for await (const { entries, from: pageFrom, scannedTo } of scanFeed(d, municipalityCode, position, () => Math.min(limit - count, 100))) {
        scanned += scannedTo - pageFrom;
        let cut = false;
        for (const e of entries) {
          const received = e.facts?.receivedAt;
          // Withdrawals are in the versions' own status; the export holds what was handed over.
          if (e.kind !== 'version' || !received || (from && received < from) || (to && received >= to)) {
            position = e.seq;
            continue;
          }
          if (count >= limit) {
            cut = true;
            break;
          }
          const [record, changes, state] = await Promise.all([d.handovers.findVersion(e.handoverId, e.version), d.recipients.consentChanges(e.handoverId), d.recipients.versionState(e.handoverId)]);
          // A handover re-addressed to another municipality (1.1) is no longer this one's to export.
          if (!record || !state || (await holderOf(d, e.handoverId, state, record)) !== municipalityCode) {
            position = e.seq;
            continue;
          }
          // The holder exports the whole history: versions addressed elsewhere come before the one that re-addressed it here.
          const group = [...(await historyAddressedElsewhere(d, record, municipalityCode)), record];
          // A group is never split across requests (so `next` repeats and skips nothing); only a request's first may pass the limit.
          if (count > 0 && count + group.length > limit) {
            cut = true;
            break;
          }
          // Lines before the entry's own resume before the entry: a cut-off resumes by repeating them, never by losing them.
          const groupCursor = encodeCursor('export', position);
          position = e.seq;
          for (const version of group) {
            await d.recipients.recordRetrieval(version.handoverId, version.version, caller.organisationId, d.clock());
            const view = coordinatingDepartmentView(version.payload as unknown as Handover, changes);
            count++;
            yield {
              type: 'handover',
              cursor: version === record ? encodeCursor('export', e.seq) : groupCursor,
              handoverId: version.handoverId,
              version: version.version,
              receivedAt: version.receivedAt.toISOString(),
              jwsSha256: version.jwsSha256,
              receiptId: version.receipt.receiptId,
              healthWithheldFor: view.withheld,
              attachments: attachmentLinks(version.handoverId, version.version, version.attachments),
              document: view.document,
              ...(pdfLang ? { pdf: await exportedPdf(d, version, changes, state, pdfLang) } : {}),
            };
          }
        }
        if (cut) {
          reachedEnd = false;
          break;
        }
        position = scannedTo;
        if (count >= limit || scanned >= EXPORT_SCAN_BUDGET) {
          reachedEnd = false;
          break;
        }
      }
      const cursor = encodeCursor('export', position);
      yield { type: 'end', count, next: reachedEnd ? null : cursor, resumeAfter: cursor };
    },
  };
}

/**
 * The versions a re-addressing (1.1) brought to this municipality with `record`: those before it
 * and after the previous version addressed here, all addressed elsewhere (none when `record`'s
 * predecessor was addressed here too). They sit in another municipality's feed, so the holder's
 * feed never reaches them; one query by handoverId, and the versions only when there are any.
 */
async function historyAddressedElsewhere(d: ExportDeps, record: HandoverVersionRecord, municipalityCode: string): Promise<HandoverVersionRecord[]> {
  if (record.version === 1) return [];
  const earlier = (await d.handovers.listVersions(record.handoverId)).filter((v) => v.version < record.version && !v.retired).sort((a, b) => a.version - b.version);
  const lastHere = Math.max(0, ...earlier.filter((v) => v.municipalityCode === municipalityCode).map((v) => v.version));
  const elsewhere = earlier.filter((v) => v.version > lastHere);
  const found = await Promise.all(elsewhere.map((v) => d.handovers.findVersion(record.handoverId, v.version)));
  return found.filter((v): v is HandoverVersionRecord => v !== undefined);
}

/** The coordinating department's PDF of one exported version, as GET /v1/handovers/:id/pdf renders it. */
async function exportedPdf(d: ExportDeps, record: HandoverVersionRecord, changes: readonly ConsentChange[], state: { currentVersion?: number; withdrawn: Set<number> }, lang: Lang) {
  const doc = record.payload as unknown as Handover;
  const facts: PdfFacts = { handoverId: record.handoverId, version: record.version, jwsSha256: record.jwsSha256, receiptId: record.receipt.receiptId, receivedAt: record.receivedAt.toISOString(), versionStatus: versionStatus(record.version, state) };
  const gp = await briefingGp(d, record.handoverId, doc.persons.map((p) => p.personRef));
  const bytes = await d.pdf.coordinatingDepartment({ ...coordinatingDepartmentInput(doc, { lang, facts, changes, specs: d.submission.standard.personSections(doc.schemaVersion) }), gp });
  return { filename: `handover-${record.handoverId}-v${record.version}-coordinating-department-${lang}.pdf`, mediaType: 'application/pdf' as const, base64: Buffer.from(bytes).toString('base64') };
}
