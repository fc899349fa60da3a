/**
 * The recipients' use cases: the municipality's feed, reading a handover (health withheld without
 * consent), attachments, acknowledgement with a signed delivery receipt, status, deadlines and
 * consent changes. A handover addressed elsewhere is answered exactly like one that does not exist.
 */
import type { Readable } from 'node:stream';
import { AUDIENCES, type Audience, type ConsentChange } from '../domain/consent.js';
import { daysBetween, formatIsoDate } from '../domain/dates.js';
import type { Deadline } from '../domain/deadlines.js';
import type { HandoverVersionRecord } from '../domain/handover-record.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { coordinatingDepartmentView, deadlinesFor, feedSummaryOf, feedView } from '../domain/recipient-views.js';
import { AppError, forbidden, notFound, type FieldError } from '../errors.js';
import type { ServiceSigner } from '../signing/service-signer.js';
import type { AttachmentStore } from '../storage/attachment-store.js';
import type { HandoverRepository } from '../storage/handover.repository.js';
import type { FeedEntry, FeedPosition, RecipientRepository } from '../storage/recipient.repository.js';
import type { AuditFn } from './audit.js';
import { newReceiptId } from './receipts.js';

export interface RecipientDeps {
  handovers: HandoverRepository;
  recipients: RecipientRepository;
  attachments: AttachmentStore;
  signer: ServiceSigner;
  clock: () => Date;
  /** Entries newer than this may still have older twins in flight; the feed waits for them. */
  feedSettleMs: number;
}

export const DELIVERY_RECEIPT_TYP = 'handover-delivery-receipt+jws';
const unknownHandover = () => notFound('no such handover');
export const invalid = (errors: FieldError[]) => new AppError(400, 'bad-request', 'The request is malformed', { detail: 'see errors', errors });

/** Accepts "751" and "0751"; anything else is not a municipality code. */
export function normaliseMunicipalityCode(code: string): string | undefined {
  const m = /^0?(\d{3})$/.exec(code);
  return m ? m[1] : undefined;
}

function requireOwnMunicipality(caller: Caller, code: string): string {
  const normalised = normaliseMunicipalityCode(code);
  // Another municipality's feed looks like one that does not exist.
  if (!normalised || caller.role !== 'municipality' || caller.municipalityCode !== normalised) throw notFound('no such municipality feed for this credential');
  return normalised;
}

function encodeCursor(p: FeedPosition): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decodeCursor(cursor: string): FeedPosition {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as FeedPosition;
    if (typeof p.t === 'number' && Number.isFinite(p.t) && (p.k === 'v' || p.k === 'w') && typeof p.id === 'string' && p.id.length < 100) return p;
  } catch {
    // fall through
  }
  throw invalid([{ pointer: '/query/after', keyword: 'cursor', message: 'not a cursor this service issued' }]);
}

/** Loads a version the caller may read: the addressed municipality or the sending organisation. */
export async function readableVersion(d: RecipientDeps, caller: Caller, handoverId: string, version?: number): Promise<{ record: HandoverVersionRecord; state: { currentVersion?: number; withdrawn: Set<number>; latestVersion: number } }> {
  const state = await d.recipients.versionState(handoverId);
  if (!state) throw unknownHandover();
  const number = version ?? state.currentVersion ?? state.latestVersion;
  const record = await d.handovers.findVersion(handoverId, number);
  if (!record) throw unknownHandover();
  const allowed = (caller.role === 'municipality' && caller.municipalityCode === record.municipalityCode) || (caller.role === 'sender' && caller.organisationId === record.senderOrganisationId);
  if (!allowed) throw unknownHandover();
  return { record, state };
}

export function versionStatus(version: number, state: { currentVersion?: number; withdrawn: Set<number> }): 'current' | 'superseded' | 'withdrawn' {
  if (state.withdrawn.has(version)) return 'withdrawn';
  return state.currentVersion === version ? 'current' : 'superseded';
}

