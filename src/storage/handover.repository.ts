/**
 * Handover versions (immutable) and withdrawals. A version is its signed bytes (handover_contents,
 * written first, never visible alone), its entry in the municipality's feed (taken next, shown only
 * once committed, or filed again if a reader voided it meanwhile) and its metadata
 * (handover_versions: the one write that makes it exist). Per-handover
 * lookups go by _id ("<handoverId>:<version>"), which both MongoDB and FerretDB answer from an index.
 */
import mongoose from 'mongoose';
import type { HandoverVersionRecord, WithdrawalRecord } from '../domain/handover-record.js';
import { payloadOfStoredJws } from '../domain/stored-jws.js';
import { bucketOf, denseSequence, readRun } from './dense-sequence.js';
import { deadlineIndexRepository } from './deadline-index.js';
import { feedBucketOf, type FeedLog } from './feed-log.js';
import { derivationRepository, noteFigures } from './derivation.repository.js';
import { firstVersionRead, noteReadChange } from './handover-read.repository.js';
import { insertOnce, isDuplicateKey, type Models } from './models.js';
import type { SweepLedger } from './sweep-ledger.js';
import { VersionExistsError } from '../domain/write-outcomes.js';
import type { HandoverVersionMeta, StoredVersionSummary } from '../services/ports/handovers.js';

type LeanMeta = Omit<HandoverVersionMeta, 'attachments'> & {
  _id: string;
  contentId: string;
  attachments: (Omit<HandoverVersionRecord['attachments'][number], 'fileId'> & { fileId: mongoose.Types.ObjectId })[];
};

/** The driver may hand back BSON Binary; services get a Buffer. */
function asBuffer(b: Buffer | { buffer: Buffer } | Uint8Array): Buffer {
  if (Buffer.isBuffer(b)) return b;
  if (b instanceof Uint8Array) return Buffer.from(b);
  return Buffer.from((b as { buffer: Buffer }).buffer);
}

function toMeta(d: LeanMeta): HandoverVersionMeta & { contentId: string } {
  const { _id, ...rest } = d;
  return { ...rest, attachments: d.attachments.map((a) => ({ ...a, fileId: String(a.fileId) })) };
}


const versionId = (handoverId: string, version: number) => `${String(handoverId)}:${Number(version)}`;

/** Every document one version consists of, as insertVersion and the bulk seeding write them. */
function versionDocuments(v: HandoverVersionRecord, superseded: (HandoverVersionMeta & { feedSeq?: number }) | undefined) {
  const id = versionId(v.handoverId, v.version);
  const contentId = `${id}:${v.jwsSha256}`;
  const { jws: _jws, payload: _payload, feedSeq: _seq, ...meta } = v;
  return {
    content: { _id: contentId, jws: v.jws, storedAt: v.receivedAt },
    marker: superseded ? { _id: versionId(v.handoverId, superseded.version), handoverId: v.handoverId, byVersion: v.version, bucket: feedBucketOf(superseded.municipalityCode, superseded.feedSeq!) } : undefined,
    deadlines: { handoverId: v.handoverId, version: v.version, municipalityCode: v.municipalityCode, summary: v.feedSummary ?? { deadlines: [], persons: [], consents: [] } },
    feedEntry: {
      municipalityCode: v.municipalityCode,
      kind: 'v' as const,
      handoverId: v.handoverId,
      version: v.version,
      storedAt: v.feedAt,
      receivedAt: v.receivedAt,
      senderOrganisationId: v.senderOrganisationId,
      completenessScore: v.completenessScore,
      expectedArrivalDate: v.expectedArrivalDate,
      urgentFlagCount: v.urgentFlagCount,
      ...(v.feedSummary ? { feedSummary: v.feedSummary } : {}),
    },
    version: { _id: id, ...meta, contentId, attachments: v.attachments.map((a) => ({ ...a, fileId: new mongoose.Types.ObjectId(a.fileId) })) },
  };
}

