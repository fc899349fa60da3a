/**
 * A person moves after integration responsibility has started: the holding municipality hands the
 * person's record on to the municipality the person moved to. The whole story: the holder names
 * the persons, the new municipality and the day they moved; the service checks the rules
 * (domain/record-transfer.ts), keeps the transfer with a signed receipt, tells the new
 * municipality (webhook `record-transferred`), and lets it read those persons' sections and GP
 * results under the same consent rules as the coordinating department (JSON and PDF). The first
 * municipality keeps what it held; the status names who holds each person now. Every step audited.
 */
import { formatIsoDate } from '../domain/dates.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { restrictToPersons, transferProblems, type RecordTransfer } from '../domain/record-transfer.js';
import { coordinatingDepartmentView } from '../domain/recipient-views.js';
import { invalidRequest, notFound, queryProblem, validationFailed } from '../errors.js';
import type { PdfFacts } from '../pdf/document-frame.js';
import type { AuditFn } from './audit.js';
import { briefingGp, type BriefingGpDeps } from './briefing-gp.js';
import { resultForDepartment } from './gp.js';
import { enqueueTransferEvent } from './notifications.js';
import { requireOwnMunicipality } from './own-organisation.js';
import { signTransferReceipt } from './receipts.js';
import { readableVersion, type RecipientDeps } from './recipient-access.js';
import { coordinatingDepartmentInput, parsePdfOptions, type PdfDeps, type RenderedPdf } from './render-pdf.js';

export type TransferDeps = Pick<RecipientDeps, 'clock' | 'funnel' | 'handovers' | 'recipients' | 'signer' | 'ids' | 'notifications'> & Pick<PdfDeps, 'pdf' | 'submission'> & BriefingGpDeps;

const transferView = (t: RecordTransfer) => ({
  transferId: t.transferId,
  handoverId: t.handoverId,
  version: t.version,
  fromMunicipalityCode: t.fromMunicipalityCode,
  toMunicipalityCode: t.toMunicipalityCode,
  personRefs: t.personRefs,
  movedOn: t.movedOn,
  ...(t.reason ? { reason: t.reason } : {}),
  transferredAt: t.transferredAt.toISOString(),
  transferredBy: t.transferredBy,
  receiptId: t.receipt.receiptId,
});

