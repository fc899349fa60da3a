/**
 * The read model of a handover (issue 33.4): what fetching it needs, in one document by its id,
 * and a journal of the changes it does not show yet (services/handover-read-model.ts).
 */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

/**
 * One per handover ("<handoverId>"), written whole: with version 1 by its submission, then only by
 * the derivation worker (one writer at a time, by lease). `holder` and `sender` are the parties
 * who may read it, matched in the query that finds it (absent once deleted under its retention
 * rule); `covers` the journal entries it shows.
 */
const handoverReadSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String },
    sender: { type: String },
    covers: { type: [String], default: [] },
    /** currentVersion, latestVersion, withdrawn (numbers). */
    state: { type: Schema.Types.Mixed },
    /** The metadata of the version read by default (the current one, or the latest when all are withdrawn). */
    current: { type: Schema.Types.Mixed },
    /** Its signed bytes. */
    jws: { type: Buffer },
    consentChanges: { type: Schema.Types.Mixed },
    /** The versions with a first retrieval. */
    retrieved: { type: [Number], default: undefined },
    /** The persons each municipality has reached "retrieved" for in the funnel: "<municipalityCode>|<personRef>". */
    funnelRetrieved: { type: [String], default: undefined },
    builtAt: { type: Date, required: true },
  },
  strict,
);

/**
 * A change the read model may not show yet, written by the request that makes it before the
 * change itself ("<handoverId>|v<version>", "|w<version>", "|c<id>", "|retired"): while one is
 * not covered, readers read the stored records instead. Deleted once covered.
 */
const handoverReadChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    handoverId: { type: String, required: true, index: true },
    at: { type: Date, required: true },
  },
  strict,
);

export function readModelModels(connection: Connection) {
  return {
    HandoverRead: connection.model('HandoverRead', handoverReadSchema, 'handover_reads'),
    HandoverReadChange: connection.model('HandoverReadChange', handoverReadChangeSchema, 'handover_read_changes'),
  };
}
