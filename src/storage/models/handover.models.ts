/** Handover versions and their signed bytes, withdrawals, superseded versions, deadlines, and senders' drafts. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

const storedAttachmentSchema = new Schema(
  {
    attachmentRef: String,
    fileId: Schema.Types.ObjectId,
    filename: String,
    mediaType: String,
    size: Number,
    sha256: String,
    personRef: String,
    category: String,
  },
  { _id: false },
);

const handoverVersionSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<version>": one document per version, by construction
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    supersedesVersion: { type: Number },
    senderOrganisationId: { type: String, required: true },
    municipalityCode: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    jwsSha256: { type: String, required: true },
    /** Where the exact bytes received are: handover_contents, read by _id only. */
    contentId: { type: String, required: true },
    serialization: { type: String, required: true },
    verification: {
      kid: String,
      alg: String,
      typ: String,
      keyFingerprint: String,
    },
    attachments: { type: [storedAttachmentSchema], default: [] },
    receipt: {
      receiptId: String,
      jws: String,
    },
    completenessScore: { type: Number, required: true },
    expectedArrivalDate: { type: String, required: true },
    urgentFlagCount: { type: Number, required: true },
    /** When the version's feed entry was taken. */
    feedAt: { type: Date, required: true },
    /** The number of its entry in the municipality's feed (feed_entries "<municipality>:<feedSeq>"). */
    feedSeq: { type: Number, required: true },
    /** Version 1 only: the number of the handover in its sender's list (sender_handovers "<sender>:<senderSeq>"). */
    senderSeq: { type: Number },
    /** The feed's summary of the version (persons, arrival, flags, deadlines, consents), so a page needs no signed document. */
    feedSummary: { type: Schema.Types.Mixed },
    /** What the figures read of the version: each person's mental-health state, no personal data (domain/figures.ts). */
    figureFacts: { type: Schema.Types.Mixed },
    /** Soft-deleted under its retention rule: no longer readable, purged after the grace period (services/retention.ts). */
    retiredAt: { type: Date },
  },
  strict,
);

/**
 * The signed bytes of each version, apart from its (small) metadata: FerretDB scans whole
 * documents for any query that is not by _id, so the large evidence is only ever read by _id.
 * The id carries the bytes' SHA-256, so two racing submissions never collide here.
 */
const handoverContentSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<version>:<sha256>"
    jws: { type: Buffer, required: true },
    storedAt: { type: Date, required: true },
  },
  strict,
);

const withdrawalSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<version>"
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    reason: { type: String, required: true },
    withdrawnAt: { type: Date, required: true },
    senderOrganisationId: { type: String, required: true },
    jws: { type: Buffer, required: true },
    jwsSha256: { type: String, required: true },
    verification: { kid: String, alg: String, typ: String, keyFingerprint: String },
    receipt: { receiptId: String, jws: String },
    municipalityCode: { type: String, required: true },
    feedAt: { type: Date, required: true },
    /** The number of the withdrawal's own entry in the feed. */
    feedSeq: { type: Number, required: true },
    /** The feed bucket of the withdrawn version's entry: a feed page finds the withdrawals of its versions by it. */
    subjectBucket: { type: String, required: true },
  },
  strict,
);
withdrawalSchema.index({ subjectBucket: 1 });

/**
 * One row per version that a later version superseded, written before the later version itself:
 * the feed finds the superseded among a page's versions with one query on a small collection
 * (a row whose later version never got stored is ignored on reading).
 */
const supersededMarkerSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<superseded version>"
    handoverId: { type: String, required: true, index: true },
    byVersion: { type: Number, required: true },
    /** The feed bucket of the superseded version's entry. */
    bucket: { type: String, required: true },
  },
  strict,
);
supersededMarkerSchema.index({ bucket: 1 });

/**
 * Each deadline of each version in its slot: the municipality's deadlines on one day whose
 * versions' feed entries share a feed bucket (100 entries), so a slot holds at most a hundred
 * versions' deadlines of that day however many are stored, and the list reads a page slot by
 * slot by equality (storage/deadline-index.ts). Written before the version itself: a row whose
 * version was never written, or is no longer current, is passed over on reading; its feed
 * entry's bucket tells which versions are current in a few queries.
 */
const deadlineEntrySchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<version>:<n>"
    slot: { type: String }, // "<municipality>:<YYYY-MM-DD>:<feed bucket>"; absent on rows from before slots (indexed at start)
    // Its place in the list: the day, then the feed entry, then n (domain/deadline-positions.ts).
    position: { type: Number },
    month: { type: String }, // "<municipality>:<YYYY-MM>", kept from before slots
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    feedSeq: { type: Number },
    // The deadline (domain/deadlines.ts), its fields at the top level; rows from before slots hold it nested under `deadline`.
    deadline: { type: Schema.Types.Mixed },
    personRef: { type: String },
    kind: { type: String },
    date: { type: String },
    mandatory: { type: Boolean },
    ruleId: { type: String },
    detail: { type: String },
    critical: { type: Boolean },
    birthDatePrecision: { type: String },
    // What the version fixes of the row as listed: the person's name, and whether its consents cover their health for the coordinating department.
    personName: { type: String },
    healthConsent: { type: Boolean },
  },
  strict,
);
deadlineEntrySchema.index({ slot: 1 });

/**
 * Which slots hold deadlines: a document per day with any ("d:<municipality>:<YYYY-MM-DD>", under
 * its year) and per slot ("s:<slot>", under its day). Written once each, never updated, so
 * concurrent submissions only meet on a duplicate key; a year lists at most 366 days, and the
 * list's window of three years and some months is read in four or five queries.
 */
const deadlineIndexSchema = new Schema(
  {
    _id: { type: String, required: true },
    year: { type: String }, // a day's: "<municipality>:<YYYY>"
    day: { type: String }, // a slot's: "<municipality>:<YYYY-MM-DD>"
    bucket: { type: Number }, // a slot's feed bucket
  },
  strict,
);
deadlineIndexSchema.index({ year: 1 });
deadlineIndexSchema.index({ day: 1 });

// A sender's unfinished handover: the form as its staff left it, as JSON text (never a signed
// document); read and written only by that organisation, removed on submission or when it expires.
const draftSchema = new Schema(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true, index: true },
    document: { type: String, required: true },
    persons: { type: [String], default: undefined },
    municipalityCode: { type: String },
    savedAt: { type: Date, required: true },
    savedBy: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  strict,
);

export function handoverModels(connection: Connection) {
  return {
    HandoverVersion: connection.model('HandoverVersion', handoverVersionSchema, 'handover_versions'),
    HandoverContent: connection.model('HandoverContent', handoverContentSchema, 'handover_contents'),
    Withdrawal: connection.model('Withdrawal', withdrawalSchema, 'withdrawals'),
    DeadlineEntry: connection.model('DeadlineEntry', deadlineEntrySchema, 'deadline_entries'),
    DeadlineIndex: connection.model('DeadlineIndex', deadlineIndexSchema, 'deadline_index'),
    SupersededMarker: connection.model('SupersededMarker', supersededMarkerSchema, 'superseded_versions'),
    Draft: connection.model('Draft', draftSchema, 'drafts'),
  };
}
