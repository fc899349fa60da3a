/** The municipalities' feed pages: entries read bucket by bucket up to where the feed has settled, and what happened later to the versions of a page. */
import type { ConsentChange } from '../domain/consent.js';
import type { FeedSummary } from '../domain/recipient-views.js';
import { BUCKET_SIZE } from './dense-sequence.js';
import { feedBucketOf, type FeedEntryRecord, type FeedLog } from './feed-log.js';
import type { Models } from './models.js';
import type { FeedEntry, FeedPageFacts, FeedQuery } from '../services/ports/recipients.js';

function toFeedEntry(e: FeedEntryRecord): FeedEntry {
  return {
    kind: e.kind === 'v' ? 'version' : 'withdrawal',
    seq: e.seq,
    handoverId: e.handoverId,
    version: e.version,
    ...(e.retired
      ? { retired: true }
      : e.kind === 'v'
      ? {
          facts: {
            handoverId: e.handoverId,
            version: e.version,
            receivedAt: e.receivedAt!,
            senderOrganisationId: e.senderOrganisationId!,
            completenessScore: e.completenessScore!,
            expectedArrivalDate: e.expectedArrivalDate!,
            urgentFlagCount: e.urgentFlagCount!,
            feedSummary: e.feedSummary!,
          },
        }
      : {}),
  };
}

export function feedPageRepository(models: Models, feed: FeedLog) {
  const { Withdrawal, SupersededMarker, Acknowledgement, ConsentChange: Consent } = models;
  return {
    /**
     * One page of a municipality's feed after `afterSeq`: committed entries in order, orphans
     * passed over, and the page cut before an entry whose version may still be being written.
     * Read bucket by bucket; a bucket found complete and settled is sealed on the way, so the
     * next reader gets it as one document. `scannedTo` is where the next page starts.
     */
    async feedPage(q: FeedQuery): Promise<{ entries: FeedEntry[]; scannedTo: number }> {
      const entries: FeedEntry[] = [];
      let scannedTo = q.afterSeq;
      for (let bucket = Math.floor((q.afterSeq + 1) / BUCKET_SIZE); ; bucket++) {
        const { written, settledTo, last } = await feed.settle(q.municipalityCode, bucket, q.settledBefore);
        for (const e of written) {
          if (e.seq <= scannedTo) continue;
          if (entries.length >= q.limit) return { entries, scannedTo };
          entries.push(toFeedEntry(e));
          scannedTo = e.seq;
        }
        // Orphans after the last shown entry are passed over too.
        scannedTo = Math.max(scannedTo, settledTo);
        if (settledTo < last || entries.length >= q.limit) return { entries, scannedTo };
      }
    },
    /**
     * The written feed entries with these numbers, up to where the feed has settled (read by their
     * buckets: a sealed bucket is one document). A number missing from the answer is an orphan or
     * not settled yet.
     */
    async feedEntriesAt(municipalityCode: string, seqs: readonly number[], settledBefore: Date): Promise<Map<number, FeedEntry>> {
      const wanted = new Set(seqs);
      const out = new Map<number, FeedEntry>();
      await Promise.all(
        [...new Set(seqs.map((n) => Math.floor(n / BUCKET_SIZE)))].map(async (bucket) => {
          const { written } = await feed.settle(municipalityCode, bucket, settledBefore);
          for (const e of written) if (wanted.has(e.seq)) out.set(e.seq, toFeedEntry(e));
        }),
      );
      return out;
    },
    /**
     * Later facts about the versions behind these feed entries of one municipality, read by the
     * buckets of the entries (a fixed number of equality queries per bucket, not per entry).
     */
    async feedPageFacts(municipalityCode: string, versionEntrySeqs: readonly number[]): Promise<FeedPageFacts> {
      const buckets = [...new Set(versionEntrySeqs.map((n) => feedBucketOf(municipalityCode, n)))];
      const facts: FeedPageFacts = { superseded: new Set(), withdrawn: new Set(), acknowledged: new Map(), consentChanges: new Map() };
      await Promise.all(
        buckets.map(async (bucket) => {
          const [markers, withdrawals, acks, changes] = await Promise.all([
            SupersededMarker.find({ bucket }, { _id: 1 }).lean<{ _id: string }[]>(),
            Withdrawal.find({ subjectBucket: bucket }, { _id: 1 }).lean<{ _id: string }[]>(),
            Acknowledgement.find({ bucket }, { _id: 1, at: 1 }).lean<{ _id: string; at: Date }[]>(),
            Consent.find({ buckets: bucket }).lean<(ConsentChange & { _id: unknown; buckets?: string[] })[]>(),
          ]);
          for (const m of markers) facts.superseded.add(m._id);
          for (const w of withdrawals) facts.withdrawn.add(w._id);
          for (const a of acks) facts.acknowledged.set(a._id, a.at);
          for (const c of changes) {
            const { _id, buckets: _b, ...change } = c;
            const list = facts.consentChanges.get(c.handoverId) ?? [];
            // One change may be tagged with several buckets of the page: keep it once.
            if (!list.some((x) => x.recordedAt.getTime() === change.recordedAt.getTime() && x.personRef === change.personRef && x.audience === change.audience && x.scope === change.scope)) list.push(change as ConsentChange);
            facts.consentChanges.set(c.handoverId, list);
          }
        }),
      );
      for (const list of facts.consentChanges.values()) list.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
      return facts;
    },
  };
}
