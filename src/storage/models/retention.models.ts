/** The retention rules' schedule, the tombstones of deleted handovers, and the job's own marks. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

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

export function retentionModels(connection: Connection) {
  return {
    RetentionSchedule: connection.model('RetentionSchedule', retentionScheduleSchema, 'retention_schedule'),
    Retirement: connection.model('Retirement', retirementSchema, 'retirements'),
    RetentionState: connection.model('RetentionState', retentionStateSchema, 'retention_state'),
  };
}
