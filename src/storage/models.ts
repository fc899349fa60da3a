/** Mongoose schemas for every collection. Only features both MongoDB and FerretDB support. */
import mongoose, { Schema, type Connection } from 'mongoose';
import { COUNTER_FIELDS } from '../domain/funnel.js';

const strict = { strict: 'throw' as const, versionKey: false as const };

const organisationSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    name: { type: String, required: true },
    municipalityCode: { type: String },
    createdAt: { type: Date, required: true },
  },
  strict,
);
organisationSchema.index({ type: 1, municipalityCode: 1 });

const signingKeySchema = new Schema(
  {
    _id: { type: String, required: true }, // kid: unique by construction
    organisationId: { type: String, required: true, index: true },
    alg: { type: String, required: true },
    publicJwk: { type: Schema.Types.Mixed, required: true },
    fingerprint: { type: String, required: true },
    validFrom: { type: Date, required: true },
    validUntil: { type: Date },
    revokedAt: { type: Date },
    revocationReason: { type: String },
    createdAt: { type: Date, required: true },
  },
  strict,
);

const credentialSchema = new Schema(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true, index: true },
    role: { type: String, required: true },
    label: { type: String },
    secretHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date },
    revokedAt: { type: Date },
    lastUsedAt: { type: Date },
  },
  strict,
);

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
 * Each deadline of each version under the month it falls in, so the municipality's deadline
 * list reads the months of its window by equality. Written before the version itself: a row
 * whose version was never written, or is no longer current, is passed over on reading. It
 * carries the number of its version's feed entry, so the list learns which versions are current
 * from the feed's buckets (a few queries per hundred handovers) instead of handover by handover.
 */
const deadlineEntrySchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<version>:<n>"
    month: { type: String, required: true }, // "<municipality>:<YYYY-MM>"
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    // Absent on rows written before it was kept: those are checked handover by handover.
    feedSeq: { type: Number },
    deadline: { type: Schema.Types.Mixed, required: true },
  },
  strict,
);
deadlineEntrySchema.index({ month: 1 });

/** The orphan sweeper's notes (sweep-ledger.ts): a file or content, under the minute it was written in. */
const sweepNoteSchema = new Schema(
  {
    _id: { type: String, required: true }, // "file:<fileId>" | "content:<contentId>"
    minute: { type: String, required: true }, // "YYYY-MM-DDTHH:MM"
    at: { type: Date, required: true },
    kind: { type: String, required: true },
    fileId: String,
    contentId: String,
    versionId: String,
  },
  strict,
);
sweepNoteSchema.index({ minute: 1 });

/** Which version references an attachment file, written before the version. */
const attachmentRefSchema = new Schema({ _id: { type: String, required: true }, versionId: { type: String, required: true } }, strict);

/** Where the sweeper resumes. */
const sweepStateSchema = new Schema({ _id: { type: String, required: true }, sweptBefore: { type: Date, required: true } }, strict);

const retrievalSchema = new Schema(
  { _id: String, handoverId: String, version: Number, organisationId: String, at: Date, personId: String, personName: String },
  strict,
);

const acknowledgementSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<version>"
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    municipalityCode: { type: String, required: true },
    organisationId: { type: String, required: true },
    credentialId: { type: String, required: true },
    personId: String,
    personName: String,
    caseworker: String,
    note: String,
    outcome: String,
    reason: String,
    pointers: [String],
    at: { type: Date, required: true },
    receipt: { receiptId: String, jws: String },
    /** The feed bucket of the acknowledged version's entry. */
    bucket: { type: String, required: true },
  },
  strict,
);
acknowledgementSchema.index({ bucket: 1 });

/** Questions back from the municipality to the sender, their answers and closures: insert-only events of one handover's thread. */
const questionEventSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:q:<n>" (numbers a question), ":a:<n>:<id>", ":c:<n>" (closed once)
    handoverId: { type: String, required: true, index: true },
    kind: { type: String, required: true },
    number: { type: Number, required: true },
    version: Number,
    text: String,
    pointers: [String],
    caseworker: String,
    at: { type: Date, required: true },
    organisationId: { type: String, required: true },
    credentialId: { type: String, required: true },
  },
  strict,
);

/** Each party's list of the questions it asked or was asked (a dense sequence per party: the sender's organisation, or "m:<municipality code>"). */
const questionLogEntrySchema = new Schema(
  {
    _id: { type: String, required: true }, // "<party>:<seq>"
    bucket: { type: String, required: true },
    seq: { type: Number, required: true },
    handoverId: { type: String, required: true },
    number: { type: Number, required: true },
  },
  strict,
);

