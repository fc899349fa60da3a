/**
 * Handovers as PDF for the coordinating department and for the GP, with the same access and
 * consent rules as the JSON: the department's PDF withholds health without consent; the GP's PDF
 * is only for the practice a person is assigned to and only with GP consent. The assembly of the
 * renderer's input is shared with the offline `handover render` command.
 */
import { sha256Hex } from '../domain/crypto.js';
import { AUDIENCES, hasConsent, type ConsentChange } from '../domain/consent.js';
import type { CompletenessGap, CompletenessReport, SectionSpec } from '../domain/completeness.js';
import { completenessReport } from '../domain/completeness.js';
import { offerRuleOn } from '../domain/deadlines.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { coordinatingDepartmentView, deadlinesFor } from '../domain/recipient-views.js';
import { computeDeadlines } from '../domain/deadlines.js';
import { audienceNotAllowed, type FieldError, invalidRequest, notFound, queryProblem, validationFailed } from '../errors.js';
import type { ConsentRow, CoordinatingDepartmentPdfInput } from '../pdf/coordinating-department.pdf.js';
import type { PdfFacts } from '../pdf/document-frame.js';
import type { GpPdfInput } from '../pdf/gp-summary.pdf.js';
import type { PdfRenderer } from '../pdf/pdf-renderer.js';
import type { Lang } from '../pdf/phrases.js';
import { parseStrictJson } from '../domain/strict-json.js';
import type { Standard } from '../validation/standard.js';
import type { AuditFn } from './audit.js';
import { briefingGp, type BriefingGpDeps } from './briefing-gp.js';
import { assignedToPractice, healthReadableBy, parseVersionParam, readableVersion, versionStatus, type RecipientDeps } from './recipient-access.js';
import { consentChangesOf, recordMunicipalityRead } from './municipality-read.js';
import type { SubmissionDeps } from './submit-handover.js';
import { validateDocument } from './validate-document.js';

export const PDF_AUDIENCES = ['coordinating-department', 'gp'] as const;
export type PdfAudience = (typeof PDF_AUDIENCES)[number];
export const PDF_LANGS: readonly Lang[] = ['da', 'en'];
/** The form a GP returns, in the version the PDF asks for. */
export const RESULT_FORM_VERSION = '1.0';

/** What rendering a PDF uses: the read rule's repositories, the clock, the standard (through the submission deps) and the renderer. */
export interface PdfDeps extends Pick<RecipientDeps, 'clock' | 'funnel' | 'handovers' | 'recipients'> {
  submission: Pick<SubmissionDeps, 'standard'>;
  pdf: PdfRenderer;
}

export interface PdfOptions {
  audience: PdfAudience;
  lang: Lang;
}

/** Reads ?audience= (required) and ?lang= (default da); each wrong value is named. */
export function parsePdfOptions(q: { audience?: string; lang?: string }): PdfOptions {
  const errors: FieldError[] = [];
  if (!q.audience || !(PDF_AUDIENCES as readonly string[]).includes(q.audience)) errors.push(queryProblem('audience', 'enum', `must be one of ${PDF_AUDIENCES.join(', ')}`));
  if (q.lang !== undefined && !(PDF_LANGS as readonly string[]).includes(q.lang)) errors.push(queryProblem('lang', 'enum', `must be one of ${PDF_LANGS.join(', ')}`));
  if (errors.length > 0) throw invalidRequest(errors);
  return { audience: q.audience as PdfAudience, lang: (q.lang ?? 'da') as Lang };
}

