/**
 * The audit sequencer: requests write their events as pending records (one insert each, no
 * place in any sequence); one instance at a time, holding the lease (storage/audit-lease.ts),
 * integrates them into the hash chain in batches every `periodMs`, and signs a checkpoint of the
 * chain's head when it has grown and the last one is `checkpointMs` old, which then goes to the
 * witness the operator configured. Like Certificate Transparency's logs: writers are answered
 * at once, the log's order and anchor are made behind them, within a bounded delay.
 *
 * A read of the log (GET /v1/audit, `audit verify` through the service, a checkpoint for an
 * export) first settles: it integrates what is pending (waiting for the holder when another
 * instance holds the lease) and anchors it.
 */
import type { AuditCheckpoint } from '../domain/audit-chain.js';
import type { Logger } from '../logger.js';
import { signCheckpoint, type CheckpointDeps } from './audit-checkpoints.js';
import type { AuditLog } from './ports/audit.js';
import type { Lease } from './ports/lease.js';

export interface SequencerDeps extends CheckpointDeps {
  lease: Lease;
  logger: Logger;
  /** How often the lease holder integrates pending events. */
  periodMs: number;
  /** How often, at most, it signs a checkpoint of a grown chain (verify allows twice this for an event to be covered). */
  checkpointMs: number;
  /** Where a new checkpoint goes besides the database (audit-witness.ts), if anywhere. */
  witness?: (checkpoint: AuditCheckpoint) => Promise<void>;
}

export interface AuditSequencer {
  /** One round now: integrate what is pending if this instance holds the lease; sign a checkpoint when due (now with `anchor: true`, never with false). */
  round(o?: { anchor?: boolean }): Promise<{ held: boolean; integrated: number }>;
  /** Rounds until nothing is pending (waiting for another holder when need be, at most `timeoutMs`), anchoring the head unless `anchor` is false. */
  settle(o?: { timeoutMs?: number; anchor?: boolean }): Promise<void>;
  /** The newest signed checkpoint's JWS, read at most once a period: what receipts and webhooks carry. */
  latestCheckpointJws(): Promise<string | undefined>;
  start(): void;
  /** Stops the timer, integrates and anchors what is left (briefly), and lets the lease go. */
  stop(): Promise<void>;
}

export function auditSequencer(d: SequencerDeps & { audit: AuditLog }): AuditSequencer {
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let latest: { jws: string | undefined; readAt: number } | undefined;

  /** Rounds of this process one after another: they share the repository's idea of the head. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function anchor(force: boolean, head: { seq: number; hash: string }): Promise<void> {
    if (head.seq === 0) return;
    const last = await d.checkpoints.latest();
    // Covered already (or by a newer checkpoint another holder signed meanwhile).
    if (last && last.headSeq >= head.seq) return;
    const due = force || !last || d.clock().getTime() - last.at.getTime() >= d.checkpointMs;
    if (!due) return;
    const written = await signCheckpoint(d, head, 'interval');
    latest = { jws: written.jws, readAt: Date.now() };
    d.logger.info({ checkpoint: written.number, headSeq: written.headSeq }, 'audit checkpoint signed');
    if (d.witness) {
      // The witness is told after the checkpoint is stored; one it missed is covered by the next.
      await d.witness(written).catch((err: unknown) => d.logger.warn({ error: { type: (err as Error).name, message: (err as Error).message } }, 'audit witness not reached; the next checkpoint will be'));
    }
  }

  const round = (o: { anchor?: boolean } = {}) =>
    serial(async () => {
      if (!(await d.lease.acquire())) return { held: false, integrated: 0 };
      let integrated = 0;
      let head: { seq: number; hash: string } | undefined;
      for (;;) {
        const records = await d.audit.pending();
        if (records.length === 0) break;
        const step = await d.audit.integrate(records);
        integrated += step.integrated;
        head = step.head;
        // Nothing joined (another instance took the numbers): the next round tries again.
        if (step.integrated === 0) break;
      }
      // anchor: true signs now, false not at all (the caller signs its own), unset when due.
      if (o.anchor !== false) await anchor(o.anchor === true, head ?? (await d.audit.head()));
      return { held: true, integrated };
    });

  return {
    round,
    async settle({ timeoutMs = 10_000, anchor = true } = {}) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await round({ anchor });
        if (!(await d.audit.anyPending())) return;
        if (Date.now() > until) throw new Error('audit events are still pending: the sequencer did not integrate them in time');
        if (!r.held || r.integrated === 0) await new Promise((resolve) => setTimeout(resolve, Math.min(d.periodMs, 100)));
      }
    },
    async latestCheckpointJws() {
      if (!latest || Date.now() - latest.readAt > d.periodMs) latest = { jws: (await d.checkpoints.latest())?.jws, readAt: Date.now() };
      return latest.jws;
    },
    start() {
      timer = setInterval(() => {
        round().catch((err: unknown) => d.logger.warn({ error: { type: (err as Error).name, message: (err as Error).message } }, 'audit sequencer round failed; will retry'));
      }, d.periodMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      try {
        await round({ anchor: true });
        await d.lease.release();
      } catch (err) {
        // The database may be gone already: what is pending is integrated by the next holder.
        d.logger.warn({ error: { type: (err as Error).name } }, 'audit sequencer could not finish on stop; the next holder will');
      }
    },
  };
}
