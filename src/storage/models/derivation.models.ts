/** What is still to be derived from what a request stored (services/derivations.ts): one small note each, deleted once derived. */
import { Schema, type Connection } from 'mongoose';

/**
 * A pending derivation, named by the event so a second note of the same event is the same note:
 * "v:<handoverId>:<version>" a version was stored (its funnel counts and its municipality's
 * notification follow); "r:<handoverId>:<municipalityCode>:<personRefs>" a municipality read
 * these persons; "g:<event>:<handoverId>:<personRef>:<municipalityCode>" a GP's event;
 * "t:<transferId>" a record handed on; "f:<handoverId>:<unique>" something the figures count of the
 * handover changed (a first retrieval, an acknowledgement, a question, a withdrawal). The worker reads the whole collection (it holds only what
 * is not derived yet), so no field but _id is indexed: each index costs every insert.
 */
const derivationSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['version', 'retrieval', 'gp', 'transfer', 'figures'] },
    handoverId: { type: String, required: true },
    /** The version stored (version notes). */
    version: Number,
    municipalityCode: String,
    personRefs: { type: [String], default: undefined },
    /** A GP's event: gpAssigned, gpSummaryRead or gpResultReturned. */
    event: String,
    transferId: String,
    at: { type: Date, required: true },
  },
  { strict: 'throw' as const, versionKey: false as const },
);

export function derivationModels(connection: Connection) {
  return { Derivation: connection.model('Derivation', derivationSchema, 'derivations') };
}