function at(doc: unknown, pointer: string): Record<string, unknown> | undefined {
  let node: unknown = doc;
  for (const token of pointer.split('/').slice(1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

/** Sections not assessed or declined, leaving out health sections the department may not see. */
export function completenessGaps(doc: Handover, report: CompletenessReport, withheld: readonly string[]): CompletenessGap[] {
  const hidden = new Set(withheld);
  return report.persons.flatMap((p) =>
    p.issues
      .filter((i): i is typeof i & { kind: 'not-assessed' | 'declined' } => i.kind === 'not-assessed' || i.kind === 'declined')
      .filter((i) => !(hidden.has(i.personRef) && i.pointer.includes('/healthScreening')))
      .map((i) => {
        const expectedBy = at(doc, i.pointer)?.expectedBy;
        return { personRef: i.personRef, pointer: i.pointer, kind: i.kind, ...(i.reason ? { reason: i.reason } : {}), ...(i.reasonText ? { reasonText: i.reasonText } : {}), ...(typeof expectedBy === 'string' ? { expectedBy } : {}) };
      }),
  );
}

/** Each person's consent per audience and scope as the PDF prints it: the signed consent with the recorded changes applied. */
export function consentRows(doc: Handover, changes: readonly ConsentChange[]): ConsentRow[] {
  return doc.persons.flatMap((p) =>
    AUDIENCES.map((audience) => ({
      personRef: p.personRef,
      audience,
      social: hasConsent(doc.consents, changes, p.personRef, audience, 'social'),
      health: hasConsent(doc.consents, changes, p.personRef, audience, 'health'),
      changed: changes.some((c) => c.personRef === p.personRef && c.audience === audience),
    })),
  );
}

function offerRuleFor(doc: Handover) {
  const rule = offerRuleOn(doc.integrationResponsibilityFrom);
  return rule ? { offerRule: { text: rule.text, legalReference: rule.legalReference } } : {};
}

/** The coordinating department's PDF input from a signed document and the consent changes recorded since. */
export function coordinatingDepartmentInput(doc: Handover, o: { lang: Lang; facts: PdfFacts; changes: readonly ConsentChange[]; specs: readonly SectionSpec[] }): CoordinatingDepartmentPdfInput {
  const { document, withheld } = coordinatingDepartmentView(doc, o.changes);
  const report = completenessReport(doc, o.specs);
  return {
    lang: o.lang,
    facts: o.facts,
    document,
    withheld,
    deadlines: deadlinesFor(doc, withheld),
    completenessScore: report.score,
    consents: consentRows(doc, o.changes),
    ...offerRuleFor(doc),
  };
}

/** The GP's PDF input for the given persons; consent is decided here, per person. */
export function gpInput(doc: Handover, o: { lang: Lang; facts: PdfFacts; changes: readonly ConsentChange[]; personRefs: readonly string[] }): GpPdfInput {
  return {
    lang: o.lang,
    facts: o.facts,
    document: doc,
    persons: o.personRefs.map((personRef) => ({ personRef, consent: healthReadableBy('gp', doc, o.changes, personRef) })),
    deadlines: computeDeadlines(doc),
    resultFormVersion: RESULT_FORM_VERSION,
    ...offerRuleFor(doc),
  };
}

export interface RenderedPdf {
  bytes: Uint8Array;
  filename: string;
}

/** GET /v1/handovers/:id/pdf: the coordinating department's PDF (health withheld without consent) or the assigned GP practice's summary; one audit event per person. */
export async function renderHandoverPdf(d: PdfDeps & BriefingGpDeps, caller: Caller, handoverId: string, query: { audience?: string; lang?: string; version?: string }, audit: AuditFn): Promise<RenderedPdf> {
  const options = parsePdfOptions(query);
  return options.audience === 'gp' ? renderForGp(d, caller, handoverId, options, audit) : renderForDepartment(d, caller, handoverId, options, query.version, audit);
}

async function renderForDepartment(d: PdfDeps & BriefingGpDeps, caller: Caller, handoverId: string, o: PdfOptions, versionParam: string | undefined, audit: AuditFn): Promise<RenderedPdf> {
  if (caller.role !== 'municipality' && caller.role !== 'sender') throw notFound('no such handover');
  const { record, state, read } = await readableVersion(d, caller, handoverId, parseVersionParam(versionParam));
  const doc = record.payload as unknown as Handover;
  const changes = await consentChangesOf(d, handoverId, read);
  const facts: PdfFacts = { handoverId, version: record.version, jwsSha256: record.jwsSha256, receiptId: record.receipt.receiptId, receivedAt: record.receivedAt.toISOString(), versionStatus: versionStatus(record.version, state) };
  // The GP assigned and the GP's result, as the handover page shows them.
  const gp = await briefingGp(d, handoverId, doc.persons.map((p) => p.personRef));
  const input = { ...coordinatingDepartmentInput(doc, { lang: o.lang, facts, changes, specs: d.submission.standard.personSections(doc.schemaVersion) }), gp };
  const bytes = await d.pdf.coordinatingDepartment(input);
  await recordMunicipalityRead(d, caller, record, read, d.clock());
  // One event per person, recorded together: one write (services/audit.ts).
  await Promise.all(
    doc.persons.map((p) => audit({ action: 'handover.pdf', handoverId, version: record.version, personRef: p.personRef, section: `coordinating-department;${input.withheld.includes(p.personRef) ? 'social;health:withheld' : 'social;health'}`, outcome: 'ok' })),
  );
  return { bytes, filename: `handover-${handoverId}-v${record.version}-coordinating-department-${o.lang}.pdf` };
}

async function renderForGp(d: PdfDeps, caller: Caller, handoverId: string, o: PdfOptions, audit: AuditFn): Promise<RenderedPdf> {
  if (caller.role !== 'gp') {
    // Readers of the handover learn that the GP version is not theirs; anyone else learns nothing.
    await readableVersion(d, caller, handoverId);
    throw audienceNotAllowed();
  }
  const assigned = await assignedToPractice(d, caller.organisationId, handoverId);
  const state = assigned.length > 0 ? await d.recipients.versionState(handoverId) : undefined;
  if (!state || state.currentVersion === undefined) throw notFound('no such handover');
  const record = (await d.handovers.findVersion(handoverId, state.currentVersion))!;
  const doc = record.payload as unknown as Handover;
  const changes = await d.recipients.consentChanges(handoverId);
  const personRefs = doc.persons.map((p) => p.personRef).filter((ref) => assigned.some((a) => a.personRef === ref));
  const facts: PdfFacts = { handoverId, version: record.version, jwsSha256: record.jwsSha256, receiptId: record.receipt.receiptId, receivedAt: record.receivedAt.toISOString(), versionStatus: 'current' };
  const input = gpInput(doc, { lang: o.lang, facts, changes, personRefs });
  const bytes = await d.pdf.gp(input);
  await Promise.all(input.persons.map((p) => audit({ action: 'gp.pdf', handoverId, version: record.version, personRef: p.personRef, section: p.consent ? 'health-summary' : 'health:withheld', outcome: p.consent ? 'ok' : 'denied' })));
  return { bytes, filename: `handover-${handoverId}-v${record.version}-gp-${o.lang}.pdf` };
}

/**
 * Offline rendering (`handover render`): a handover as JSON or as a compact JWS, validated first.
 * The signature is not checked here (no keys offline); the footer carries the SHA-256 of the file's
 * bytes and says that no receipt exists.
 */
export async function renderDocumentFile(deps: { standard: Standard; pdf: PdfRenderer }, bytes: Uint8Array, o: PdfOptions): Promise<Uint8Array> {
  const text = Buffer.from(bytes).toString('utf8').trim();
  let payload: Uint8Array = bytes;
  if (!text.startsWith('{')) {
    const parts = text.split('.');
    if (parts.length !== 3) throw invalidRequest([{ pointer: '', keyword: 'format', message: 'must be a handover as JSON or as a compact JWS' }]);
    payload = Buffer.from(parts[1]!, 'base64url');
  }
  const doc = parseStrictJson(payload);
  const validation = validateDocument(deps.standard, doc);
  if (!validation.valid) throw validationFailed(validation.errors);
  if (validation.documentType !== 'handover') throw invalidRequest([{ pointer: '/documentType', keyword: 'const', message: 'must be a handover' }]);
  const handover = doc as Handover;
  const facts: PdfFacts = { handoverId: handover.handoverId, version: handover.version, jwsSha256: sha256Hex(bytes), receivedAt: handover.createdAt };
  if (o.audience === 'gp') return deps.pdf.gp(gpInput(handover, { lang: o.lang, facts, changes: [], personRefs: handover.persons.map((p) => p.personRef) }));
  return deps.pdf.coordinatingDepartment(coordinatingDepartmentInput(handover, { lang: o.lang, facts, changes: [], specs: deps.standard.personSections(handover.schemaVersion) }));
}
