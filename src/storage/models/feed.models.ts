/** The municipalities' feeds and the senders' lists: dense sequences read by bucket (dense-sequence.ts, feed-log.ts). */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

/**
 * The municipalities' feeds: one small entry per version received and per withdrawal, numbered
 * densely per municipality (dense-sequence.ts) and found by `bucket`, never by sort or range.
 * An entry is taken before its version is written and marked committed after: a reader shows
 * committed entries, waits at an uncommitted young one, and voids an old one it passes (its
 * version was never written, or was written by a twin under another entry). Committing and
 * voiding exclude each other (each is conditional on the other not having happened), so each
 * entry is decided once: a version whose entry was voided while it was being written is filed
 * again under a new entry (feed-log.ts, refile), never refused.
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
    /** Passed by a reader as an orphan: never shown, never committed (feed-log.ts). */
    voided: Boolean,
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
    FeedBucket: connection.model('FeedBucket', feedBucketSchema, 'feed_buckets'),
    SenderEntry: connection.model('SenderEntry', senderEntrySchema, 'sender_handovers'),
  };
}