const consentChangeSchema = new Schema(
  {
    handoverId: { type: String, required: true, index: true },
    personRef: { type: String, required: true },
    audience: { type: String, required: true },
    scope: { type: String, required: true },
    action: { type: String, required: true },
    effectiveAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    recordedBy: { type: String, required: true },
    obtainedHow: { type: String, required: true },
    /** The feed buckets of the handover's version entries when the change was recorded. */
    buckets: { type: [String], default: [] },
  },
  strict,
);
consentChangeSchema.index({ buckets: 1 });
questionLogEntrySchema.index({ bucket: 1 });

/** A child routed by the coordinating department to a unit of its children's services (health visitors, PPR). */
const childRoutingSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<personRef>:<unitOrganisationId>"
    handoverId: { type: String, required: true, index: true },
    personRef: { type: String, required: true },
    unitOrganisationId: { type: String, required: true, index: true },
    audience: { type: String, required: true },
    municipalityCode: { type: String, required: true },
    routedAt: { type: Date, required: true },
    routedBy: { type: String, required: true },
  },
  strict,
);

/** A person's record handed on by the holding municipality to the one the person moved to. */
const recordTransferSchema = new Schema(
  {
    _id: { type: String, required: true }, // transferId
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    fromMunicipalityCode: { type: String, required: true },
    toMunicipalityCode: { type: String, required: true },
    /** "<to municipality>:<YYYY-MM>": the receiving municipality lists a month by equality. */
    toMonth: { type: String, required: true, index: true },
    personRefs: { type: [String], required: true },
    movedOn: { type: String, required: true },
    reason: String,
    transferredAt: { type: Date, required: true },
    transferredBy: { type: String, required: true },
    receipt: { receiptId: String, jws: String },
  },
  strict,
);

const gpAssignmentSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<handoverId>:<personRef>"
    handoverId: { type: String, required: true, index: true },
    personRef: { type: String, required: true },
    gpOrganisationId: { type: String, required: true, index: true },
    municipalityCode: { type: String, required: true },
    assignedAt: { type: Date, required: true },
    assignedBy: { type: String, required: true },
  },
  strict,
);

const assessmentResultSchema = new Schema(
  {
    _id: { type: String, required: true }, // resultId
    handoverId: { type: String, required: true, index: true },
    personRef: { type: String, required: true },
    gpOrganisationId: { type: String, required: true, index: true },
    receivedAt: { type: Date, required: true },
    jws: { type: Buffer, required: true },
    jwsSha256: { type: String, required: true },
    verification: { kid: String, alg: String, typ: String, keyFingerprint: String },
    payload: { type: Schema.Types.Mixed, required: true },
    receipt: { receiptId: String, jws: String },
  },
  strict,
);

const auditEventSchema = new Schema(
  {
    _id: { type: Number, required: true }, // sequence: unique, so the chain cannot fork
    at: { type: Date, required: true },
    requestId: String,
    actor: { credentialId: String, organisationId: String, role: String, personId: String, personName: String },
    action: { type: String, required: true },
    handoverId: String,
    version: Number,
    personRef: String,
    section: String,
    outcome: { type: String, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    /** "<pending id>/<index>": the request's record it came from (audit-chain.ts). */
    source: String,
    /** floor(seq / 100): a page of the log is found by equality on it (dense-sequence.ts). */
    bucket: { type: Number, required: true },
  },
  strict,
);
auditEventSchema.index({ bucket: 1 });

/**
 * One request's audit events as written on the request path: one insert under a random id, no
 * place in the chain yet. The sequencer integrates them into audit_events and deletes them.
 */
const pendingAuditEventSchema = new Schema(
  {
    at: { type: Date, required: true },
    requestId: String,
    actor: { credentialId: String, organisationId: String, role: String, personId: String, personName: String },
    action: { type: String, required: true },
    handoverId: String,
    version: Number,
    personRef: String,
    section: String,
    outcome: { type: String, required: true },
  },
  { _id: false, ...strict },
);
const pendingAuditSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** When the request wrote it: `audit verify` fails on pending records older than the checkpoint interval allows. */
    at: { type: Date, required: true },
    events: { type: [pendingAuditEventSchema], required: true },
  },
  strict,
);

/** Who integrates pending audit events now: one document, taken over when its lease has run out (audit-lease.ts). */
const auditLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  strict,
);

/** Signed checkpoints of the audit chain's head, kept apart from the events (audit-checkpoint.repository.ts). */
const auditCheckpointSchema = new Schema(
  {
    _id: { type: Number, required: true }, // checkpoint number: a dense sequence of its own
    headSeq: { type: Number, required: true },
    headHash: { type: String, required: true },
    at: { type: Date, required: true },
    reason: { type: String, required: true },
    jws: { type: String, required: true },
  },
  strict,
);

