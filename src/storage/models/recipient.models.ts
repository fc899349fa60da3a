/** What recipients do with a handover: retrievals, acknowledgements, consent changes, children routed, records handed on, GP assignments and results. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

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

export function recipientModels(connection: Connection) {
  return {
    Retrieval: connection.model('Retrieval', retrievalSchema, 'retrievals'),
    Acknowledgement: connection.model('Acknowledgement', acknowledgementSchema, 'acknowledgements'),
    ConsentChange: connection.model('ConsentChange', consentChangeSchema, 'consent_changes'),
    GpAssignment: connection.model('GpAssignment', gpAssignmentSchema, 'gp_assignments'),
    ChildRouting: connection.model('ChildRouting', childRoutingSchema, 'child_routings'),
    RecordTransfer: connection.model('RecordTransfer', recordTransferSchema, 'record_transfers'),
    AssessmentResult: connection.model('AssessmentResult', assessmentResultSchema, 'assessment_results'),
  };
}
