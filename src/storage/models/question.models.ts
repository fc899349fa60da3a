/** Questions back from the municipality to the sender: each thread's events and each party's list. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

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
questionLogEntrySchema.index({ bucket: 1 });

export function questionModels(connection: Connection) {
  return {
    QuestionEvent: connection.model('QuestionEvent', questionEventSchema, 'question_events'),
    QuestionLogEntry: connection.model('QuestionLogEntry', questionLogEntrySchema, 'question_log'),
  };
}
