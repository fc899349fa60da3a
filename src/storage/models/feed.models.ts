/** The municipalities' feeds and the senders' lists: dense sequences read by bucket (dense-sequence.ts, feed-log.ts). */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

/**
 * The municipalities' feeds: one small entry per version received and per withdrawal, numbered
 * densely per municipality (dense-sequence.ts) and found by `bucket`, never by sort or range.
 * An entry is taken before its version is written and marked committed after: a reader shows
 * committed entries, waits at an uncommitted young one, and voids an old one it passes (its
 * version was never written, or was written by a twin under another entry). Whether an entry is
 * committed or voided is decided once, by inserting its decision (feed_decisions, below): a
 * version whose entry was voided while it was being written is filed again under a new entry
 * (feed-log.ts, refile), never refused. `committed` is true here only for entries stored already
 * committed (the benchmark's seeding); everything else is decided in feed_decisions.
 */
const feedEntrySchema = new Schema(
  {
    _id: { type: String, required: true }, // "<municipality>:<seq>"
    municipalityCode: { type: String, required: true },
    seq: { type: Number, required: true },
    bucket: { type: String, required: true },
    kind: { type: String, required: true }, // v (version received) | w (version withdrawn)
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    storedAt: { type: Date, required: true },
    committed: { type: Boolean, required: true },
    // What the feed shows of a version, so a page reads nothing else of it.
    receivedAt: Date,
    senderOrganisationId: String,
    completenessScore: Number,
    expectedArrivalDate: String,
    urgentFlagCount: Number,
    /** The feed's summary as one JSON string: FerretDB decodes a string far faster than nested objects. */
    summaryJson: String,
    /** The handover was deleted under its retention rule: the summary is gone (feed-log.ts, scrub). */
    retired: Boolean,
  },
  strict,
);
feedEntrySchema.index({ bucket: 1 });

/**
 * Each sender's handovers in the order they were first received, a dense sequence
 * (dense-sequence.ts) read by bucket: the sender's list pages without a sort. Taken before
 * version 1 is written; an entry that version 1 does not name (a twin's, a crash's) is passed over.
 */
const senderEntrySchema = new Schema(
  {
    _id: { type: String, required: true }, // "<sender>:<seq>"
    bucket: { type: String, required: true },
    seq: { type: Number, required: true },
    handoverId: { type: String, required: true, index: true },
  },
  strict,
);
senderEntrySchema.index({ bucket: 1 });

/**
 * What became of a feed entry, decided by whoever inserts this first: its writer ('committed':
 * the version is written under it) or a reader passing it ('voided': never shown). Only the
 * insert of one _id is decided atomically on FerretDB (docs/operations.md, "What the database
 * decides atomically"): an update conditional on the other flag let both a writer and a reader
 * win, and the entry was committed yet passed over, its version missing from the feed.
 */
const feedDecisionSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<municipality>:<seq>", as the entry
    bucket: { type: String, required: true },
    outcome: { type: String, required: true, enum: ['committed', 'voided'] },
  },
  strict,
);
feedDecisionSchema.index({ bucket: 1 });

/**
 * A voided entry's version filed again under entry `to`, decided by whoever inserts this first
 * (the writer or the orphan sweeper): the other voids the entry it took.
 */
const feedRefilingSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<municipality>:<voided seq>"
    to: { type: Number, required: true },
  },
  strict,
);

/** A settled bucket of a feed, sealed into one document: its written entries as gzipped JSON (feed-log.ts). */
const feedBucketSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<municipality>:<bucket>"
    entries: { type: Buffer, required: true },
  },
  strict,
);

export function feedModels(connection: Connection) {
  return {
    FeedEntry: connection.model('FeedEntry', feedEntrySchema, 'feed_entries'),
    FeedDecision: connection.model('FeedDecision', feedDecisionSchema, 'feed_decisions'),
    FeedRefiling: connection.model('FeedRefiling', feedRefilingSchema, 'feed_refilings'),
    FeedBucket: connection.model('FeedBucket', feedBucketSchema, 'feed_buckets'),
    SenderEntry: connection.model('SenderEntry', senderEntrySchema, 'sender_handovers'),
  };
}