export interface FeedParams {
  after?: string;
  limit?: string;
  unacknowledged?: string;
  arrivingFrom?: string;
  arrivingTo?: string;
  urgent?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function listFeed(d: RecipientDeps, caller: Caller, code: string, params: FeedParams, audit: AuditFn) {
  const municipalityCode = requireOwnMunicipality(caller, code);
  const errors: FieldError[] = [];
  const limit = params.limit === undefined ? 50 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) errors.push({ pointer: '/query/limit', keyword: 'maximum', message: 'must be a whole number from 1 to 500' });
  for (const [name, value] of [['arrivingFrom', params.arrivingFrom], ['arrivingTo', params.arrivingTo]] as const) {
    if (value !== undefined && !ISO_DATE.test(value)) errors.push({ pointer: `/query/${name}`, keyword: 'format', message: 'must be a date YYYY-MM-DD' });
  }
  for (const [name, value] of [['unacknowledged', params.unacknowledged], ['urgent', params.urgent]] as const) {
    if (value !== undefined && value !== 'true' && value !== 'false') errors.push({ pointer: `/query/${name}`, keyword: 'enum', message: 'must be true or false' });
  }
  if (errors.length > 0) throw invalid(errors);
  let position = params.after ? decodeCursor(params.after) : undefined;
  const now = d.clock();
  const settledBefore = new Date(now.getTime() - d.feedSettleMs);
  const items: unknown[] = [];
  // The unacknowledged filter is applied per page, so keep reading until the page is full.
  for (let round = 0; round < 20 && items.length < limit; round++) {
    const entries = await d.recipients.feedPage({
      municipalityCode,
      ...(position ? { after: position } : {}),
      settledBefore,
      limit,
      ...(params.arrivingFrom ? { arrivingFrom: params.arrivingFrom } : {}),
      ...(params.arrivingTo ? { arrivingTo: params.arrivingTo } : {}),
      urgentOnly: params.urgent === 'true',
    });
    if (entries.length === 0) break;
    const page = await feedItems(d, entries, formatIsoDate(now));
    for (const [i, e] of entries.entries()) {
      position = { t: e.feedAt.getTime(), k: e.kind === 'version' ? 'v' : 'w', id: e.id };
      if (params.unacknowledged === 'true' && page[i]!.acknowledged !== null) continue;
      items.push(page[i]);
      if (items.length >= limit) break;
    }
    if (entries.length < limit) break;
  }
  await audit({ action: 'feed.list', outcome: 'ok', section: `items:${items.length}` });
  return { items, next: position ? encodeCursor(position) : params.after ?? null };
}

/**
 * The items of one feed page, with a fixed number of database round trips per page (not per
 * item): the version facts come with the page; status, acknowledgements and consent changes are
 * read for all entries at once.
 */
async function feedItems(d: RecipientDeps, entries: readonly FeedEntry[], today: string) {
  const keys = entries.map((e) => `${e.handoverId}:${e.version}`);
  const missing = entries.filter((e) => !e.facts).map((e) => `${e.handoverId}:${e.version}`);
  const [looked, superseded, withdrawn, acknowledged, changes] = await Promise.all([
    d.recipients.feedVersionFacts(missing),
    d.recipients.supersededKeys(keys),
    d.recipients.withdrawnKeys(keys),
    d.recipients.acknowledgementsOf(keys),
    d.recipients.consentChangesOf([...new Set(entries.map((e) => e.handoverId))]),
  ]);
  // Only handovers with more than one version need their whole state: a later version may itself be withdrawn.
  const states = new Map(await Promise.all([...new Set(entries.filter((_, i) => superseded.has(keys[i]!)).map((e) => e.handoverId))].map(async (id) => [id, (await d.recipients.versionState(id))!] as const)));
  return Promise.all(
    entries.map(async (e, i) => {
      const key = keys[i]!;
      const state = states.get(e.handoverId);
      const facts = e.facts ?? looked.get(key)!;
      // Versions stored before summaries were kept: computed from the signed document once more.
      const summary = facts.feedSummary ?? feedSummaryOf((await d.handovers.findVersion(e.handoverId, e.version))!.payload as unknown as Handover);
      const view = feedView(summary, changes.get(e.handoverId) ?? [], today);
      const ack = acknowledged.get(key);
      return {
        event: e.kind === 'version' ? 'version-received' : 'version-withdrawn',
        handoverId: e.handoverId,
        version: e.version,
        status: state ? versionStatus(e.version, state) : withdrawn.has(key) ? 'withdrawn' : 'current',
        acknowledged: ack ? ack.toISOString() : null,
        receivedAt: facts.receivedAt.toISOString(),
        sender: facts.senderOrganisationId,
        persons: view.persons,
        expectedArrival: view.expectedArrival,
        integrationResponsibilityFrom: view.integrationResponsibilityFrom,
        urgentFlags: view.urgentFlags,
        completenessScore: facts.completenessScore,
        deadlines: view.deadlines,
      };
    }),
  );
}