export function handoverRepository(models: Models, feed: FeedLog, ledger: SweepLedger) {
  const { HandoverVersion, HandoverContent, Withdrawal, SupersededMarker, SenderEntry, Retirement, HandoverRead } = models;
  const deadlineIndex = deadlineIndexRepository(models);
  const derivations = derivationRepository(models);
  const senderId = (sender: string, seq: number) => `${String(sender)}:${Number(seq)}`;
  /** Each sender's list of its handovers (first versions), numbered densely. */
  const senderLists = denseSequence(async (sender, n) => Boolean(await SenderEntry.exists({ _id: senderId(sender, n) })));
  const appendToSenderList = (sender: string, handoverId: string) =>
    senderLists.append(sender, async (seq) => {
      try {
        await SenderEntry.create({ _id: senderId(sender, seq), bucket: bucketOf(sender, seq), seq, handoverId });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    });

  /**
   * Marks a version (or withdrawal) written under feed entry `seq` as committed, or, when a reader
   * voided that entry while the write was slow, files it under a new one: a write is never refused
   * for being slow, and the feed neither skips nor repeats it (feed-log.ts). `startedAt`
   * (performance.now()) dates the new entry on the record's clock, `feedAt` when it was taken.
   */
  async function commitOrRefile(kind: 'v' | 'w', municipalityCode: string, seq: number, feedAt: Date, startedAt: number): Promise<void> {
    if (await feed.commit(municipalityCode, seq)) {
      await feed.sealAfter(municipalityCode, seq);
      return;
    }
    await feed.refile(kind, municipalityCode, seq, () => new Date(feedAt.getTime() + (performance.now() - startedAt)));
  }

  async function findMeta(handoverId: string, version: number) {
    const d = await HandoverVersion.findById(versionId(handoverId, version)).lean<LeanMeta>();
    return d ? toMeta(d) : undefined;
  }

  return {
    /**
     * Inserts a new version; the id "<handoverId>:<version>" makes a second insert fail (a
     * concurrent twin's feed entry then stays uncommitted: an orphan the feed passes over).
     * What precedes the version document is written at once: its signed bytes, the marker on
     * the version it supersedes, its deadlines and its feed entry.
     */
    async insertVersion(v: HandoverVersionRecord): Promise<{ feedSeq: number }> {
      const startedAt = performance.now();
      const superseded = v.supersedesVersion !== undefined ? await findMeta(v.handoverId, v.supersedesVersion) : undefined;
      const docs = versionDocuments(v, superseded);
      const [, , , feedSeq, senderSeq] = await Promise.all([
        // Noted for the sweeper first: signed bytes whose version never gets written are removed later.
        ledger.noteContent(docs.content._id, docs.version._id, v.receivedAt).then(() => insertOnce(HandoverContent, [docs.content])),
        ledger.noteReferences(v.attachments.map((a) => a.fileId), docs.version._id),
        insertOnce(SupersededMarker, docs.marker ? [docs.marker] : []),
        // Its deadlines are filed by the worker once it is stored (derivations.ts), under its feed entry's number.
        feed.append(docs.feedEntry),
        v.version === 1 ? appendToSenderList(v.senderOrganisationId, v.handoverId) : Promise.resolve(undefined),
        // What others derive from the version (services/derivations.ts), noted before it exists: no version is ever stored without its note.
        derivations.noteVersion(v.handoverId, v.version, v.receivedAt),
        // A later version, noted in the read model's journal before it exists (handover-read.repository.ts).
        v.version > 1 ? noteReadChange(models, v.handoverId, `v${v.version}`, v.receivedAt) : undefined,
      ]);
      try {
        await HandoverVersion.create({ ...docs.version, feedSeq, ...(senderSeq !== undefined ? { senderSeq } : {}) });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // A twin wrote this version under its own entry: this one stands for nothing, so readers need not wait at it.
        await feed.voidEntry(v.municipalityCode, feedSeq);
        throw new VersionExistsError();
      }
      // Version 1's read model with it (written after it: a twin that lost writes none).
      await Promise.all([commitOrRefile('v', v.municipalityCode, feedSeq, v.feedAt, startedAt), v.version === 1 ? insertOnce(HandoverRead, [firstVersionRead({ ...v, feedSeq })]) : undefined]);
      return { feedSeq };
    },
    /**
     * The benchmark's seeding: new versions of new handovers (nothing superseded), each written
     * as exactly the documents insertVersion writes, in batches. Not for the request path: it
     * assumes no other writer appends to these municipalities' feeds meanwhile.
     */
    async insertNewVersionsInBulk(records: readonly HandoverVersionRecord[]): Promise<void> {
      const docs = records.map((v) => versionDocuments(v, undefined));
      await ledger.noteContentsInBulk(docs.map((d, i) => ({ contentId: d.content._id, versionId: d.version._id, at: records[i]!.receivedAt })));
      await insertOnce(HandoverContent, docs.map((d) => d.content));
      // Each sender's list continues from its head, in the order of the records.
      const senderSeqs = await senderLists.numberInBulk(records.map((r) => r.senderOrganisationId));
      await SenderEntry.insertMany(records.map((r, i) => ({ _id: senderId(r.senderOrganisationId, senderSeqs[i]!), bucket: bucketOf(r.senderOrganisationId, senderSeqs[i]!), seq: senderSeqs[i], handoverId: r.handoverId })), { ordered: true });
      const seqs = await feed.appendCommittedInBulk(docs.map((d) => d.feedEntry), async (entries) => {
        await deadlineIndex.fileInBulk(docs.map((d, i) => ({ version: d.deadlines, feedSeq: entries[i]!.seq })));
        await HandoverVersion.insertMany(
          docs.map((d, i) => ({ ...d.version, feedSeq: entries[i]!.seq, senderSeq: senderSeqs[i] })),
          { ordered: true },
        );
        await insertOnce(HandoverRead, records.map((r, i) => firstVersionRead({ ...r, feedSeq: entries[i]!.seq })));
      });
      if (seqs.length !== records.length) throw new Error('bulk insert: feed entries and versions differ in number');
    },
    /** A version with its signed bytes and the document in them. */
    async findVersion(handoverId: string, version: number): Promise<HandoverVersionRecord | undefined> {
      const meta = await findMeta(handoverId, version);
      if (!meta) return undefined;
      const content = await HandoverContent.findById(meta.contentId).lean<{ jws: Buffer | { buffer: Buffer } }>();
      if (!content) throw new Error(`handover ${meta.handoverId} version ${meta.version}: content ${meta.contentId} is missing`);
      const jws = asBuffer(content.jws);
      const { contentId: _c, ...rest } = meta;
      return { ...rest, jws, payload: payloadOfStoredJws(jws, meta.serialization) };
    },
    /**
     * Whether the handover's first version was addressed to this municipality or sent by this
     * sender, and is not deleted under its retention rule, in one query that finds the document
     * and decides access together: an id held by someone else, or deleted, costs exactly what an
     * unknown id costs (the answer must not time existence).
     */
    async isAccessibleTo(handoverId: string, party: { municipalityCode: string } | { senderOrganisationId: string }): Promise<boolean> {
      // A sender is the sender of version 1; a municipality was the recipient of some version (re-addressing, 1.1, moves it): the caller decides on the holder.
      const filter = 'senderOrganisationId' in party ? { _id: versionId(handoverId, 1), senderOrganisationId: String(party.senderOrganisationId) } : { handoverId: String(handoverId), municipalityCode: String(party.municipalityCode) };
      // The soft deletion marks every version (retention.repository.ts): read with the match, not asked afterwards.
      const found = await HandoverVersion.findOne(filter, { _id: 0, retiredAt: 1 }).lean<{ retiredAt?: Date }>();
      return found !== null && !found.retiredAt;
    },
    /** A version's metadata only (receipt, attachments, dates): one small read. */
    async findVersionMeta(handoverId: string, version: number): Promise<HandoverVersionMeta | undefined> {
      const meta = await findMeta(handoverId, version);
      if (!meta) return undefined;
      const { contentId: _c, ...rest } = meta;
      return rest;
    },
    /** Whether a handover was deleted under its retention rule (its tombstone): the id stays spent. */
    async wasDeleted(handoverId: string): Promise<boolean> {
      return (await Retirement.exists({ _id: String(handoverId) })) !== null;
    },
    /** Version numbers, senders and feed entries of a handover, newest first: one query by handoverId. */
    async listVersions(handoverId: string): Promise<StoredVersionSummary[]> {
      const found = await HandoverVersion.find({ handoverId: String(handoverId) }, { version: 1, senderOrganisationId: 1, jwsSha256: 1, municipalityCode: 1, feedSeq: 1, retiredAt: 1 }).lean<(StoredVersionSummary & { retiredAt?: Date })[]>();
      return found
        .map((d) => ({ version: d.version, senderOrganisationId: d.senderOrganisationId, jwsSha256: d.jwsSha256, municipalityCode: d.municipalityCode, feedSeq: d.feedSeq, ...(d.retiredAt ? { retired: true } : {}) }))
        .sort((a, b) => b.version - a.version);
    },
    /**
     * Every stored version's id, in no particular order: for checks of a whole store made offline
     * (`handover verify-store`), never for the request path (it reads the whole collection).
     */
    async *everyVersion(): AsyncGenerator<{ handoverId: string; version: number }> {
      for await (const d of HandoverVersion.find({}, { _id: 0, handoverId: 1, version: 1 }).lean<{ handoverId: string; version: number }>().cursor()) {
        yield { handoverId: d.handoverId, version: d.version };
      }
    },
    async countVersions(): Promise<number> {
      return HandoverVersion.countDocuments({});
    },
    async countContents(): Promise<number> {
      return HandoverContent.countDocuments({});
    },
    /**
     * A sender's handovers after number `afterSeq` of its list, at most `count`, read by bucket;
     * `valid` is false for an entry version 1 does not name (a twin's, a crash's: pass it over).
     * `end` is true when the list has no more entries now.
     */
    async senderList(sender: string, afterSeq: number, count: number): Promise<{ entries: { seq: number; handoverId: string; valid: boolean }[]; end: boolean }> {
      const run = await readRun(afterSeq, count, (b) => SenderEntry.find({ bucket: `${String(sender)}:${b}` }).lean<{ seq: number; handoverId: string }[]>(), (e) => e.seq);
      const firsts = await Promise.all(run.map((e) => HandoverVersion.findById(versionId(e.handoverId, 1), { senderSeq: 1, senderOrganisationId: 1 }).lean<{ senderSeq?: number; senderOrganisationId: string }>()));
      return {
        entries: run.map((e, i) => ({ seq: e.seq, handoverId: e.handoverId, valid: firsts[i]?.senderSeq === e.seq && firsts[i]?.senderOrganisationId === sender })),
        end: run.length < count,
      };
    },
    fileDeadlines: deadlineIndex.file,
    deadlineDaysOf: deadlineIndex.deadlineDaysOf,
    deadlineSlotsOf: deadlineIndex.deadlineSlotsOf,
    deadlinesInSlot: deadlineIndex.deadlinesInSlot,
    async insertWithdrawal(w: WithdrawalRecord): Promise<void> {
      const subject = await findMeta(w.handoverId, w.version);
      if (!subject) throw new Error(`handover ${w.handoverId} version ${w.version} is not stored`);
      const startedAt = performance.now();
      const [feedSeq] = await Promise.all([
        feed.append({ municipalityCode: w.municipalityCode, kind: 'w', handoverId: w.handoverId, version: w.version, storedAt: w.feedAt }),
        noteReadChange(models, w.handoverId, `w${w.version}`, w.feedAt),
        // The figures count the current version, another one or none now (figure-facts.ts): noted before the withdrawal is stored.
        noteFigures(models, w.handoverId, w.withdrawnAt),
      ]);
      try {
        await Withdrawal.create({ _id: versionId(w.handoverId, w.version), ...w, feedSeq, subjectBucket: feedBucketOf(subject.municipalityCode, subject.feedSeq!) });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await feed.voidEntry(w.municipalityCode, feedSeq);
        throw new VersionExistsError();
      }
      await commitOrRefile('w', w.municipalityCode, feedSeq, w.feedAt, startedAt);
    },
    /**
     * Makes sure a stored version is shown in its municipality's feed (the orphan sweeper, for a
     * writer that stopped between writing it and committing its entry): see feed-log.ts, ensureFiled.
     */
    ensureInFeed(handoverId: string, version: number, now: () => Date): Promise<void> {
      return feed.ensureFiled('v', handoverId, version, now);
    },
    async findWithdrawal(handoverId: string, version: number): Promise<WithdrawalRecord | undefined> {
      const d = await Withdrawal.findById(versionId(handoverId, version)).lean<WithdrawalRecord & { _id: string; jws: Buffer }>();
      if (!d) return undefined;
      const { _id, ...rest } = d;
      return { ...rest, jws: asBuffer(d.jws) };
    },
    /** Which of these versions are withdrawn: one query by handoverId. */
    async withdrawnVersions(handoverId: string, versions: readonly number[]): Promise<Set<number>> {
      const withdrawn = await Withdrawal.find({ handoverId: String(handoverId) }, { version: 1 }).lean<{ version: number }[]>();
      const asked = new Set(versions);
      return new Set(withdrawn.map((w) => w.version).filter((v) => asked.has(v)));
    },
  };
}

export type HandoverRepository = ReturnType<typeof handoverRepository>;
