/** What is still to be derived from what a request stored (services/derivations.ts): one small note each, deleted once derived. */
import { Schema, type Connection } from 'mongoose';

/**
 * A pending derivation. "v:<handoverId>:<version>": a version was stored (its funnel counts and
 * its municipality's notification follow); "r:<handoverId>:<municipalityCode>:<personRefs>": a
 * municipality read a version (its persons reach "retrieved" in the funnel). The id makes a
 * second note of the same event the same note. The worker reads the whole collection (it holds
 * only what is not derived yet), so no field but _id is indexed: each index costs every insert.
 */
const derivationSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['version', 'retrieval'] },
    handoverId: { type: String, required: true },
    /** The version stored (version notes). */
    version: Number,
    municipalityCode: String,
    personRefs: { type: [String], default: undefined },
    at: { type: Date, required: true },
  },
  { strict: 'throw' as const, versionKey: false as const },
);

export function derivationModels(connection: Connection) {
  return { Derivation: connection.model('Derivation', derivationSchema, 'derivations') };
}
