/** The append-only audit log. Appends are serialised in-process and the sequence is the _id, so the chain never forks. */
import mongoose from 'mongoose';
import { GENESIS_HASH, hashAuditEvent, type AuditEvent, type AuditEventInput } from '../domain/audit-chain.js';
import { isDuplicateKey, type Models } from './models.js';

export interface AuditQuery {
  afterSeq?: number;
  limit: number;
  organisationId?: string;
  handoverId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

type Stored = Omit<AuditEvent, 'seq'> & { _id: number };
const toEvent = ({ _id, ...rest }: Stored): AuditEvent => ({ seq: _id, ...rest });

export function auditRepository(models: Models) {
  const { AuditEvent: Events } = models;
  let queue: Promise<unknown> = Promise.resolve();

  /** The chain's head, read once and then kept: appends cost one insert, not a scan for the last event. */
  let head: { seq: number; hash: string } | undefined;

  async function readHead(): Promise<{ seq: number; hash: string }> {
    const last = await Events.findOne({}, { _id: 1, hash: 1 }).sort({ _id: -1 }).lean<{ _id: number; hash: string }>();
    return last ? { seq: last._id, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  async function appendNow(input: AuditEventInput): Promise<AuditEvent> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = head ?? (await readHead());
      const base = { ...input, seq: current.seq + 1, prevHash: current.hash };
      const event: AuditEvent = { ...base, hash: hashAuditEvent(base) };
      try {
        const { seq, ...rest } = event;
        await Events.create({ _id: seq, ...rest });
        head = { seq: event.seq, hash: event.hash };
        return event;
      } catch (err) {
        // Another instance appended this sequence number first: re-read the head and chain onto it.
        head = undefined;
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error('audit log: too much contention to append');
  }

  return {
    /** Appends one event; rejects when it cannot be written (the caller then fails the request). */
    append(input: AuditEventInput): Promise<AuditEvent> {
      const next = queue.then(() => appendNow(input));
      queue = next.catch(() => undefined);
      return next;
    },
    async query(q: AuditQuery): Promise<AuditEvent[]> {
      const filter: Record<string, unknown> = {};
      if (q.afterSeq !== undefined) filter._id = mongoose.trusted({ $gt: q.afterSeq });
      if (q.organisationId) filter['actor.organisationId'] = String(q.organisationId);
      if (q.handoverId) filter.handoverId = String(q.handoverId);
      if (q.action) filter.action = String(q.action);
      if (q.from || q.to) filter.at = mongoose.trusted({ ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) });
      return (await Events.find(filter).sort({ _id: 1 }).limit(q.limit).lean<Stored[]>()).map(toEvent);
    },
    /** Every event in stored (natural) order, in batches: what `audit verify` walks. */
    async *all(batch = 1000): AsyncGenerator<AuditEvent> {
      let after = 0;
      for (;;) {
        const page = await Events.find({ _id: mongoose.trusted({ $gt: after }) } as never).sort({ _id: 1 }).limit(batch).lean<Stored[]>();
        for (const e of page) yield toEvent(e);
        if (page.length < batch) return;
        after = page.at(-1)!._id;
      }
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
