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
import { pageOf, readPageRequest } from '../domain/pagination.js';
import type { Caller } from '../domain/organisations.js';
import { coordinatingDepartmentView, deadlinesFor, feedView, healthWithheld, redactDeadlines } from '../domain/recipient-views.js';
import { forbidden, invalidRequest, notFound, validationFailed, type FieldError } from '../errors.js';
import type { ServiceSigner } from '../signing/service-signer.js';
import type { AttachmentStore } from '../storage/attachment-store.js';
import type { HandoverRepository } from '../storage/handover.repository.js';
import type { FeedEntry, RecipientRepository } from '../storage/recipient.repository.js';
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
export const invalid = invalidRequest;

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

/** How many feed entries one request reads at most when filters leave most of them out: a page is bounded work. */
const FEED_SCAN_BUDGET = 1000;

/** Loads a version the caller may read: the addressed municipality or the sending organisation. */
export async function readableVersion(d: RecipientDeps, caller: Caller, handoverId: string, version?: number): Promise<{ record: HandoverVersionRecord; state: { currentVersion?: number; withdrawn: Set<number>; latestVersion: number } }> {
  // Access is decided by the first query, with the lookup itself: unknown and not-yours cost the same.
  const party = caller.role === 'municipality' && caller.municipalityCode ? { municipalityCode: caller.municipalityCode } : caller.role === 'sender' ? { senderOrganisationId: caller.organisationId } : undefined;
  if (!party || !(await d.handovers.isAccessibleTo(handoverId, party))) throw unknownHandover();
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
  const { limit, afterPosition: start } = readPageRequest('feed', params, errors);
  for (const [name, value] of [['arrivingFrom', params.arrivingFrom], ['arrivingTo', params.arrivingTo]] as const) {
    if (value !== undefined && !ISO_DATE.test(value)) errors.push({ pointer: `/query/${name}`, keyword: 'format', message: 'must be a date YYYY-MM-DD' });
  }
  for (const [name, value] of [['unacknowledged', params.unacknowledged], ['urgent', params.urgent]] as const) {
    if (value !== undefined && value !== 'true' && value !== 'false') errors.push({ pointer: `/query/${name}`, keyword: 'enum', message: 'must be true or false' });
  }
  if (errors.length > 0) throw invalid(errors);
  let position = start;
  let reachedEnd = false;
  const settledBefore = new Date(d.clock().getTime() - d.feedSettleMs);
  const today = formatIsoDate(d.clock());
  const filtered = Boolean(params.arrivingFrom || params.arrivingTo || params.urgent === 'true' || params.unacknowledged === 'true');
  const items: FeedItem[] = [];
  // Filters are applied to the entries read, so keep reading until the page is full, the feed
  // ends or the scan budget is spent (then `next` lets the client go on from there).
  for (let scanned = 0; items.length < limit && scanned < FEED_SCAN_BUDGET; ) {
    const { entries, scannedTo } = await d.recipients.feedPage({ municipalityCode, afterSeq: position, settledBefore, limit });
    if (scannedTo === position) {
      // Nothing (settled) after this position yet: the end of the feed as it stands.
      reachedEnd = true;
      break;
    }
    scanned += scannedTo - position;
    const shown = entries.filter((e) => {
      // Filters on arrival and urgency describe handovers, so withdrawals only show unfiltered.
      if (!filtered) return true;
      if (e.kind === 'withdrawal') return params.unacknowledged === 'true' && !params.arrivingFrom && !params.arrivingTo && params.urgent !== 'true';
      const f = e.facts!;
      return (!params.arrivingFrom || f.expectedArrivalDate >= params.arrivingFrom) && (!params.arrivingTo || f.expectedArrivalDate <= params.arrivingTo) && (params.urgent !== 'true' || f.urgentFlagCount > 0);
    });
    const page = await feedItems(d, municipalityCode, shown, today);
    let cut = false;
    for (const [i, e] of shown.entries()) {
      if (params.unacknowledged === 'true' && page[i]!.acknowledged !== null) continue;
      if (items.length >= limit) {
        // The page is full: the next one starts just before this entry.
        position = e.seq - 1;
        cut = true;
        break;
      }
      items.push(page[i]!);
    }
    if (cut) break;
    position = scannedTo;
  }
  await audit({ action: 'feed.list', outcome: 'ok', section: `items:${items.length}` });
  return pageOf('feed', items, position, reachedEnd);
}

