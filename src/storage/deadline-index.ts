/**
 * The municipality's deadline list as an index of slots (the deadline_entries and deadline_index
 * models): a deadline is filed under its day and its version's feed bucket, so a page reads the
 * days of the years it crosses (at most 366 small documents each), the slots of a day and a slot's rows (at most a
 * hundred versions' deadlines of that day), each by equality; the cost of a page does not grow
 * with what is stored. Every document is written once and never updated.
 */
import { hasConsent } from '../domain/consent.js';
import { deadlinePosition } from '../domain/deadline-positions.js';
import type { Deadline } from '../domain/deadlines.js';
import type { FeedSummary } from '../domain/recipient-views.js';
import type { DeadlineRow, FiledVersion } from '../services/ports/handovers.js';
import { BUCKET_SIZE } from './dense-sequence.js';
import { insertOnce, type Models } from './models.js';

/** The index's mark that the rows from before slots are filed (it has no year or day: no list reads it). */
const ROWS_FROM_BEFORE_SLOTS_FILED = 'rows-from-before-slots-filed';

/** What a page reads of a row: its place, its version, what the version fixes and the deadline's own fields (not a row's nested deadline from before). */
const ROW_FIELDS = Object.fromEntries([['_id', 0], ...['handoverId', 'version', 'feedSeq', 'position', 'personName', 'healthConsent', 'personRef', 'kind', 'date', 'mandatory', 'ruleId', 'detail', 'critical', 'birthDatePrecision'].map((f) => [f, 1])]);

const dayKey = (municipalityCode: string, isoDate: string) => `${String(municipalityCode)}:${isoDate.slice(0, 10)}`;
const slotKey = (municipalityCode: string, isoDate: string, bucket: number) => `${dayKey(municipalityCode, isoDate)}:${bucket}`;

/**
 * The rows filing a version's deadlines and the index entries of their days and slots. Each row
 * carries what the list shows of it that the version fixes (the person's name, and whether its
 * consents cover their health for the coordinating department), so a page reads no version; what
 * changes later (superseded, withdrawn, consent changed) it reads by the slot's feed bucket.
 */
export function deadlineDocuments(v: FiledVersion, feedSeq: number) {
  const bucket = Math.floor(feedSeq / BUCKET_SIZE);
  const names = new Map(v.summary.persons.map((p) => [p.personRef, p.name]));
  const deadlines = v.summary.deadlines ?? [];
  const rows = deadlines.map((deadline, n) => ({
    _id: `${v.handoverId}:${v.version}:${n}`,
    slot: slotKey(v.municipalityCode, deadline.date, bucket),
    position: deadlinePosition(deadline.date, feedSeq, n),
    handoverId: v.handoverId,
    version: v.version,
    feedSeq,
    // The deadline's own fields at the top level: FerretDB decodes a flat document about three times faster than a nested one, and a page reads a hundred or more.
    ...deadline,
    ...(names.has(deadline.personRef) ? { personName: names.get(deadline.personRef) } : {}),
    healthConsent: hasConsent(v.summary.consents, [], deadline.personRef, 'coordinating-department', 'health'),
  }));
  const index = new Map<string, Record<string, unknown>>();
  for (const deadline of deadlines) {
    const day = dayKey(v.municipalityCode, deadline.date);
    index.set(`d:${day}`, { _id: `d:${day}`, year: `${String(v.municipalityCode)}:${deadline.date.slice(0, 4)}` });
    index.set(`s:${day}:${bucket}`, { _id: `s:${day}:${bucket}`, day, bucket });
  }
  return { rows, index: [...index.values()] };
}