const webhookSchema = new Schema(
  {
    _id: { type: String, required: true }, // the subscriber: a municipality code, or "sender:<organisationId>"; one endpoint each
    url: { type: String, required: true },
    registeredAt: { type: Date, required: true },
    registeredBy: { type: String, required: true },
  },
  strict,
);

const outboxMessageSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<subscriber>:<handoverId>:<version>:<event>[:<n>]": enqueuing twice is a no-op
    /** Who it is for: a municipality code, or "sender:<organisationId>". */
    subscriber: { type: String },
    /** Messages stored before senders had webhooks: their municipality (read as the subscriber). */
    municipalityCode: { type: String },
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    event: { type: String, required: true },
    notificationId: { type: String, required: true },
    jws: { type: String, required: true },
    status: { type: String, required: true }, // pending | delivered | failed
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    /** A dispatcher holds the message until then; another instance may take it after. */
    leaseUntil: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    deliveredAt: Date,
    lastAttemptAt: Date,
    lastError: String,
    url: String,
  },
  strict,
);
outboxMessageSchema.index({ status: 1, nextAttemptAt: 1 });
outboxMessageSchema.index({ subscriber: 1, createdAt: -1 });

/**
 * One claim of one delivery attempt: `_id` "<message>:<attempts>:<lease it replaces>". The unique
 * insert is what makes a claim exclusive (FerretDB applies findOneAndUpdate as a read and a write,
 * so two instances could both see a message as free).
 */
/** When a handover falls due under its retention rule, filed by month: the job reads a month by equality. */
const retentionScheduleSchema = new Schema(
  {
    _id: { type: String, required: true }, // handoverId: one entry per handover, refiled as versions come and go
    month: { type: String, required: true, index: true }, // "YYYY-MM"
    dueOn: { type: String, required: true },
    kind: { type: String, required: true },
  },
  strict,
);

/** A handover deleted under its retention rule: soft-deleted, then purged; what stays is the tombstone. */
const retirementSchema = new Schema(
  {
    _id: { type: String, required: true }, // handoverId
    state: { type: String, required: true, index: true }, // soft-deleted | purged
    kind: { type: String, required: true },
    dueOn: { type: String, required: true },
    softDeletedAt: { type: Date, required: true },
    purgeOn: { type: String, required: true },
    purgedAt: { type: Date },
    /** Per version: SHA-256, receipt id, dates, attachments' SHA-256 and size: no personal data. */
    versions: { type: Schema.Types.Mixed, required: true },
  },
  strict,
);

/** The retention job's own marks (e.g. that handovers stored before the schedule was kept are filed). */
const retentionStateSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true }, month: String }, strict);

/**
 * The funnel (domain/funnel.ts): a fact per person, municipality and stage reached, written once
 * by _id so a retried or concurrent event counts once; `counted` names the counter fields it
 * added to, so moving the person to another holder takes exactly those back.
 */
const funnelFactSchema = new Schema(
  {
    _id: { type: String, required: true },
    handoverId: { type: String, required: true, index: true },
    personRef: { type: String, required: true },
    municipalityCode: { type: String, required: true },
    senderOrganisationId: { type: String, required: true },
    month: { type: String, required: true },
    stage: { type: String, required: true },
    /** How the municipality came to hold the person: the handover's recipient, or a record handed on to it. */
    via: { type: String, required: true },
    cohorts: { type: [String], default: undefined },
    arrivalOn: String,
    counted: { type: [String], default: undefined },
    at: { type: Date, required: true },
  },
  strict,
);

/** The funnel's counters: one small document per municipality, sender and month, updated by $inc. */
const funnelCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    municipalityCode: { type: String, required: true, index: true },
    senderOrganisationId: { type: String, required: true, index: true },
    month: { type: String, required: true, index: true },
    ...Object.fromEntries(COUNTER_FIELDS.map((f) => [f, Number])),
  },
  strict,
);

/** A person's browser session: the cookie's token is kept only as a hash; the credential it stands for is checked on every request. */
const webSessionSchema = new Schema(
  {
    _id: { type: String, required: true }, // SHA-256 of the session token
    // A credential's session (built-in sign-in), or a person's (their organisation's identity provider).
    credentialId: String,
    organisationId: String,
    role: String,
    personId: String,
    personName: String,
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
  },
  strict,
);

// An organisation's identity provider (OpenID Connect) for its people's sign-in, and the role they get.
const identityProviderSchema = new Schema(
  {
    _id: { type: String, required: true }, // the organisation id
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    clientSecret: String,
    role: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  strict,
);

// A sign-in under way: the PKCE verifier and nonce, by the hash of its state, for ten minutes.
const personSignInSchema = new Schema(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true },
    codeVerifier: { type: String, required: true },
    nonce: { type: String, required: true },
    redirectUri: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  strict,
);

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

