/**
 * The audit log's latest signed checkpoint, handed out beside every receipt (submission,
 * withdrawal, acknowledgement, assessment result) as the `Audit-Checkpoint` header: senders and
 * municipalities keep a proof of the log the operator cannot take back, and `handover audit
 * verify --checkpoint` checks the log still extends it. Beside the receipt, not in it: what the
 * receipt's signature covers is unchanged.
 */
import type { Response } from 'express';
import type { AuditSequencer } from '../services/audit-sequencer.js';

export const AUDIT_CHECKPOINT_HEADER = 'Audit-Checkpoint';

export async function withAuditCheckpoint(res: Response, sequencer: Pick<AuditSequencer, 'latestCheckpointJws'>): Promise<Response> {
  const jws = await sequencer.latestCheckpointJws();
  if (jws) res.set(AUDIT_CHECKPOINT_HEADER, jws);
  return res;
}