type FeedItem = Awaited<ReturnType<typeof feedItems>>[number];

/**
 * The items of one feed page, with a fixed number of database round trips per page (not per
 * item): the version facts come with the entries; what happened to the versions since
 * (superseded, withdrawn, acknowledged, consent changed) is read by the entries' buckets.
 * Only handovers with more than one version, and withdrawal entries, need a look of their own.
 */
async function feedItems(d: RecipientDeps, municipalityCode: string, entries: readonly FeedEntry[], today: string) {
  const keyOf = (e: FeedEntry) => `${e.handoverId}:${e.version}`;
  const facts = await d.recipients.feedPageFacts(
    municipalityCode,
    entries.filter((e) => e.kind === 'version').map((e) => e.seq),
  );
  // A later version may itself be withdrawn, and a withdrawal's version entry may be on another page: these read their handover's state.
  const ownLook = [...new Set(entries.filter((e) => e.kind === 'withdrawal' || facts.superseded.has(keyOf(e))).map((e) => e.handoverId))];
  const looked = new Map(
    await Promise.all(
      ownLook.map(async (id) => {
        const [state, changes] = await Promise.all([d.recipients.versionState(id), d.recipients.consentChanges(id)]);
        return [id, { state: state!, changes }] as const;
      }),
    ),
  );
  const withdrawalFacts = new Map(
    await Promise.all(
      entries
        .filter((e) => e.kind === 'withdrawal')
        .map(async (e) => [keyOf(e), { ack: await d.recipients.acknowledgement(e.handoverId, e.version), meta: await d.handovers.findVersionMeta(e.handoverId, e.version) }] as const),
    ),
  );
  return entries.map((e) => {
    const key = keyOf(e);
    const own = looked.get(e.handoverId);
    const withdrawal = withdrawalFacts.get(key);
    const versionFacts = e.facts ?? withdrawal!.meta!;
    const summary = e.facts?.feedSummary ?? withdrawal!.meta!.feedSummary!;
    const view = feedView(summary, own?.changes ?? facts.consentChanges.get(e.handoverId) ?? [], today);
    const ack = e.kind === 'withdrawal' ? withdrawal!.ack?.at : facts.acknowledged.get(key);
    return {
      event: e.kind === 'version' ? 'version-received' : 'version-withdrawn',
      handoverId: e.handoverId,
      version: e.version,
      status: own ? versionStatus(e.version, own.state) : facts.withdrawn.has(key) ? 'withdrawn' : 'current',
      acknowledged: ack ? ack.toISOString() : null,
      receivedAt: versionFacts.receivedAt.toISOString(),
      sender: versionFacts.senderOrganisationId,
      persons: view.persons,
      expectedArrival: view.expectedArrival,
      integrationResponsibilityFrom: view.integrationResponsibilityFrom,
      urgentFlags: view.urgentFlags,
      completenessScore: versionFacts.completenessScore,
      deadlines: view.deadlines,
    };
  });
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
  const [changes] = await Promise.all([
    d.recipients.consentChanges(handoverId),
    caller.role === 'municipality' ? d.recipients.recordRetrieval(handoverId, record.version, caller.organisationId, d.clock()) : undefined,
  ]);
  const view = caller.role === 'municipality' ? coordinatingDepartmentView(doc, changes) : { document: doc, withheld: [] as string[] };
  // One event per person: whose data was read, and whether health was shown or withheld (the log keeps them in this order).
  await Promise.all(
    doc.persons.map((p) => audit({ action: 'handover.read', handoverId, version: record.version, personRef: p.personRef, section: view.withheld.includes(p.personRef) ? 'social;health:withheld' : 'social;health', outcome: 'ok' })),
  );
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
  if (errors.length > 0) throw validationFailed(errors);
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
    versionFeedSeq: record.feedSeq!,
  });
  await audit({ action: 'acknowledgement.create', handoverId, version: record.version, outcome: result.created ? 'ok' : 'ok:already-acknowledged' });
  const a = result.acknowledgement;
  return { created: result.created, body: { receipt: a.receipt.jws, receiptId: a.receipt.receiptId, handoverId, version: a.version, acknowledgedAt: a.at.toISOString() } };
}

