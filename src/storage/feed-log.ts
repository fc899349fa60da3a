/**
 * The municipalities' feeds as dense sequences of small entries (see dense-sequence.ts and the
 * feed_entries model): taking an entry, marking it committed, reading a bucket of entries, and
 * sealing a bucket once every entry in it is settled.
 *
 * Costs on FerretDB are per document decoded (about 0.15 ms each, three times that for nested
 * objects), so an entry keeps the feed's summary as one JSON string, and a settled bucket is
 * sealed into a single document (feed_buckets, read by _id): a page of 100 entries is then one
 * document instead of a hundred. Entries never change once committed (what happens to their
 * versions later is kept apart, tagged with the bucket), so a sealed bucket stays true; the one
 * exception is a handover deleted under its retention rule, whose entries (sealed or not) are
 * scrubbed of what they said about the persons.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FeedSummary } from '../domain/recipient-views.js';
import { BUCKET_SIZE, bucketOf, denseSequence } from './dense-sequence.js';
import { isDuplicateKey, type Models } from './models.js';

export interface FeedEntryRecord {
  municipalityCode: string;
  seq: number;
  kind: 'v' | 'w';
  handoverId: string;
  version: number;
  storedAt: Date;
  /** Shown: its version (or withdrawal) was written under it (decided in feed_decisions; see commit). */
  committed: boolean;
  receivedAt?: Date;
  senderOrganisationId?: string;
  completenessScore?: number;
  expectedArrivalDate?: string;
  urgentFlagCount?: number;
  feedSummary?: FeedSummary;
  /** The handover was deleted under its retention rule: the entry keeps its place in the feed, nothing about the persons. */
  retired?: boolean;
}

export type NewFeedEntry = Omit<FeedEntryRecord, 'seq' | 'committed'>;

type Outcome = 'committed' | 'voided';

const entryId = (municipalityCode: string, seq: number) => `${String(municipalityCode)}:${Number(seq)}`;

/** The feed bucket of entry `seq` of a municipality: what the facts about that entry's version are tagged with. */
export const feedBucketOf = (municipalityCode: string, seq: number) => bucketOf(String(municipalityCode), seq);

/** The numbers a bucket holds (bucket 0 starts at 1: numbers start at 1). */
export function bucketRange(bucket: number): { first: number; last: number } {
  return { first: Math.max(1, bucket * BUCKET_SIZE), last: bucket * BUCKET_SIZE + BUCKET_SIZE - 1 };
}

type StoredEntry = Omit<FeedEntryRecord, 'feedSummary'> & { summaryJson?: string };

/** An entry of a deleted handover: its place in the feed, when and from whom, nothing about the persons. */
function scrubbed(e: FeedEntryRecord): FeedEntryRecord {
  const { feedSummary: _s, expectedArrivalDate: _a, urgentFlagCount: _u, ...rest } = e;
  return { ...rest, retired: true };
}

function toStored(e: FeedEntryRecord): StoredEntry {
  const { feedSummary, ...rest } = e;
  return { ...rest, ...(feedSummary ? { summaryJson: JSON.stringify(feedSummary) } : {}) };
}

function fromStored(d: StoredEntry): FeedEntryRecord {
  const { summaryJson, ...rest } = d;
  return { ...rest, ...(summaryJson ? { feedSummary: JSON.parse(summaryJson) as FeedSummary } : {}) };
}

/**
 * A sealed bucket's entries: JSON (dates as ISO strings), gzipped. The size is what costs on
 * FerretDB (PostgreSQL de-TOASTs and FerretDB decodes the whole value): measured on a
 * 100-entry bucket, 7 ms as a string, 2.6 ms gzipped including gunzip and JSON.parse.
 */
function encodeSealed(entries: readonly FeedEntryRecord[]): Buffer {
  return gzipSync(JSON.stringify(entries.map((e) => ({ ...e, committed: true }))), { level: 1 });
}

