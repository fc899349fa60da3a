/** The orphan sweeper's ledger (sweep-ledger.ts): what was written, what references it, where the sweep resumes. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

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

export function sweepModels(connection: Connection) {
  return {
    SweepNote: connection.model('SweepNote', sweepNoteSchema, 'sweep_notes'),
    AttachmentRef: connection.model('AttachmentRef', attachmentRefSchema, 'attachment_refs'),
    SweepState: connection.model('SweepState', sweepStateSchema, 'sweep_state'),
  };
}
