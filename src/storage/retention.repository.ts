/**
 * A handover's end of life in storage: the schedule of when each handover falls due (filed by
 * month), its soft deletion (unreadable, the lists' copies gone) and its purge (every record of
 * it gone, files included), and the tombstone that stays. This is the one place that knows every
 * collection holding a handover's data; test/api/retention.test.ts proves none is missed.
 *
 * Every step is idempotent and ordered so that a crash part-way is finished by the next run: the
 * retirement is written before its effects, and the version documents (which say where the files
 * are) are deleted last.
 */
import mongoose from 'mongoose';
import type { RetentionDue, Tombstone, VersionTombstone } from '../domain/retention.js';
import type { AttachmentStore } from './attachment-store.js';
import type { FeedLog } from './feed-log.js';
import { noteFigures } from './derivation.repository.js';
import { isDuplicateKey, type Models } from './models.js';
import { noteReadChange } from './handover-read.repository.js';
import type { Backfill, ScheduleEntry } from '../services/ports/retention.js';

/** The one-time filings of handovers stored before something was kept, by their markers in retention_state. */
const BACKFILLS = { schedule: 'filed-before-schedule', figures: 'counted-before-figure-counters' } as const;

interface LeanVersion {
  _id: string;
  version: number;
  contentId: string;
  jwsSha256: string;
  receivedAt: Date;
  receipt?: { receiptId?: string };
  attachments?: { fileId: unknown; sha256: string; size: number }[];
}

interface LeanRetirement {
  _id: string;
  state: 'soft-deleted' | 'purged';
  kind: RetentionDue['kind'];
  dueOn: string;
  softDeletedAt: Date;
  purgeOn: string;
  purgedAt?: Date;
  versions: VersionTombstone[];
}

const toTombstone = (r: LeanRetirement): Tombstone => ({
  handoverId: r._id,
  kind: r.kind,
  dueOn: r.dueOn,
  softDeletedAt: r.softDeletedAt.toISOString(),
  purgeOn: r.purgeOn,
  ...(r.purgedAt ? { purgedAt: r.purgedAt.toISOString() } : {}),
  versions: r.versions,
});

/**
 * Files (or refiles) a handover under the month it falls due, or under this month when that is
 * past already: the job reads only the months from its last run on. A stored version is filed
 * by the derivation worker from its note (services/derivations.ts), before the job reads the schedule.
 */
export async function fileRetention(models: Models, handoverId: string, due: RetentionDue, today: string): Promise<void> {
  const month = [due.dueOn.slice(0, 7), today.slice(0, 7)].sort()[1]!;
  const file = () => models.RetentionSchedule.replaceOne({ _id: String(handoverId) }, { month, dueOn: due.dueOn, kind: due.kind }, { upsert: true });
  try {
    await file();
  } catch (err) {
    // Two concurrent upserts of one new _id: one inserts, the other fails on the key; it now finds the document and replaces it.
    if (!isDuplicateKey(err)) throw err;
    await file();
  }
}

