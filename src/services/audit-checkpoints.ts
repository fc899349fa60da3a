/**
 * Anchoring the audit log: the service signs a checkpoint of the chain's head (event number and
 * hash) at a fixed interval and at every export, and `handover audit verify` checks the log
 * against the last one, so that removing the newest events or rewriting the chain shows.
 */
import { AUDIT_CHECKPOINT_TYP, CheckpointSignatureError, verifyAuditLog, type AuditCheckpoint, type AuditEvent, type ChainVerdict, type CheckpointClaims } from '../domain/audit-chain.js';
import type { ServiceSigner } from '../signing/service-signer.js';
import type { AuditCheckpoints, AuditLog } from './ports/audit.js';

export interface CheckpointDeps {
  audit: AuditLog;
  checkpoints: AuditCheckpoints;
  signer: ServiceSigner;
  clock: () => Date;
}

/**
 * Signs and stores a checkpoint of the head as it is now. With `onlyWhenNew`, nothing is written
 * when the last checkpoint already covers the head (an idle service does not grow the list).
 */
export async function writeAuditCheckpoint(d: CheckpointDeps, reason: 'interval' | 'export', o: { onlyWhenNew?: boolean } = {}): Promise<AuditCheckpoint | undefined> {
  const head = await d.audit.head();
  if (head.seq === 0) return undefined;
  if (o.onlyWhenNew && (await d.checkpoints.latest())?.headSeq === head.seq) return undefined;
  return signCheckpoint(d, head, reason);
}

/** Signs and stores a checkpoint of this head under the next checkpoint number. */
export async function signCheckpoint(d: Omit<CheckpointDeps, 'audit'>, head: { seq: number; hash: string }, reason: 'interval' | 'export'): Promise<AuditCheckpoint> {
  const at = d.clock();
  return d.checkpoints.append(async (number) => ({
    headSeq: head.seq,
    headHash: head.hash,
    at,
    reason,
    jws: await d.signer.sign({ checkpoint: number, headSeq: head.seq, headHash: head.hash, at: at.toISOString() }, AUDIT_CHECKPOINT_TYP),
  }));
}

export type LogVerdict = ChainVerdict & { checkpoint?: { number: number; headSeq: number; at: Date } };

/**
 * Verifies the chain and, when there is a checkpoint, the log against what its signature says
 * (the stored fields beside the JWS are not trusted: the signed claims are used). With `kept`, a
 * checkpoint someone kept outside the database (from a receipt, a webhook, the witness): the log
 * must extend it. With `unanchoredBefore`, events from before that moment must be covered by the
 * last checkpoint.
 */
export async function verifyLogAgainstCheckpoint(
  events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>,
  checkpointJws: string | undefined,
  verifySignature: ((jws: string) => Promise<CheckpointClaims>) | undefined,
  o: { kept?: string; unanchoredBefore?: Date } = {},
): Promise<LogVerdict> {
  if ((checkpointJws || o.kept) && !verifySignature) throw new CheckpointSignatureError('there is a signed checkpoint, but no service public key to check it with (HANDOVER_SERVICE_KEY_FILE or --jwks)');
  const pointOf = async (jws: string) => {
    const claims = await verifySignature!(jws);
    return { number: claims.checkpoint, headSeq: claims.headSeq, headHash: claims.headHash, at: new Date(claims.at) };
  };
  const checkpoint = checkpointJws ? await pointOf(checkpointJws) : undefined;
  const kept = o.kept ? await pointOf(o.kept) : undefined;
  const verdict = await verifyAuditLog(events, checkpoint, { ...(kept ? { kept } : {}), ...(o.unanchoredBefore ? { unanchoredBefore: o.unanchoredBefore } : {}) });
  return checkpoint ? { ...verdict, checkpoint: { number: checkpoint.number, headSeq: checkpoint.headSeq, at: checkpoint.at } } : verdict;
}