const outboxClaimSchema = new Schema({ _id: { type: String, required: true }, claimedAt: { type: Date, required: true } }, strict);

export function registerModels(connection: Connection) {
  return {
    Organisation: connection.model('Organisation', organisationSchema, 'organisations'),
    SigningKey: connection.model('SigningKey', signingKeySchema, 'signing_keys'),
    Credential: connection.model('Credential', credentialSchema, 'credentials'),
    HandoverVersion: connection.model('HandoverVersion', handoverVersionSchema, 'handover_versions'),
    HandoverContent: connection.model('HandoverContent', handoverContentSchema, 'handover_contents'),
    Withdrawal: connection.model('Withdrawal', withdrawalSchema, 'withdrawals'),
    FeedEntry: connection.model('FeedEntry', feedEntrySchema, 'feed_entries'),
    FeedBucket: connection.model('FeedBucket', feedBucketSchema, 'feed_buckets'),
    SenderEntry: connection.model('SenderEntry', senderEntrySchema, 'sender_handovers'),
    DeadlineEntry: connection.model('DeadlineEntry', deadlineEntrySchema, 'deadline_entries'),
    SweepNote: connection.model('SweepNote', sweepNoteSchema, 'sweep_notes'),
    AttachmentRef: connection.model('AttachmentRef', attachmentRefSchema, 'attachment_refs'),
    SweepState: connection.model('SweepState', sweepStateSchema, 'sweep_state'),
    SupersededMarker: connection.model('SupersededMarker', supersededMarkerSchema, 'superseded_versions'),
    Retrieval: connection.model('Retrieval', retrievalSchema, 'retrievals'),
    Acknowledgement: connection.model('Acknowledgement', acknowledgementSchema, 'acknowledgements'),
    ConsentChange: connection.model('ConsentChange', consentChangeSchema, 'consent_changes'),
    QuestionEvent: connection.model('QuestionEvent', questionEventSchema, 'question_events'),
    QuestionLogEntry: connection.model('QuestionLogEntry', questionLogEntrySchema, 'question_log'),
    GpAssignment: connection.model('GpAssignment', gpAssignmentSchema, 'gp_assignments'),
    ChildRouting: connection.model('ChildRouting', childRoutingSchema, 'child_routings'),
    RecordTransfer: connection.model('RecordTransfer', recordTransferSchema, 'record_transfers'),
    WebSession: connection.model('WebSession', webSessionSchema, 'web_sessions'),
    Draft: connection.model('Draft', draftSchema, 'drafts'),
    IdentityProvider: connection.model('IdentityProvider', identityProviderSchema, 'identity_providers'),
    PersonSignIn: connection.model('PersonSignIn', personSignInSchema, 'person_sign_ins'),
    AssessmentResult: connection.model('AssessmentResult', assessmentResultSchema, 'assessment_results'),
    AuditEvent: connection.model('AuditEvent', auditEventSchema, 'audit_events'),
    AuditCheckpoint: connection.model('AuditCheckpoint', auditCheckpointSchema, 'audit_checkpoints'),
    PendingAudit: connection.model('PendingAudit', pendingAuditSchema, 'audit_pending'),
    AuditLease: connection.model('AuditLease', auditLeaseSchema, 'audit_lease'),
    Webhook: connection.model('Webhook', webhookSchema, 'webhooks'),
    OutboxMessage: connection.model('OutboxMessage', outboxMessageSchema, 'outbox_messages'),
    OutboxClaim: connection.model('OutboxClaim', outboxClaimSchema, 'outbox_claims'),
    RetentionSchedule: connection.model('RetentionSchedule', retentionScheduleSchema, 'retention_schedule'),
    Retirement: connection.model('Retirement', retirementSchema, 'retirements'),
    RetentionState: connection.model('RetentionState', retentionStateSchema, 'retention_state'),
    FunnelFact: connection.model('FunnelFact', funnelFactSchema, 'funnel_facts'),
    FunnelCounter: connection.model('FunnelCounter', funnelCounterSchema, 'funnel_counters'),
  };
}

export type Models = ReturnType<typeof registerModels>;

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown })?.code === 11000 || (err instanceof mongoose.mongo.MongoServerError && err.code === 11000);
}

/** An unordered insertMany whose every failure is a duplicate key: what was new got in, the rest was there already. */
export function onlyDuplicateKeys(err: unknown): boolean {
  if (isDuplicateKey(err)) return true;
  const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] })?.writeErrors;
  return Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
}