export function retentionRepository(models: Models, feed: FeedLog, files: AttachmentStore) {
  const m = models;

  async function versionsOf(handoverId: string): Promise<LeanVersion[]> {
    return m.HandoverVersion.find({ handoverId: String(handoverId) }, { version: 1, contentId: 1, jwsSha256: 1, receivedAt: 1, receipt: 1, attachments: 1 }).lean<LeanVersion[]>();
  }

  return {
    /**
     * Files (or refiles) a handover under the month it falls due, or under this month when that
     * is past already: the job reads only the months from its last run on.
     */
    async schedule(handoverId: string, due: RetentionDue, today: string): Promise<void> {
      await fileRetention(models, handoverId, due, today);
    },
    /** Every handover filed (the job's first run only: afterwards it reads month by month). */
    async *everyScheduled(): AsyncGenerator<ScheduleEntry> {
      for await (const e of m.RetentionSchedule.find({}).lean<{ _id: string; dueOn: string; kind: RetentionDue['kind'] }>().cursor({ batchSize: 500 })) yield { handoverId: e._id, dueOn: e.dueOn, kind: e.kind };
    },
    /** The month of the job's last complete run ("YYYY-MM"), if it ever ran. */
    async lastRunMonth(): Promise<string | undefined> {
      return (await m.RetentionState.findById('last-run').lean<{ month?: string }>())?.month;
    },
    async setLastRunMonth(month: string, at: Date): Promise<void> {
      await m.RetentionState.replaceOne({ _id: 'last-run' }, { at, month }, { upsert: true });
    },
    async scheduled(handoverId: string): Promise<ScheduleEntry | undefined> {
      const e = await m.RetentionSchedule.findById(String(handoverId)).lean<{ _id: string; dueOn: string; kind: RetentionDue['kind'] }>();
      return e ? { handoverId: e._id, dueOn: e.dueOn, kind: e.kind } : undefined;
    },
    /** The handovers filed under one month ("YYYY-MM"). */
    async dueInMonth(month: string): Promise<ScheduleEntry[]> {
      const entries = await m.RetentionSchedule.find({ month: String(month) }).lean<{ _id: string; dueOn: string; kind: RetentionDue['kind'] }[]>();
      return entries.map((e) => ({ handoverId: e._id, dueOn: e.dueOn, kind: e.kind }));
    },
    async unschedule(handoverId: string): Promise<void> {
      await m.RetentionSchedule.deleteOne({ _id: String(handoverId) });
    },
    /** Whether a one-time filing of the handovers stored before it was kept has run: into the schedule, or into the figures' counters. */
    async backfillDone(kind: Backfill): Promise<boolean> {
      return (await m.RetentionState.exists({ _id: BACKFILLS[kind] })) !== null;
    },
    async markBackfillDone(kind: Backfill, at: Date): Promise<void> {
      await m.RetentionState.updateOne({ _id: BACKFILLS[kind] }, { $setOnInsert: { at } }, { upsert: true });
    },
    /** A handover stored before the figures were kept as counters: the derivation worker counts it (services/figure-facts.ts). */
    async fileInFigures(handoverId: string, at: Date): Promise<void> {
      await noteFigures(m, handoverId, at);
    },
    /** First version of every handover stored, a page at a time: for filing handovers stored before the schedule was kept. */
    async *everyHandoverId(): AsyncGenerator<string> {
      for await (const v of m.HandoverVersion.find({ version: 1 }, { handoverId: 1 }).lean<{ handoverId: string }>().cursor({ batchSize: 500 })) yield v.handoverId;
    },
    async tombstone(handoverId: string): Promise<Tombstone | undefined> {
      const r = await m.Retirement.findById(String(handoverId)).lean<LeanRetirement>();
      return r ? toTombstone(r) : undefined;
    },
    /** The soft-deleted handovers (few: only those within their grace period). */
    async softDeleted(): Promise<Tombstone[]> {
      return (await m.Retirement.find({ state: 'soft-deleted' }).lean<LeanRetirement[]>()).map(toTombstone);
    },
    async countByState(): Promise<{ softDeleted: number; purged: number; scheduled: number }> {
      const [softDeleted, purged, scheduled] = await Promise.all([m.Retirement.countDocuments({ state: 'soft-deleted' }), m.Retirement.countDocuments({ state: 'purged' }), m.RetentionSchedule.countDocuments({})]);
      return { softDeleted, purged, scheduled };
    },

    /**
     * Soft deletion: the tombstone is written first (the versions' digests, dates and files), then
     * every version is marked (each read answers 404 from then on), and the copies the lists show
     * are removed: the feed's summary, the deadlines, the question threads. Returns false when the
     * handover has no stored version (a schedule entry written before a submission that failed).
     */
    async softDelete(handoverId: string, due: RetentionDue, at: Date, purgeOn: string): Promise<Tombstone | false> {
      const id = String(handoverId);
      const versions = await versionsOf(id);
      if (versions.length === 0) return false;
      const withdrawals = await m.Withdrawal.find({ handoverId: id }, { version: 1, withdrawnAt: 1 }).lean<{ version: number; withdrawnAt: Date }[]>();
      const withdrawnAt = new Map(withdrawals.map((w) => [w.version, w.withdrawnAt]));
      const tombstones: VersionTombstone[] = versions
        .sort((a, b) => a.version - b.version)
        .map((v) => ({
          version: v.version,
          jwsSha256: v.jwsSha256,
          ...(v.receipt?.receiptId ? { receiptId: v.receipt.receiptId } : {}),
          receivedAt: v.receivedAt.toISOString(),
          ...(withdrawnAt.has(v.version) ? { withdrawnAt: withdrawnAt.get(v.version)!.toISOString() } : {}),
          attachments: (v.attachments ?? []).map((a) => ({ sha256: a.sha256, size: a.size })),
        }));
      // Written once: a second run keeps the first one's dates.
      await m.Retirement.updateOne(
        { _id: id },
        { $setOnInsert: { state: 'soft-deleted', kind: due.kind, dueOn: due.dueOn, softDeletedAt: at, purgeOn, versions: tombstones } },
        { upsert: true },
      );
      // Noted in the read model's journal first: from here on a fetch reads the stored records (handover-read.repository.ts).
      await noteReadChange(m, id, 'retired', at);
      await m.HandoverVersion.updateMany({ handoverId: id }, { $set: { retiredAt: at } });
      await feed.scrub(id);
      await Promise.all([m.DeadlineEntry.deleteMany({ handoverId: id }), m.QuestionEvent.deleteMany({ handoverId: id })]);
      await m.RetentionSchedule.deleteOne({ _id: id });
      return toTombstone((await m.Retirement.findById(id).lean<LeanRetirement>())!);
    },

    /**
     * Purge: every record of the handover is removed, the files first, the version documents last;
     * what stays is the tombstone, the feed's and lists' places (ids only) and the audit events.
     */
    async purge(handoverId: string, at: Date): Promise<Tombstone | undefined> {
      const id = String(handoverId);
      const versions = await versionsOf(id);
      const fileIds = versions.flatMap((v) => (v.attachments ?? []).map((a) => String(a.fileId)));
      for (const fileId of fileIds) await files.removeFile(fileId);
      // Our own operator, marked trusted: sanitizeFilter neutralises every other $-object.
      const anyOf = (ids: readonly string[]) => ({ _id: mongoose.trusted({ $in: ids.map(String) }) });
      await m.AttachmentRef.deleteMany(anyOf(fileIds));
      await m.HandoverContent.deleteMany(anyOf(versions.map((v) => v.contentId)));
      await m.SweepNote.deleteMany(anyOf([...versions.map((v) => `content:${v.contentId}`), ...fileIds.map((f) => `file:${f}`)]));
      const byHandover = { handoverId: id };
      await Promise.all([
        m.Withdrawal.deleteMany(byHandover),
        m.SupersededMarker.deleteMany(byHandover),
        m.Acknowledgement.deleteMany(byHandover),
        m.ConsentChange.deleteMany(byHandover),
        m.QuestionEvent.deleteMany(byHandover),
        m.GpAssignment.deleteMany(byHandover),
        m.ChildRouting.deleteMany(byHandover),
        m.RecordTransfer.deleteMany(byHandover),
        m.AssessmentResult.deleteMany(byHandover),
        m.OutboxMessage.deleteMany(byHandover),
        m.DeadlineEntry.deleteMany(byHandover),
        m.Retrieval.deleteMany(anyOf(versions.map((v) => v._id))),
        // Derivations not yet derived (derivations.ts): none is left to derive about a purged handover.
        m.Derivation.deleteMany(byHandover),
        m.HandoverRead.deleteOne({ _id: id }),
        m.HandoverReadChange.deleteMany(byHandover),
      ]);
      // Again: a bucket sealed between the soft deletion and now holds the summary it read before.
      await feed.scrub(id);
      await m.HandoverVersion.deleteMany(byHandover);
      await m.RetentionSchedule.deleteOne({ _id: id });
      await m.Retirement.updateOne({ _id: id, state: 'soft-deleted' }, { $set: { state: 'purged', purgedAt: at } });
      const r = await m.Retirement.findById(id).lean<LeanRetirement>();
      return r ? toTombstone(r) : undefined;
    },
  };
}

export type RetentionRepository = ReturnType<typeof retentionRepository>;
