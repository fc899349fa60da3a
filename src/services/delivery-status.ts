/**
 * Where a handover stands, for its sender (and the municipality): per version submitted, first
 * retrieved (when, by whom), acknowledged, superseded or withdrawn; and the sender's own list,
 * filterable by that status.
 */
import type { Caller } from '../domain/organisations.js';
import { invalidRequest, type FieldError } from '../errors.js';
import type { AuditFn } from './audit.js';
import { pageOf, readPageRequest } from '../domain/pagination.js';
import { acknowledgementOutcome } from './acknowledge-handover.js';
import { readableVersion, versionStatus, type RecipientDeps } from './recipient-access.js';
import type { Organisations } from './ports/organisations.js';

/** Exactly what the delivery status uses (organisations: to name who retrieved and acknowledged, not only by id). */
type StatusDeps = Pick<RecipientDeps, 'handovers' | 'recipients'> & { organisations: Pick<Organisations, 'findOrganisation'> };

/** Organisation names, each read once per request. */
function organisationNames(d: StatusDeps): (id: string) => Promise<string> {
  const names = new Map<string, Promise<string>>();
  return (id) => {
    let name = names.get(id);
    if (!name) {
      name = d.organisations.findOrganisation(id).then((o) => o?.name ?? id);
      names.set(id, name);
    }
    return name;
  };
}

/** `refused`: the municipality answered the current version with outcome error or fatal (see its reason). */
export const DELIVERY_STATUSES = ['submitted', 'retrieved', 'acknowledged', 'refused', 'withdrawn'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

async function statusOf(d: StatusDeps, handoverId: string, state: { currentVersion?: number; withdrawn: Set<number>; latestVersion: number }, nameOf = organisationNames(d)) {
  const all = Array.from({ length: state.latestVersion }, (_, i) => i + 1);
  // Every read of this handover at once: retrievals, acknowledgements and each version's metadata.
  const newestFirst = [...all].reverse();
  const [retrievals, acks, metas, transfers] = await Promise.all([
    d.recipients.retrievals(handoverId, all),
    d.recipients.acknowledgements(handoverId, all),
    Promise.all(newestFirst.map((v) => d.handovers.findVersionMeta(handoverId, v))),
    d.recipients.transfersOf(handoverId),
  ]);
  const names = new Map(await Promise.all([...new Set([...retrievals.map((r) => r.organisationId), ...acks.map((a) => a.organisationId)])].map(async (id) => [id, await nameOf(id)] as const)));
  const versions = [];
  let municipalityCode = '';
  for (const [i, v] of newestFirst.entries()) {
    const stored = metas[i];
    if (!stored) continue;
    // Who holds it now: the recipient of the current version (re-addressing moves it, 1.1).
    if (v === (state.currentVersion ?? state.latestVersion)) municipalityCode = stored.municipalityCode;
    const retrieval = retrievals.find((r) => r.version === v);
    const ack = acks.find((a) => a.version === v);
    versions.push({
      version: v,
      status: versionStatus(v, state),
      municipalityCode: stored.municipalityCode,
      submittedAt: stored.receivedAt.toISOString(),
      receiptId: stored.receipt.receiptId,
      firstRetrieved: retrieval ? { at: retrieval.at.toISOString(), by: retrieval.organisationId, byName: names.get(retrieval.organisationId)!, ...(retrieval.person ? { person: retrieval.person } : {}) } : null,
      acknowledged: ack ? { at: ack.at.toISOString(), by: ack.organisationId, byName: names.get(ack.organisationId)!, ...(ack.personId ? { person: { id: ack.personId, name: ack.personName ?? '' } } : {}), ...(ack.caseworker ? { caseworker: ack.caseworker } : {}), receiptId: ack.receipt.receiptId, ...acknowledgementOutcome(ack) } : null,
    });
  }
  const current = versions.find((v) => v.status === 'current');
  const status: DeliveryStatus = !current ? 'withdrawn' : current.acknowledged ? (current.acknowledged.outcome === 'ok' ? 'acknowledged' : 'refused') : current.firstRetrieved ? 'retrieved' : 'submitted';
  // Persons who moved after integration responsibility started are held by the municipality their record was handed on to.
  const handedOn = transfers.map((t) => ({ transferId: t.transferId, personRefs: t.personRefs, fromMunicipalityCode: t.fromMunicipalityCode, toMunicipalityCode: t.toMunicipalityCode, movedOn: t.movedOn, transferredAt: t.transferredAt.toISOString() }));
  // Who it is about, by name (the current version's, or the newest's when every version is withdrawn).
  const shown = metas[newestFirst.indexOf(state.currentVersion ?? state.latestVersion)];
  const household = shown?.feedSummary?.persons.map((p) => p.name) ?? [];
  return { handoverId, status, currentVersion: state.currentVersion ?? null, municipalityCode, household, versions, transfers: handedOn };
}

/** GET /v1/handovers/:id/status: per version, when it was submitted, first retrieved and acknowledged, and by whom; for the sender and the addressed municipality. */
export async function handoverStatus(d: StatusDeps, caller: Caller, handoverId: string, audit: AuditFn) {
  const { state } = await readableVersion(d, caller, handoverId);
  // The event written while the status is read (one round trip, not two); both before the answer.
  const [, status] = await Promise.all([audit({ action: 'handover.status', handoverId, outcome: 'ok' }), statusOf(d, handoverId, state)]);
  return status;
}

/** How many of its handovers one request looks at most when a status filter passes over many. */
const SENDER_LIST_SCAN_BUDGET = 500;

/** GET /v1/handovers for a sender: its handovers in a stable order, optionally only those in one status; those deleted under their retention rule are left out. */
export async function listSenderHandovers(d: StatusDeps, caller: Caller, q: { status?: string; after?: string; limit?: string }, audit: AuditFn) {
  const errors: FieldError[] = [];
  const { limit, afterPosition } = readPageRequest('sender-handovers', q, errors);
  if (errors.length > 0) throw invalidRequest(errors);
  const items: Awaited<ReturnType<typeof statusOf>>[] = [];
  const nameOf = organisationNames(d);
  let position = afterPosition;
  let end = false;
  // A status filter can pass over many: read on until the page is full, the list ends, or the
  // scan budget is spent (then `next` lets the client go on from there).
  for (let scanned = 0; items.length < limit && scanned < SENDER_LIST_SCAN_BUDGET && !end; ) {
    const page = await d.handovers.senderList(caller.organisationId, position, Math.min(limit, 100));
    scanned += page.entries.length;
    // The statuses of the page's handovers are read side by side, not one handover after another
    // (without a filter, only as many as the page still needs; the rest is read from `position` on).
    const wanted = q.status ? page.entries : page.entries.slice(0, limit - items.length);
    end = page.end && wanted.length === page.entries.length;
    // A handover deleted under its retention rule has no state (as if never stored): it leaves the list.
    const statuses = await Promise.all(
      wanted.map(async (e) => {
        const state = e.valid ? await d.recipients.versionState(e.handoverId) : undefined;
        return state ? statusOf(d, e.handoverId, state, nameOf) : undefined;
      }),
    );
    for (const [i, e] of wanted.entries()) {
      if (items.length >= limit) break;
      position = e.seq;
      const s = statuses[i];
      if (!s || (q.status && s.status !== q.status)) continue;
      items.push(s);
    }
  }
  await audit({ action: 'handover.list', outcome: 'ok', section: `items:${items.length}` });
  return pageOf('sender-handovers', items, position, end && items.length < limit);
}
