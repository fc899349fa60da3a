/** The audit log: its chain, the records requests write before the sequencer integrates them, its lease and signed checkpoints. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

/** What an audit event says, as a request writes it and as the chain keeps it (which adds its place and hashes). */
const auditEventFields = {
  at: { type: Date, required: true },
  requestId: String,
  actor: { credentialId: String, organisationId: String, role: String, personId: String, personName: String },
  action: { type: String, required: true },
  handoverId: String,
  version: Number,
  personRef: String,
  section: String,
  outcome: { type: String, required: true },
} as const;

const auditEventSchema = new Schema(
  {
    _id: { type: Number, required: true }, // sequence: unique, so the chain cannot fork
    ...auditEventFields,
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
const pendingAuditEventSchema = new Schema(auditEventFields, { _id: false, ...strict });

const pendingAuditSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** When the request wrote it: `audit verify` fails on pending records older than the checkpoint interval allows. */
    at: { type: Date, required: true },
    events: { type: [pendingAuditEventSchema], required: true },
  },
  strict,
);

/** Who holds a one-at-a-time lease (audit sequencer, derivations) now: one document per term, "<lease>:<term>", the next inserted once a term has run out (audit-lease.ts). */
const auditLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    /** Let go by its holder: the next term may be taken at once (audit-lease.ts). */
    released: Boolean,
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

export function auditModels(connection: Connection) {
  return {
    AuditEvent: connection.model('AuditEvent', auditEventSchema, 'audit_events'),
    AuditCheckpoint: connection.model('AuditCheckpoint', auditCheckpointSchema, 'audit_checkpoints'),
    PendingAudit: connection.model('PendingAudit', pendingAuditSchema, 'audit_pending'),
    AuditLease: connection.model('AuditLease', auditLeaseSchema, 'audit_lease'),
  };
}