/** How far back the deadline list shows deadlines that have passed: the integration period. */
const OVERDUE_LOOKBACK_MONTHS = 36;

/** The calendar months from `months` before today's to the one `days` after today, as "YYYY-MM". */
function monthsOfWindow(today: string, monthsBack: number, daysAhead: number): string[] {
  const start = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - monthsBack);
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + daysAhead);
  const out: string[] = [];
  for (const m = start; m <= end; m.setUTCMonth(m.getUTCMonth() + 1)) out.push(m.toISOString().slice(0, 7));
  return out;
}

/**
 * The municipality's deadlines due within the window (and those passed in the last three years),
 * read by month from the deadline index; only current versions count, health details withheld
 * where consent is missing.
 */
export async function municipalityDeadlines(d: RecipientDeps, caller: Caller, code: string, withinParam: string | undefined, audit: AuditFn) {
  const municipalityCode = requireOwnMunicipality(caller, code);
  const m = /^(\d{1,3})d$/.exec(withinParam ?? '30d');
  if (!m) throw invalid([{ pointer: '/query/within', keyword: 'pattern', message: 'must be a number of days like 30d (at most 999d)' }]);
  const within = Number(m[1]);
  const today = formatIsoDate(d.clock());
  const months = monthsOfWindow(today, OVERDUE_LOOKBACK_MONTHS, within).map((month) => `${municipalityCode}:${month}`);
  const rows = (await d.handovers.deadlinesInMonths(months)).filter((r) => daysBetween(today, r.deadline.date) <= within);
  const handoverIds = [...new Set(rows.map((r) => r.handoverId))];
  // Per handover in the window: which version is current, and whose health is withheld from the coordinating department.
  const current = new Map(
    await Promise.all(
      handoverIds.map(async (id) => {
        const state = await d.recipients.versionState(id);
        if (state?.currentVersion === undefined) return [id, undefined] as const;
        const [meta, changes] = await Promise.all([d.handovers.findVersionMeta(id, state.currentVersion), d.recipients.consentChanges(id)]);
        if (!meta?.feedSummary || meta.municipalityCode !== municipalityCode) return [id, undefined] as const;
        const withheld = healthWithheld(meta.feedSummary.consents, changes, meta.feedSummary.persons.map((p) => p.personRef));
        return [id, { version: state.currentVersion, withheld }] as const;
      }),
    ),
  );
  const out: (Deadline & { handoverId: string; overdue: boolean; daysLeft: number })[] = [];
  for (const r of rows) {
    const c = current.get(r.handoverId);
    if (!c || c.version !== r.version) continue;
    const [dl] = redactDeadlines([r.deadline], c.withheld);
    const daysLeft = daysBetween(today, dl!.date);
    out.push({ ...dl!, handoverId: r.handoverId, overdue: daysLeft < 0, daysLeft });
  }
  out.sort((a, b) => a.date.localeCompare(b.date) || a.handoverId.localeCompare(b.handoverId) || a.personRef.localeCompare(b.personRef) || a.kind.localeCompare(b.kind));
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
  if (errors.length > 0) throw validationFailed(errors);
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
  await d.recipients.addConsentChange(change, await d.handovers.listVersions(handoverId));
  await audit({ action: 'consent.change', handoverId, personRef: change.personRef, section: `${change.audience}:${change.scope}:${change.action}`, outcome: 'ok' });
  return { ...change, effectiveAt: change.effectiveAt.toISOString(), recordedAt: change.recordedAt.toISOString() };
}
