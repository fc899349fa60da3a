/**
 * The append-only audit log: a dense sequence (dense-sequence.ts) whose number is the _id, so the
 * chain never forks; each event carries the hash of the one before. Pages are read by bucket.
 */
import { GENESIS_HASH, hashAuditEvent, type AuditEvent, type AuditEventInput } from '../domain/audit-chain.js';
import { BUCKET_SIZE, denseSequence, readRun } from './dense-sequence.js';
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

/** How many events one query reads at most when its filters leave most out: bounded work per request. */
const AUDIT_SCAN_BUDGET = 5000;

type Stored = Omit<AuditEvent, 'seq'> & { _id: number; bucket?: number };
const toEvent = ({ _id, bucket: _b, ...rest }: Stored): AuditEvent => ({ seq: _id, ...rest });

export function auditRepository(models: Models) {
  const { AuditEvent: Events } = models;
  const SCOPE = 'audit';
  const sequence = denseSequence(async (_scope, n) => Boolean(await Events.exists({ _id: n })));
  /** The last event this process appended: the next one chains onto it without a read. */
  let head: { seq: number; hash: string } | undefined;

  async function hashOf(seq: number): Promise<string> {
    if (seq === 0) return GENESIS_HASH;
    if (head?.seq === seq) return head.hash;
    const e = await Events.findById(seq, { hash: 1 }).lean<{ hash: string }>();
    if (!e) throw new Error(`audit log: event ${seq} is missing`);
    return e.hash;
  }

  /** Events after..after+count that exist, in order, read bucket by bucket. */
  const readEvents = async (after: number, count: number): Promise<AuditEvent[]> =>
    (await readRun(after, count, (bucket) => Events.find({ bucket }).lean<Stored[]>(), (e) => e._id)).map(toEvent);

  return {
    /** Appends one event; rejects when it cannot be written (the caller then fails the request). */
    async append(input: AuditEventInput): Promise<AuditEvent> {
      let appended: AuditEvent | undefined;
      await sequence.append(SCOPE, async (seq) => {
        const base = { ...input, seq, prevHash: await hashOf(seq - 1) };
        const event: AuditEvent = { ...base, hash: hashAuditEvent(base) };
        try {
          const { seq: _s, ...rest } = event;
          await Events.create({ _id: seq, ...rest, bucket: Math.floor(seq / BUCKET_SIZE) });
        } catch (err) {
          // Another instance appended this number first: chain onto the new head.
          if (isDuplicateKey(err)) return false;
          throw err;
        }
        head = { seq, hash: event.hash };
        appended = event;
        return true;
      });
      return appended!;
    },
    /** The chain's head now: the last event's number and hash (0 and the genesis hash when empty). */
    async head(): Promise<{ seq: number; hash: string }> {
      const seq = await sequence.head(SCOPE);
      return { seq, hash: await hashOf(seq) };
    },
    /**
     * Events after `afterSeq` that match the filters, at most `limit`; reads at most a bounded
     * number of events, so `scannedTo` (where the next query starts) can be short of the end.
     */
    async query(q: AuditQuery): Promise<{ events: AuditEvent[]; scannedTo: number; reachedEnd: boolean }> {
      const events: AuditEvent[] = [];
      let position = q.afterSeq ?? 0;
      const matches = (e: AuditEvent) =>
        (!q.organisationId || e.actor?.organisationId === q.organisationId) &&
        (!q.handoverId || e.handoverId === q.handoverId) &&
        (!q.action || e.action === q.action) &&
        (!q.from || e.at >= q.from) &&
        (!q.to || e.at <= q.to);
      for (let scanned = 0; events.length < q.limit && scanned < AUDIT_SCAN_BUDGET; ) {
        const run = await readEvents(position, BUCKET_SIZE);
        if (run.length === 0) return { events, scannedTo: position, reachedEnd: true };
        for (const e of run) {
          if (events.length >= q.limit) return { events, scannedTo: position, reachedEnd: false };
          position = e.seq;
          if (matches(e)) events.push(e);
        }
        scanned += run.length;
        if (run.length < BUCKET_SIZE) return { events, scannedTo: position, reachedEnd: true };
      }
      return { events, scannedTo: position, reachedEnd: false };
    },
    /**
     * Every stored event in sequence order, a bucket at a time: what `audit verify` walks. Gaps
     * (deleted events) are passed over, not stopped at, so verification sees what follows them;
     * it walks until it has seen as many events as are stored.
     */
    async *all(): AsyncGenerator<AuditEvent> {
      const total = await Events.countDocuments({});
      let seen = 0;
      for (let bucket = 0, empty = 0; seen < total && empty < 1000; bucket++) {
        const page = (await Events.find({ bucket }).lean<Stored[]>()).map(toEvent).sort((a, b) => a.seq - b.seq);
        empty = page.length === 0 ? empty + 1 : 0;
        for (const e of page) yield e;
        seen += page.length;
      }
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