export function deadlineIndexRepository(models: Models) {
  const { DeadlineEntry, DeadlineIndex, HandoverVersion } = models;

  /** Files a version's deadlines (rows and index together; each written once, a retry writes nothing new). */
  async function file(v: FiledVersion, feedSeq: number): Promise<void> {
    const docs = deadlineDocuments(v, feedSeq);
    await Promise.all([insertOnce(DeadlineEntry, docs.rows), insertOnce(DeadlineIndex, docs.index)]);
  }

  /** Many versions' deadlines in two inserts (the benchmark's seeding, the filing of what was stored before the index). */
  async function fileInBulk(versions: readonly { version: FiledVersion; feedSeq: number }[]): Promise<void> {
    const docs = versions.map((v) => deadlineDocuments(v.version, v.feedSeq));
    const index = new Map(docs.flatMap((d) => d.index.map((i) => [i._id, i] as const)));
    await Promise.all([insertOnce(DeadlineEntry, docs.flatMap((d) => d.rows)), insertOnce(DeadlineIndex, [...index.values()])]);
  }

  return {
    file,
    fileInBulk,
    /** The days of a year ("YYYY") with deadlines filed, as ISO dates in order. */
    async deadlineDaysOf(municipalityCode: string, year: string): Promise<string[]> {
      const docs = await DeadlineIndex.find({ year: `${String(municipalityCode)}:${String(year)}` }, { _id: 1 }).lean<{ _id: string }[]>();
      return docs.map((d) => d._id.slice(-10)).sort();
    },
    /** The feed buckets of a day's slots, in order. */
    async deadlineSlotsOf(municipalityCode: string, isoDate: string): Promise<number[]> {
      const docs = await DeadlineIndex.find({ day: dayKey(municipalityCode, isoDate) }, { bucket: 1 }).lean<{ bucket: number }[]>();
      return docs.map((d) => d.bucket).sort((a, b) => a - b);
    },
    /** One slot's rows, of any version (the caller keeps those of current versions), in list order. */
    async deadlinesInSlot(municipalityCode: string, isoDate: string, bucket: number): Promise<DeadlineRow[]> {
      const rows = await DeadlineEntry.find({ slot: slotKey(municipalityCode, isoDate, bucket) }, ROW_FIELDS).lean<(Omit<DeadlineRow, 'deadline'> & Deadline)[]>();
      return rows.sort((a, b) => a.position - b.position).map(({ handoverId, version, feedSeq, position, personName, healthConsent, ...deadline }) => ({ handoverId, version, feedSeq, position, deadline, ...(personName !== undefined ? { personName } : {}), ...(healthConsent !== undefined ? { healthConsent } : {}) }));
    },
    /**
     * Files the deadlines of the versions stored before the index existed, once: at each start
     * until a pass has finished. Their rows (under a month, not a slot, and written before their
     * version) are removed and every stored version's deadlines filed again from the version, as
     * the worker files them now, a batch of versions in two inserts (FerretDB updates a row at a
     * time, removes and inserts in bulk). A version soft-deleted under its retention rule has no
     * deadlines; a row whose version was never written is not filed again.
     */
    async fileRowsFromBeforeSlots(): Promise<number> {
      if (await DeadlineIndex.findById(ROWS_FROM_BEFORE_SLOTS_FILED, { _id: 1 }).lean()) return 0;
      // The raw collection: the models' filters are sanitised (no operators from outside), and this one is ours.
      await DeadlineEntry.collection.deleteMany({ slot: { $exists: false } });
      let filed = 0;
      let batch: (FiledVersion & { feedSeq: number })[] = [];
      const fileBatch = async () => {
        await fileInBulk(batch.map((v) => ({ version: v, feedSeq: v.feedSeq })));
        filed += batch.length;
        batch = [];
      };
      type Stored = { handoverId: string; version: number; feedSeq?: number; municipalityCode: string; feedSummary?: FeedSummary; retiredAt?: Date };
      for await (const v of HandoverVersion.find({}, { handoverId: 1, version: 1, feedSeq: 1, municipalityCode: 1, feedSummary: 1, retiredAt: 1 }).lean<Stored>().cursor()) {
        if (v.feedSeq === undefined || !v.feedSummary || v.retiredAt) continue;
        batch.push({ handoverId: v.handoverId, version: v.version, municipalityCode: v.municipalityCode, summary: v.feedSummary, feedSeq: v.feedSeq });
        if (batch.length >= 500) await fileBatch();
      }
      if (batch.length > 0) await fileBatch();
      // Marked only when all are filed: a start stopped part-way files them all again at the next start (each written once).
      await insertOnce(DeadlineIndex, [{ _id: ROWS_FROM_BEFORE_SLOTS_FILED }]);
      return filed;
    },
  };
}

export type DeadlineIndexRepository = ReturnType<typeof deadlineIndexRepository>;