/** ?version=N: absent means the current version. */
export function parseVersionParam(versionParam: string | undefined): number | undefined {
  if (versionParam === undefined) return undefined;
  const version = Number(versionParam);
  if (!Number.isInteger(version) || version < 1 || version > 1000) throw invalid([{ pointer: '/query/version', keyword: 'type', message: 'must be a version number' }]);
  return version;
}

export async function readHandover(d: RecipientDeps, caller: Caller, handoverId: string, versionParam: string | undefined, audit: AuditFn) {
  const { record, state } = await readableVersion(d, caller, handoverId, parseVersionParam(versionParam));
  const doc = record.payload as unknown as Handover;
  const changes = await d.recipients.consentChanges(handoverId);
  const view = caller.role === 'municipality' ? coordinatingDepartmentView(doc, changes) : { document: doc, withheld: [] as string[] };
  if (caller.role === 'municipality') await d.recipients.recordRetrieval(handoverId, record.version, caller.organisationId, d.clock());
  // One event per person: whose data was read, and whether health was shown or withheld.
  for (const p of doc.persons) {
    await audit({ action: 'handover.read', handoverId, version: record.version, personRef: p.personRef, section: view.withheld.includes(p.personRef) ? 'social;health:withheld' : 'social;health', outcome: 'ok' });
  }
  return {
    handoverId,
    version: record.version,
    status: versionStatus(record.version, state),
    receivedAt: record.receivedAt.toISOString(),
    receiptId: record.receipt.receiptId,
    jwsSha256: record.jwsSha256,
    completenessScore: record.completenessScore,
    healthWithheldFor: view.withheld,
    deadlines: deadlinesFor(doc, view.withheld),
    attachments: record.attachments.map(({ attachmentRef, filename, mediaType, size, sha256, personRef, category }) => ({
      attachmentRef,
      filename,
      mediaType,
      size,
      sha256,
      personRef,
      category,
      href: `/v1/handovers/${handoverId}/versions/${record.version}/attachments/${attachmentRef}`,
    })),
    document: view.document,
  };
}

export async function openAttachment(d: RecipientDeps, caller: Caller, handoverId: string, versionParam: string, attachmentRef: string, audit: AuditFn): Promise<{ stream: Readable; mediaType: string; size: number; filename: string }> {
  const version = Number(versionParam);
  if (!Number.isInteger(version) || version < 1) throw unknownHandover();
  const { record } = await readableVersion(d, caller, handoverId, version);
  const attachment = record.attachments.find((a) => a.attachmentRef === attachmentRef);
  if (!attachment) throw notFound('no such attachment');
  const doc = record.payload as unknown as Handover;
  if (caller.role === 'municipality') {
    // Attachments are health records, school reports...: health ones follow the person's health consent.
    const { withheld } = coordinatingDepartmentView(doc, await d.recipients.consentChanges(handoverId));
    const healthCategory = ['hospital-record', 'vaccination-card', 'medical-letter'].includes(attachment.category);
    if (healthCategory && withheld.includes(attachment.personRef)) {
      await audit({ action: 'attachment.download', handoverId, version, personRef: attachment.personRef, section: attachment.category, outcome: 'denied' });
      throw forbidden('the person has not consented to sharing health information with the coordinating department');
    }
  }
  await audit({ action: 'attachment.download', handoverId, version, personRef: attachment.personRef, section: attachment.category, outcome: 'ok' });
  return { stream: d.attachments.openDownload(attachment.fileId), mediaType: attachment.mediaType, size: attachment.size, filename: attachment.filename };
}

