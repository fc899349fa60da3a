/**
 * GET /v1/municipalities/:code/handovers: the municipality's feed, one entry per received version
 * and per withdrawal, in the order stored, paged by the one pagination contract.
 */
import { formatIsoDate } from '../domain/dates.js';
import { pageOf, readPageRequest } from '../domain/pagination.js';
import type { Caller } from '../domain/organisations.js';
import { feedView } from '../domain/recipient-views.js';
import { invalidRequest, type FieldError } from '../errors.js';
import type { AuditFn } from './audit.js';
import { holderOf, versionStatus, type RecipientDeps } from './recipient-access.js';
import { scanFeed } from './feed-scan.js';
import { requireOwnMunicipality } from './own-organisation.js';
import type { FeedEntry } from './ports/recipients.js';

/** Exactly what the feed uses. */
type FeedDeps = Pick<RecipientDeps, 'clock' | 'feedSettleMs' | 'handovers' | 'recipients'>;

/** How many feed entries one request reads at most when filters leave most of them out: a page is bounded work. */
const FEED_SCAN_BUDGET = 1000;

export interface FeedParams {
  after?: string;
  limit?: string;
  unacknowledged?: string;
  arrivingFrom?: string;
  arrivingTo?: string;
  urgent?: string;
}


/**
 * The feed page after `params.after`: entries in the order stored, never one whose version is still
 * being written (younger than the settle time), filters applied to what was read (at most
 * FEED_SCAN_BUDGET entries per request). Promises no skip and no repeat across pages and instances.
 */
export async function listFeed(d: FeedDeps, caller: Caller, code: string, params: FeedParams, audit: AuditFn) {
  const municipalityCode = requireOwnMunicipality(caller, code);
  const errors: FieldError[] = [];
  const { limit, afterPosition: start } = readPageRequest('feed', params, errors);
  if (errors.length > 0) throw invalidRequest(errors);
  let position = start;
  // The end of the feed is reached when the scan runs out, not when this page stops it.
  let reachedEnd = true;
  const today = formatIsoDate(d.clock());
  const filtered = Boolean(params.arrivingFrom || params.arrivingTo || params.urgent === 'true' || params.unacknowledged === 'true');
  const items: FeedItem[] = [];
  // Filters are applied to the entries read, so keep reading until the page is full, the feed
  // ends or the scan budget is spent (then `next` lets the client go on from there).
  let scanned = 0;
  for await (const { entries, from: pageFrom, scannedTo } of scanFeed(d, municipalityCode, position, () => limit)) {
    scanned += scannedTo - pageFrom;
    const shown = entries.filter((e) => {
      // Filters on arrival and urgency describe handovers, so withdrawals only show unfiltered.
      if (!filtered) return true;
      if (e.retired) return false;
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
    if (cut) {
      reachedEnd = false;
      break;
    }
    position = scannedTo;
    if (items.length >= limit || scanned >= FEED_SCAN_BUDGET) {
      reachedEnd = false;
      break;
    }
  }
  await audit({ action: 'feed.list', outcome: 'ok', section: `items:${items.length}` });
  return pageOf('feed', items, position, reachedEnd);
}

type FeedItem = Awaited<ReturnType<typeof feedItems>>[number];

/** A feed entry of a handover re-addressed away: its place in the feed, nothing about the persons. */
function readdressedItem(e: FeedEntry, facts: { receivedAt: Date; senderOrganisationId: string; completenessScore: number }) {
  return {
    event: e.kind === 'version' ? ('version-received' as const) : ('version-withdrawn' as const),
    handoverId: e.handoverId,
    version: e.version,
    status: 'readdressed' as const,
    receivedAt: facts.receivedAt.toISOString(),
    sender: facts.senderOrganisationId,
    persons: [],
    expectedArrival: null,
    integrationResponsibilityFrom: null,
    urgentFlags: [],
    completenessScore: facts.completenessScore,
    deadlines: [],
  };
}

/** A feed entry of a handover deleted under its retention rule: its place in the feed, nothing else (GET /v1/retention/tombstones/:id has the rest). */
function deletedItem(e: FeedEntry) {
  return { event: e.kind === 'version' ? ('version-received' as const) : ('version-withdrawn' as const), handoverId: e.handoverId, version: e.version, status: 'deleted' as const, acknowledged: null, persons: [], expectedArrival: null, integrationResponsibilityFrom: null, urgentFlags: [], deadlines: [] };
}

/**
 * The items of one feed page, with a fixed number of database round trips per page (not per
 * item): the version facts come with the entries; what happened to the versions since
 * (superseded, withdrawn, acknowledged, consent changed) is read by the entries' buckets.
 * Only handovers with more than one version, and withdrawal entries, need a look of their own.
 */
async function feedItems(d: FeedDeps, municipalityCode: string, entries: readonly FeedEntry[], today: string) {
  const keyOf = (e: FeedEntry) => `${e.handoverId}:${e.version}`;
  const live = entries.filter((e) => !e.retired);
  const facts = await d.recipients.feedPageFacts(
    municipalityCode,
    live.filter((e) => e.kind === 'version').map((e) => e.seq),
  );
  // A later version may itself be withdrawn, and a withdrawal's version entry may be on another page: these read their handover's state.
  // So does a later version: consent changes recorded before it was stored are tagged with its earlier versions' buckets only.
  const ownLook = [...new Set(live.filter((e) => e.kind === 'withdrawal' || e.version > 1 || facts.superseded.has(keyOf(e))).map((e) => e.handoverId))];
  const looked = new Map(
    await Promise.all(
      ownLook.map(async (id) => {
        const [state, changes] = await Promise.all([d.recipients.versionState(id), d.recipients.consentChanges(id)]);
        return [id, { state: state!, changes, holder: await holderOf(d, id, state!) }] as const;
      }),
    ),
  );
  const withdrawalFacts = new Map(
    await Promise.all(
      live
        .filter((e) => e.kind === 'withdrawal')
        .map(async (e) => [keyOf(e), { ack: await d.recipients.acknowledgement(e.handoverId, e.version), meta: await d.handovers.findVersionMeta(e.handoverId, e.version) }] as const),
    ),
  );
  return entries.map((e) => {
    if (e.retired) return deletedItem(e);
    const key = keyOf(e);
    const own = looked.get(e.handoverId);
    const withdrawal = withdrawalFacts.get(key);
    const versionFacts = e.facts ?? withdrawal!.meta!;
    const summary = e.facts?.feedSummary ?? withdrawal!.meta!.feedSummary!;
    const view = feedView(summary, own?.changes ?? facts.consentChanges.get(e.handoverId) ?? [], today);
    const ack = e.kind === 'withdrawal' ? withdrawal!.ack?.at : facts.acknowledged.get(key);
    if (own && own.holder !== municipalityCode) {
      // Re-addressed to another municipality (1.1): this one's access ended there, so the entry
      // says only that, with no person in it.
      return { ...readdressedItem(e, versionFacts), acknowledged: ack ? ack.toISOString() : null, readdressedTo: own.holder ?? null };
    }
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