/** POST /v1/handovers/:id/transfers: the holding municipality hands persons' records on to the municipality they moved to. */
export async function transferRecord(d: TransferDeps, caller: Caller, handoverId: string, body: Record<string, unknown>, audit: AuditFn) {
  const { record } = await readableVersion(d, caller, handoverId);
  const doc = record.payload as unknown as Handover;
  const request = { fromMunicipalityCode: record.municipalityCode, toMunicipalityCode: body.toMunicipalityCode as string, personRefs: body.personRefs as string[], movedOn: body.movedOn as string };
  const earlier = await d.recipients.transfersOf(handoverId);
  const now = d.clock();
  const problems = transferProblems(doc, request, new Set(earlier.flatMap((t) => t.personRefs)), formatIsoDate(now));
  if (problems.length > 0) throw validationFailed(problems);

  const transferId = d.ids.next('trf', 12);
  const receipt = await signTransferReceipt(d, { transferId, handoverId, version: record.version, jwsSha256: record.jwsSha256, ...request, transferredAt: now.toISOString() });
  const transfer: RecordTransfer = { transferId, handoverId, version: record.version, ...request, ...(typeof body.reason === 'string' ? { reason: body.reason } : {}), transferredAt: now, transferredBy: caller.organisationId, receipt };
  await d.recipients.insertTransfer(transfer);
  // The persons are counted for the municipality they moved to from now on.
  await d.funnel.handedOn(transfer);
  for (const personRef of request.personRefs) await audit({ action: 'record.transfer', handoverId, version: record.version, personRef, section: `to:${request.toMunicipalityCode}`, outcome: 'ok' });
  await enqueueTransferEvent(d.notifications, { transferId, handoverId, version: record.version, toMunicipalityCode: request.toMunicipalityCode, fromMunicipalityCode: request.fromMunicipalityCode });
  return { ...transferView(transfer), receipt: receipt.jws };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** GET /v1/municipalities/:code/transfers?month=YYYY-MM: the records handed on to this municipality in a month (default this one). */
export async function listTransfersTo(d: TransferDeps, caller: Caller, code: string, monthParam: string | undefined, audit: AuditFn) {
  const municipalityCode = requireOwnMunicipality(caller, code);
  if (monthParam !== undefined && !MONTH.test(monthParam)) throw invalidRequest([queryProblem('month', 'pattern', 'must be a month YYYY-MM')]);
  const month = monthParam ?? formatIsoDate(d.clock()).slice(0, 7);
  const items = (await d.recipients.transfersTo(municipalityCode, month)).map(transferView);
  await audit({ action: 'transfer.list', outcome: 'ok', section: `month:${month};items:${items.length}` });
  return { month, items };
}

/** The transfer, when the caller is the municipality it was handed on to, with the current version restricted to its persons. */
async function receivedRecord(d: TransferDeps, caller: Caller, transferId: string) {
  const transfer = await d.recipients.transfer(transferId);
  // Anyone else's transfer looks like none.
  if (!transfer || caller.role !== 'municipality' || caller.municipalityCode !== transfer.toMunicipalityCode) throw notFound('no such transfer');
  const state = await d.recipients.versionState(transfer.handoverId);
  if (state?.currentVersion === undefined) throw notFound('no such transfer');
  const record = (await d.handovers.findVersion(transfer.handoverId, state.currentVersion))!;
  const changes = await d.recipients.consentChanges(transfer.handoverId);
  const doc = restrictToPersons(record.payload as unknown as Handover, transfer.personRefs);
  return { transfer, record, doc, changes };
}

/** GET /v1/transfers/:id: the moved persons' sections as the coordinating department sees them (health withheld without consent), and their GP results shared with the coordinating department. */
export async function readTransferredRecord(d: TransferDeps, caller: Caller, transferId: string, audit: AuditFn) {
  const { transfer, record, doc, changes } = await receivedRecord(d, caller, transferId);
  const view = coordinatingDepartmentView(doc, changes);
  const results = (await d.recipients.resultsBy({ handoverId: transfer.handoverId })).filter((r) => transfer.personRefs.includes(r.personRef));
  const assessmentResults = results.map(resultForDepartment);
  await d.funnel.retrieved(transfer.handoverId, transfer.toMunicipalityCode, transfer.personRefs, d.clock());
  for (const p of doc.persons) {
    await audit({ action: 'transfer.read', handoverId: transfer.handoverId, version: record.version, personRef: p.personRef, section: view.withheld.includes(p.personRef) ? 'social;health:withheld' : 'social;health', outcome: 'ok' });
  }
  return { transfer: transferView(transfer), version: record.version, jwsSha256: record.jwsSha256, healthWithheldFor: view.withheld, document: view.document, assessmentResults };
}

/** GET /v1/transfers/:id/pdf?lang=: the coordinating department's PDF of the moved persons only, with their GP results. */
export async function renderTransferredRecordPdf(d: TransferDeps, caller: Caller, transferId: string, langParam: string | undefined, audit: AuditFn): Promise<RenderedPdf> {
  const { lang } = parsePdfOptions({ audience: 'coordinating-department', ...(langParam !== undefined ? { lang: langParam } : {}) });
  const { transfer, record, doc, changes } = await receivedRecord(d, caller, transferId);
  const facts: PdfFacts = { handoverId: transfer.handoverId, version: record.version, jwsSha256: record.jwsSha256, receiptId: record.receipt.receiptId, receivedAt: record.receivedAt.toISOString(), versionStatus: 'current' };
  // The GP part as the receiving municipality knows it: the practice it assigned, if any yet,
  // and the result the GP returned, which the record's JSON carries too.
  const gp = await briefingGp(d, transfer.handoverId, transfer.personRefs, { assignedBy: transfer.toMunicipalityCode });
  const input = {
    ...coordinatingDepartmentInput(doc, { lang, facts, changes, specs: d.submission.standard.personSections(doc.schemaVersion) }),
    gp,
    handedOn: { fromMunicipalityCode: transfer.fromMunicipalityCode, toMunicipalityCode: transfer.toMunicipalityCode, transferredOn: formatIsoDate(transfer.transferredAt), movedOn: transfer.movedOn, ...(transfer.reason ? { reason: transfer.reason } : {}) },
  };
  const bytes = await d.pdf.coordinatingDepartment(input);
  for (const p of doc.persons) {
    await audit({ action: 'transfer.pdf', handoverId: transfer.handoverId, version: record.version, personRef: p.personRef, section: input.withheld.includes(p.personRef) ? 'social;health:withheld' : 'social;health', outcome: 'ok' });
  }
  return { bytes, filename: `transfer-${transferId}-${lang}.pdf` };
}