export async function acknowledgeHandover(d: RecipientDeps, caller: Caller, handoverId: string, body: Record<string, unknown>, audit: AuditFn) {
  const errors: FieldError[] = [];
  if (body.version !== undefined && (!Number.isInteger(body.version) || (body.version as number) < 1)) errors.push({ pointer: '/version', keyword: 'type', message: 'must be a version number' });
  for (const f of ['caseworker', 'note'] as const) {
    if (body[f] !== undefined && (typeof body[f] !== 'string' || (body[f] as string).length > (f === 'note' ? 2000 : 200))) errors.push({ pointer: `/${f}`, keyword: 'maxLength', message: `must be text of at most ${f === 'note' ? 2000 : 200} characters` });
  }
  for (const k of Object.keys(body)) if (!['version', 'caseworker', 'note', 'received'].includes(k)) errors.push({ pointer: `/${k}`, keyword: 'additionalProperties', message: 'property is not allowed here' });
  if (errors.length > 0) throw new AppError(422, 'validation-failed', 'The acknowledgement is invalid', { detail: 'see errors', errors });
  if (caller.role !== 'municipality') throw forbidden('only the addressed municipality acknowledges');
  const { record } = await readableVersion(d, caller, handoverId, body.version as number | undefined);
  const at = d.clock();
  const receiptId = newReceiptId();
  const jws = await d.signer.sign(
    { type: 'delivery-receipt', receiptId, handoverId, version: record.version, jwsSha256: record.jwsSha256, acknowledgedAt: at.toISOString(), municipalityCode: record.municipalityCode, acknowledgedBy: caller.organisationId, issuer: 'handover-exchange' },
    DELIVERY_RECEIPT_TYP,
  );
  const result = await d.recipients.acknowledge({
    handoverId,
    version: record.version,
    municipalityCode: record.municipalityCode,
    organisationId: caller.organisationId,
    credentialId: caller.credentialId,
    ...(typeof body.caseworker === 'string' ? { caseworker: body.caseworker } : {}),
    ...(typeof body.note === 'string' ? { note: body.note } : {}),
    at,
    receipt: { receiptId, jws },
  });
  await audit({ action: 'acknowledgement.create', handoverId, version: record.version, outcome: result.created ? 'ok' : 'ok:already-acknowledged' });
  const a = result.acknowledgement;
  return { created: result.created, body: { receipt: a.receipt.jws, receiptId: a.receipt.receiptId, handoverId, version: a.version, acknowledgedAt: a.at.toISOString() } };
}