function decodeSealed(stored: Buffer | { buffer: Uint8Array }): FeedEntryRecord[] {
  const bytes = Buffer.isBuffer(stored) ? stored : Buffer.from((stored as { buffer: Uint8Array }).buffer);
  return (JSON.parse(gunzipSync(bytes).toString('utf8')) as (FeedEntryRecord & { storedAt: string; receivedAt?: string })[]).map((e) => ({
    ...e,
    storedAt: new Date(e.storedAt),
    ...(e.receivedAt ? { receivedAt: new Date(e.receivedAt) } : {}),
  }));
}

export function feedLog(models: Models) {
  const { FeedEntry, FeedDecision, FeedRefiling, FeedBucket: Sealed, HandoverVersion, Withdrawal } = models;

  /**
   * Decides what became of an entry, once: the first to insert its decision wins, and anyone
   * after reads it. True when the entry's outcome is `outcome` (decided now or before).
   */
  async function decide(municipalityCode: string, seq: number, outcome: Outcome): Promise<boolean> {
    const _id = entryId(municipalityCode, seq);
    try {
      await FeedDecision.create({ _id, bucket: feedBucketOf(municipalityCode, seq), outcome });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const decided = await FeedDecision.findById(_id, { outcome: 1 }).lean<{ outcome: Outcome }>();
    return decided?.outcome === outcome;
  }

  /** Whether an uncommitted entry's version (or withdrawal) was written under this very entry. */
  async function entryState(e: FeedEntryRecord): Promise<'written' | 'other-entry' | 'missing'> {
    const model = e.kind === 'v' ? HandoverVersion : Withdrawal;
    const d = await (model as typeof HandoverVersion).findById(`${e.handoverId}:${e.version}`, { feedSeq: 1 }).lean<{ feedSeq?: number }>();
    if (!d) return 'missing';
    return d.feedSeq === e.seq ? 'written' : 'other-entry';
  }

  /** Whether this refiling of voided entry `from` to `to` is the one (the first inserted). */
  async function refiledNow(municipalityCode: string, from: number, to: number): Promise<boolean> {
    try {
      await FeedRefiling.create({ _id: entryId(municipalityCode, from), to });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** The entry a voided entry's version was filed again under, once decided. */
  async function refiledTo(municipalityCode: string, from: number): Promise<number | undefined> {
    return (await FeedRefiling.findById(entryId(municipalityCode, from), { to: 1 }).lean<{ to: number }>())?.to;
  }

  /** Refilings in a row before a version is left to the orphan sweeper (each means a reader gave up on its entry). */
  const REFILE_ATTEMPTS = 5;
  const sequence = denseSequence(async (scope, n) => Boolean(await FeedEntry.exists({ _id: entryId(scope, n) })));

  return {
    /** Takes the next entry of the municipality's feed (not yet committed); returns its number. */
    async append(entry: NewFeedEntry): Promise<number> {
      return sequence.append(entry.municipalityCode, async (seq) => {
        try {
          await FeedEntry.create({ _id: entryId(entry.municipalityCode, seq), ...toStored({ ...entry, seq, committed: false }), bucket: feedBucketOf(entry.municipalityCode, seq) });
          return true;
        } catch (err) {
          if (isDuplicateKey(err)) return false;
          throw err;
        }
      });
    },
    /**
     * Marks an entry's version (or withdrawal) as written under it, unless a reader voided the
     * entry first: false then, and the version is to be filed again (refile). A reader that finds
     * an undecided entry whose version was written under it commits it too (idempotent).
     */
    commit: (municipalityCode: string, seq: number): Promise<boolean> => decide(municipalityCode, seq, 'committed'),
    /** Voids an entry nothing was committed under (false: it was committed first). */
    voidEntry: (municipalityCode: string, seq: number): Promise<boolean> => decide(municipalityCode, seq, 'voided'),
    /**
     * Files a written version (or withdrawal) again, under a new entry at the feed's end, when the
     * entry it was written under was voided meanwhile (a reader passed it while the write was
     * slow). Of two refilings of one voided entry (the writer's and the sweeper's) the one that
     * inserts its refiling first decides the new entry; the other voids the entry it took and
     * carries on with the winner's, so a refiler that stopped half-way is finished by the next.
     * `storedAt` is the new entry's time on the caller's clock. Returns the entry the version ends
     * under, or undefined when readers kept voiding (left to the orphan sweeper, which files again).
     */
    async refile(kind: 'v' | 'w', municipalityCode: string, voidedSeq: number, storedAt: () => Date): Promise<number | undefined> {
      const model = (kind === 'v' ? HandoverVersion : Withdrawal) as typeof HandoverVersion;
      let from = voidedSeq;
      for (let attempt = 0; attempt < REFILE_ATTEMPTS; attempt++) {
        const old = await FeedEntry.findById(entryId(municipalityCode, from)).lean<StoredEntry & { _id: string; bucket: string }>();
        if (!old) throw new Error(`feed entry ${entryId(municipalityCode, from)} to refile is not stored`);
        let to = await refiledTo(municipalityCode, from);
        if (to === undefined) {
          const { _id, bucket: _b, seq: _s, committed: _c, ...entry } = old;
          const seq = await this.append({ ...fromStored(entry as StoredEntry), storedAt: storedAt() } as NewFeedEntry);
          if (await refiledNow(municipalityCode, from, seq)) to = seq;
          else {
            // Filed again by someone else meanwhile: the entry just taken stands for nothing.
            await this.voidEntry(municipalityCode, seq);
            to = (await refiledTo(municipalityCode, from))!;
          }
        }
        // Every refiler of `from` moves the version to the one entry decided, so this holds even
        // when the winner stopped before moving it (the same value written twice is harmless).
        await model.updateOne({ _id: `${old.handoverId}:${old.version}`, feedSeq: from }, { $set: { feedSeq: to } });
        if (await this.commit(municipalityCode, to)) {
          await this.sealAfter(municipalityCode, to);
          return to;
        }
        from = to;
      }
      return undefined;
    },
    /**
     * Makes sure a written version (or withdrawal) is shown in its feed: commits its entry, or
     * files it again when that entry was voided. For the orphan sweeper, after a writer stopped
     * between writing and committing (a reader commits such an entry too, but one may never come).
     */
    async ensureFiled(kind: 'v' | 'w', handoverId: string, version: number, storedAt: () => Date): Promise<void> {
      const model = (kind === 'v' ? HandoverVersion : Withdrawal) as typeof HandoverVersion;
      const written = await model.findById(`${String(handoverId)}:${Number(version)}`, { feedSeq: 1, municipalityCode: 1 }).lean<{ feedSeq: number; municipalityCode: string }>();
      if (!written) return;
      if (!(await this.commit(written.municipalityCode, written.feedSeq))) await this.refile(kind, written.municipalityCode, written.feedSeq, storedAt);
    },
    /**
     * One bucket of a municipality's feed, settled: the entries whose version (or withdrawal)
     * was written under them, in order, up to `settledTo`, the last number of the bucket the
     * reader may pass: it stops before a number not taken yet, and before an uncommitted entry
     * stored after `settledBefore` (its version may still be written). A bucket found complete
     * and settled is sealed on the way, so the next reader gets it as one document.
     */
    async settle(municipalityCode: string, bucket: number, settledBefore: Date): Promise<{ written: FeedEntryRecord[]; settledTo: number; last: number }> {
      const { first, last } = bucketRange(bucket);
      const key = `${String(municipalityCode)}:${Number(bucket)}`;
      const sealed = await Sealed.findById(key).lean<{ entries: Buffer }>();
      if (sealed) return { written: decodeSealed(sealed.entries), settledTo: last, last };
      const [stored, decisions] = await Promise.all([
        FeedEntry.find({ bucket: key }, { _id: 0, bucket: 0 }).lean<StoredEntry[]>(),
        FeedDecision.find({ bucket: key }, { outcome: 1 }).lean<{ _id: string; outcome: Outcome }[]>(),
      ]);
      const entries = stored.map(fromStored).sort((a, b) => a.seq - b.seq);
      const decided = new Map(decisions.map((d) => [d._id, d.outcome]));
      const states = await Promise.all(entries.map((e) => (e.committed ? ('committed' as const) : (decided.get(entryId(municipalityCode, e.seq)) ?? entryState(e)))));
      const written: FeedEntryRecord[] = [];
      let settledTo = first - 1;
      for (const [i, e] of entries.entries()) {
        if (e.seq !== settledTo + 1) break; // a number not taken yet: the end of the feed for now
        const state = states[i]!;
        if (state === 'committed' || (state === 'written' && (await this.commit(municipalityCode, e.seq)))) {
          // Written under this entry: committed by its writer, or by this reader on its behalf
          // (so no other reader can void it after this one has shown it).
          settledTo = e.seq;
          written.push({ ...e, committed: true });
          continue;
        }
        // Not written under it (yet): a young entry may still be; an old one is voided, unless
        // its writer committed it this very moment (then it is shown the next time).
        if (state !== 'voided' && (e.storedAt > settledBefore || !(await this.voidEntry(municipalityCode, e.seq)))) break;
        settledTo = e.seq;
      }
      if (settledTo === last) {
        try {
          // Written once; a second sealing (another reader, another instance) writes the same and is ignored.
          await Sealed.create({ _id: key, entries: encodeSealed(written) });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      return { written, settledTo, last };
    },
    /**
     * After committing entry `seq`: when it is the last number of its bucket, seal the bucket if
     * every entry in it is written already (readers seal it otherwise), so pages are read as
     * one document from the first reading on.
     */
    async sealAfter(municipalityCode: string, seq: number): Promise<void> {
      const bucket = Math.floor(seq / BUCKET_SIZE);
      if (seq !== bucketRange(bucket).last) return;
      await this.settle(municipalityCode, bucket, new Date(0));
    },
    /** Scrubs a deleted handover's entries, in feed_entries and in sealed buckets (idempotent). */
    async scrub(handoverId: string): Promise<void> {
      const id = String(handoverId);
      const stored = await FeedEntry.find({ handoverId: id }, { bucket: 1 }).lean<{ bucket: string }[]>();
      await FeedEntry.updateMany({ handoverId: id }, { $set: { retired: true }, $unset: { summaryJson: 1, expectedArrivalDate: 1, urgentFlagCount: 1 } });
      for (const bucket of new Set(stored.map((e) => e.bucket))) {
        const sealed = await Sealed.findById(bucket).lean<{ entries: Buffer }>();
        if (!sealed) continue;
        const entries = decodeSealed(sealed.entries);
        if (!entries.some((e) => e.handoverId === id && !e.retired)) continue;
        await Sealed.updateOne({ _id: bucket }, { $set: { entries: encodeSealed(entries.map((e) => (e.handoverId === id ? scrubbed(e) : e))) } });
      }
    },
    /**
     * The benchmark's seeding: takes the next numbers for these entries (per municipality, in
     * order), lets `writeVersions` store the versions they point at, then inserts the entries
     * already committed. Assumes no other writer appends to these feeds meanwhile.
     */
    async appendCommittedInBulk(entries: readonly NewFeedEntry[], writeVersions: (numbered: { seq: number }[]) => Promise<void>): Promise<number[]> {
      const seqs = await sequence.numberInBulk(entries.map((e) => e.municipalityCode));
      const numbered = entries.map((e, i) => ({ ...e, seq: seqs[i]!, committed: true }));
      await writeVersions(numbered);
      await FeedEntry.insertMany(
        numbered.map((e) => ({ _id: entryId(e.municipalityCode, e.seq), ...toStored(e), bucket: feedBucketOf(e.municipalityCode, e.seq) })),
        { ordered: true },
      );
      // As the last writer of each bucket does.
      for (const e of numbered) await this.sealAfter(e.municipalityCode, e.seq);
      return numbered.map((e) => e.seq);
    },
  };
}

export type FeedLog = ReturnType<typeof feedLog>;
