/**
 * What the orphan sweeper must look at, found by equality: every uploaded file and every stored
 * signed content is noted, before it is written, under the minute it was written in. A version
 * notes which files it references (before it is written, too). The sweeper visits the minutes
 * that have passed the grace period, one equality query each, from where it stopped last time;
 * it keeps what a stored version references (and makes sure such a version is in its feed), removes
 * the rest, and forgets the notes it settled.
 * Never a scan of the files, contents or versions, which grow without bound.
 */
import mongoose from 'mongoose';
import { isDuplicateKey, onlyDuplicateKeys, type Models } from './models.js';
import type { SweepTargets } from '../services/ports/sweep.js';

const MINUTE = 60_000;
/** Most minutes one sweep visits: a service stopped for days catches up over several sweeps. */
const MINUTES_PER_SWEEP = 24 * 60;

export const minuteOf = (at: Date) => at.toISOString().slice(0, 16);

const contentNote = (contentId: string, versionId: string, at: Date) => ({ _id: `content:${contentId}`, minute: minuteOf(at), at, kind: 'content', contentId, versionId });

export function sweepLedger(models: Models) {
  const { SweepNote, AttachmentRef, SweepState, HandoverVersion, HandoverContent } = models;
  const note = async (doc: Record<string, unknown>) => {
    try {
      await SweepNote.create(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  };
  return {
    /** Where the first sweep starts: noted once, when the store is first opened (before anything can be uploaded). */
    async ensureStart(now: Date): Promise<void> {
      try {
        await SweepState.create({ _id: 'ledger', sweptBefore: now });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    noteFile(fileId: string, at: Date): Promise<void> {
      return note({ _id: `file:${fileId}`, minute: minuteOf(at), at, kind: 'file', fileId });
    },
    /** A file removed by its own request (a rejected submission) needs no sweeping. */
    async forgetFile(fileId: string): Promise<void> {
      await SweepNote.deleteOne({ _id: `file:${fileId}` });
    },
    noteContent(contentId: string, versionId: string, at: Date): Promise<void> {
      return note(contentNote(contentId, versionId, at));
    },
    /** The benchmark's bulk seeding: the notes of many contents at once. */
    async noteContentsInBulk(contents: readonly { contentId: string; versionId: string; at: Date }[]): Promise<void> {
      await SweepNote.insertMany(contents.map((c) => contentNote(c.contentId, c.versionId, c.at)), { ordered: true });
    },
    /** The files a version references, noted before the version is written. */
    async noteReferences(fileIds: readonly string[], versionId: string): Promise<void> {
      if (fileIds.length === 0) return;
      try {
        await AttachmentRef.insertMany(fileIds.map((fileId) => ({ _id: String(fileId), versionId })), { ordered: false });
      } catch (err) {
        if (!onlyDuplicateKeys(err)) throw err;
      }
    },
    /**
     * Settles every note written before `olderThan`: referenced by a stored version -> kept (the
     * note is dropped); otherwise the file or content is removed with its note. Returns how many
     * files and contents were removed.
     */
    async sweep(olderThan: Date, targets: SweepTargets): Promise<number> {
      const state = await SweepState.findById('ledger').lean<{ sweptBefore: Date }>();
      const from = state ? state.sweptBefore : olderThan;
      let removed = 0;
      let minute = new Date(Math.floor(from.getTime() / MINUTE) * MINUTE);
      let visited = 0;
      for (; minute <= olderThan && visited < MINUTES_PER_SWEEP; minute = new Date(minute.getTime() + MINUTE), visited++) {
        const notes = await SweepNote.find({ minute: minuteOf(minute) }).lean<{ _id: string; at: Date; kind: string; fileId?: string; contentId?: string; versionId?: string }[]>();
        for (const n of notes) {
          if (n.at >= olderThan) continue; // the cut-off minute: only what is older than the grace period
          if (n.kind === 'file') {
            const ref = await AttachmentRef.findById(n.fileId).lean<{ versionId: string }>();
            // Referenced only if that version was stored with this very file (a racing twin's file is not).
            const referenced = ref ? await HandoverVersion.exists({ _id: ref.versionId, 'attachments.fileId': new mongoose.Types.ObjectId(n.fileId) }) : null;
            if (!referenced) {
              await targets.removeFile(n.fileId!);
              if (ref) await AttachmentRef.deleteOne({ _id: n.fileId });
              removed++;
            }
          } else {
            const version = await HandoverVersion.findById(n.versionId, { contentId: 1 }).lean<{ contentId: string }>();
            if (version?.contentId !== n.contentId) removed += (await HandoverContent.deleteOne({ _id: n.contentId })).deletedCount;
            else await targets.fileVersion(n.versionId!);
          }
          await SweepNote.deleteOne({ _id: n._id });
        }
      }
      // Resume from the minute not finished (the cut-off one), or where the visit budget ended.
      const sweptBefore = minute > olderThan ? new Date(Math.floor(olderThan.getTime() / MINUTE) * MINUTE) : minute;
      await SweepState.updateOne({ _id: 'ledger' }, { $set: { sweptBefore } }, { upsert: true });
      return removed;
    },
  };
}

export type SweepLedger = ReturnType<typeof sweepLedger>;