export async function municipalityDeadlines(d: RecipientDeps, caller: Caller, code: string, withinParam: string | undefined, audit: AuditFn) {
  const municipalityCode = requireOwnMunicipality(caller, code);
  const m = /^(\d{1,3})d$/.exec(withinParam ?? '30d');
  if (!m) throw invalid([{ pointer: '/query/within', keyword: 'pattern', message: 'must be a number of days like 30d (at most 999d)' }]);
  const within = Number(m[1]);
  const today = formatIsoDate(d.clock());
  const out: (Deadline & { handoverId: string; overdue: boolean; daysLeft: number })[] = [];
  let position: FeedPosition | undefined;
  const seen = new Set<string>();
  // Every current version of the municipality's handovers (paged through the feed index).
  for (;;) {
    const page = await d.recipients.feedPage({ municipalityCode, ...(position ? { after: position } : {}), settledBefore: d.clock(), limit: 200 });
    for (const e of page) {
      position = { t: e.feedAt.getTime(), k: e.kind === 'version' ? 'v' : 'w', id: e.id };
      if (seen.has(e.handoverId)) continue;
      seen.add(e.handoverId);
      const state = await d.recipients.versionState(e.handoverId);
      if (state?.currentVersion === undefined) continue;
      const record = (await d.handovers.findVersion(e.handoverId, state.currentVersion))!;
      const doc = record.payload as unknown as Handover;
      const { withheld } = coordinatingDepartmentView(doc, await d.recipients.consentChanges(e.handoverId));
      for (const dl of deadlinesFor(doc, withheld)) {
        const daysLeft = daysBetween(today, dl.date);
        if (daysLeft <= within) out.push({ ...dl, handoverId: e.handoverId, overdue: daysLeft < 0, daysLeft });
      }
    }
    if (page.length < 200) break;
  }
  out.sort((a, b) => a.date.localeCompare(b.date) || a.handoverId.localeCompare(b.handoverId) || a.personRef.localeCompare(b.personRef));
  await audit({ action: 'deadlines.list', outcome: 'ok', section: `items:${out.length}` });
  return { municipalityCode, today, withinDays: within, deadlines: out };
}

export async function recordConsentChange(d: RecipientDeps, caller: Caller, handoverId: string, body: Record<string, unknown>, audit: AuditFn) {
  const { record } = await readableVersion(d, caller, handoverId);
  const doc = record.payload as unknown as Handover;
  const errors: FieldError[] = [];
  if (typeof body.personRef !== 'string' || !doc.persons.some((p) => p.personRef === body.personRef)) errors.push({ pointer: '/personRef', keyword: 'knownPersonRef', message: 'must be a person in this handover' });
  if (typeof body.audience !== 'string' || !(AUDIENCES as readonly string[]).includes(body.audience)) errors.push({ pointer: '/audience', keyword: 'enum', message: `must be one of: ${AUDIENCES.join(', ')}` });
  if (body.scope !== 'social' && body.scope !== 'health') errors.push({ pointer: '/scope', keyword: 'enum', message: 'must be social or health' });
  if (body.action !== 'granted' && body.action !== 'withdrawn') errors.push({ pointer: '/action', keyword: 'enum', message: 'must be granted or withdrawn' });
  if (typeof body.obtainedHow !== 'string' || body.obtainedHow.length < 1 || body.obtainedHow.length > 200) errors.push({ pointer: '/obtainedHow', keyword: 'required', message: 'say how it was obtained (1-200 characters)' });
  const effectiveAt = typeof body.effectiveAt === 'string' ? new Date(body.effectiveAt) : d.clock();
  if (Number.isNaN(effectiveAt.getTime()) || effectiveAt > d.clock()) errors.push({ pointer: '/effectiveAt', keyword: 'format', message: 'must be a date-time, not in the future' });
  if (errors.length > 0) throw new AppError(422, 'validation-failed', 'The consent change is invalid', { detail: 'see errors', errors });
  const change: ConsentChange = {
    handoverId,
    personRef: body.personRef as string,
    audience: body.audience as Audience,
    scope: body.scope as 'social' | 'health',
    action: body.action as 'granted' | 'withdrawn',
    effectiveAt,
    recordedAt: d.clock(),
    recordedBy: caller.organisationId,
    obtainedHow: body.obtainedHow as string,
  };
  await d.recipients.addConsentChange(change);
  await audit({ action: 'consent.change', handoverId, personRef: change.personRef, section: `${change.audience}:${change.scope}:${change.action}`, outcome: 'ok' });
  return { ...change, effectiveAt: change.effectiveAt.toISOString(), recordedAt: change.recordedAt.toISOString() };
}
