/** Mongoose schemas for every collection. Only features both MongoDB and FerretDB support. */
import mongoose, { Schema, type Connection } from 'mongoose';

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
    revokedAt: { type: Date },
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
    handoverId: { type: String, required: true },
    version: { type: Number, required: true },
    supersedesVersion: { type: Number },
    senderOrganisationId: { type: String, required: true },
    municipalityCode: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    jwsSha256: { type: String, required: true },
    /** The exact bytes received: the evidence. */
    jws: { type: Buffer, required: true },
    serialization: { type: String, required: true },
    verification: {
      kid: String,
      alg: String,
      typ: String,
      keyFingerprint: String,
    },
    payload: { type: Schema.Types.Mixed, required: true },
    attachments: { type: [storedAttachmentSchema], default: [] },
    receipt: {
      receiptId: String,
      jws: String,
    },
    completenessScore: { type: Number, required: true },
    expectedArrivalDate: { type: String, required: true },
  },
  strict,
);
handoverVersionSchema.index({ handoverId: 1, version: -1 });
handoverVersionSchema.index({ senderOrganisationId: 1, receivedAt: 1 });
handoverVersionSchema.index({ municipalityCode: 1, receivedAt: 1 });

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
  },
  strict,
);

export function registerModels(connection: Connection) {
  return {
    Organisation: connection.model('Organisation', organisationSchema, 'organisations'),
    SigningKey: connection.model('SigningKey', signingKeySchema, 'signing_keys'),
    Credential: connection.model('Credential', credentialSchema, 'credentials'),
    HandoverVersion: connection.model('HandoverVersion', handoverVersionSchema, 'handover_versions'),
    Withdrawal: connection.model('Withdrawal', withdrawalSchema, 'withdrawals'),
  };
}

export type Models = ReturnType<typeof registerModels>;

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown })?.code === 11000 || (err instanceof mongoose.mongo.MongoServerError && err.code === 11000);
}
