/**
 * The municipalities' feeds as dense sequences of small entries (see dense-sequence.ts and the
 * feed_entries model): taking an entry, marking it committed, and reading a run of entries.
 */
import type { FeedSummary } from '../domain/recipient-views.js';
import { bucketOf, bucketsBetween, denseSequence } from './dense-sequence.js';
import { isDuplicateKey, type Models } from './models.js';

export interface FeedEntryRecord {
  municipalityCode: string;
  seq: number;
  kind: 'v' | 'w';
  handoverId: string;
  version: number;
  storedAt: Date;
  committed: boolean;
  receivedAt?: Date;
  senderOrganisationId?: string;
  completenessScore?: number;
  expectedArrivalDate?: string;
  urgentFlagCount?: number;
  feedSummary?: FeedSummary;
}

export type NewFeedEntry = Omit<FeedEntryRecord, 'seq' | 'committed'>;

const entryId = (municipalityCode: string, seq: number) => `${String(municipalityCode)}:${Number(seq)}`;

/** The feed bucket of entry `seq` of a municipality: what the facts about that entry's version are tagged with. */
export const feedBucketOf = (municipalityCode: string, seq: number) => bucketOf(String(municipalityCode), seq);

export function feedLog(models: Models) {
  const { FeedEntry } = models;
  const sequence = denseSequence(async (scope, n) => Boolean(await FeedEntry.exists({ _id: entryId(scope, n) })));

  return {
    /** Takes the next entry of the municipality's feed (not yet committed); returns its number. */
    async append(entry: NewFeedEntry): Promise<number> {
      return sequence.append(entry.municipalityCode, async (seq) => {
        try {
          await FeedEntry.create({ _id: entryId(entry.municipalityCode, seq), ...entry, seq, bucket: feedBucketOf(entry.municipalityCode, seq), committed: false });
          return true;
        } catch (err) {
          if (isDuplicateKey(err)) return false;
          throw err;
        }
      });
    },
    /** Marks an entry's version (or withdrawal) as written; only the entry's own writer does this. */
    async commit(municipalityCode: string, seq: number): Promise<void> {
      await FeedEntry.updateOne({ _id: entryId(municipalityCode, seq) }, { $set: { committed: true } });
    },
    /**
     * Entries after `afterSeq`, at most `count`, without gaps: read bucket by bucket (one
     * equality query each) and cut at the first number not (yet) stored.
     */
    async readRun(municipalityCode: string, afterSeq: number, count: number): Promise<FeedEntryRecord[]> {
      const from = afterSeq + 1;
      const to = afterSeq + count;
      const pages = await Promise.all(
        bucketsBetween(String(municipalityCode), from, to).map((bucket) => FeedEntry.find({ bucket }, { _id: 0, bucket: 0 }).lean<FeedEntryRecord[]>()),
      );
      const bySeq = new Map(pages.flat().map((e) => [e.seq, e]));
      const run: FeedEntryRecord[] = [];
      for (let n = from; n <= to && bySeq.has(n); n++) run.push(bySeq.get(n)!);
      return run;
    },
  };
}

export type FeedLog = ReturnType<typeof feedLog>;
