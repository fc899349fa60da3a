/**
 * The append-only audit log in two steps. A request writes its events as one pending record
 * (`audit_pending`, a random id, no place in the chain: one insert that contends with nothing).
 * The sequencer (services/audit-sequencer.ts) integrates pending records into the chain: a dense
 * sequence (dense-sequence.ts) whose number is the _id, so the chain never forks however many
 * instances try; each event carries the hash of the one before. Pages are read by bucket.
 */
import { randomUuid } from '../domain/crypto.js';
import mongoose from 'mongoose';
import { GENESIS_HASH, hashAuditEvent, hashedPart, type AuditEvent, type AuditEventInput } from '../domain/audit-chain.js';
import { BUCKET_SIZE, probeHead, readRun } from './dense-sequence.js';
import { isDuplicateKey, type Models } from './models.js';
import type { AuditQuery, PendingRecord } from '../services/ports/audit.js';

/** Our own `$in`, marked trusted: sanitizeFilter neutralises every other $-object. */
const anyOf = (ids: readonly string[]) => mongoose.trusted({ $in: [...ids] });

/** The most events one integration inserts: the next one looks this far back for what a crash left (twice, for slack). */
export const INTEGRATION_BATCH = 100;
/** The most pending records one integration reads. */
const PENDING_PAGE = 500;

/** How many events one query reads at most when its filters leave most out: bounded work per request. */
const AUDIT_SCAN_BUDGET = 5000;

type Stored = Omit<AuditEvent, 'seq'> & { _id: number; bucket?: number };
const toEvent = ({ _id, bucket: _b, ...rest }: Stored): AuditEvent => ({ seq: _id, ...rest });

export function auditRepository(models: Models) {
  const { AuditEvent: Events, PendingAudit: Pending } = models;
  const exists = async (n: number) => Boolean(await Events.exists({ _id: n }));
  /** The last event known to be in the chain: a lower bound (other instances may have integrated since). */
  let known: { seq: number; hash: string } | undefined;

  async function hashOf(seq: number): Promise<string> {
    if (seq === 0) return GENESIS_HASH;
    if (known?.seq === seq) return known.hash;
    const e = await Events.findById(seq, { hash: 1 }).lean<{ hash: string }>();
    if (!e) throw new Error(`audit log: event ${seq} is missing`);
    return e.hash;
  }

  /** Events after..after+count that exist, in order, read bucket by bucket. */
  const readEvents = async (after: number, count: number): Promise<AuditEvent[]> =>
    (await readRun(after, count, (bucket) => Events.find({ bucket }).lean<Stored[]>(), (e) => e._id)).map(toEvent);

  /** The chain's last event now (probed from the last one known), and the recent events a crash may have left behind. */
  async function tail(): Promise<{ head: { seq: number; hash: string }; recent: AuditEvent[] }> {
    const seq = await probeHead(known?.seq ?? 0, exists);
    const from = Math.max(0, seq - 2 * INTEGRATION_BATCH);
    const recent = await readEvents(from, seq + INTEGRATION_BATCH - from);
    const last = recent.at(-1);
    const head = last ? { seq: last.seq, hash: last.hash } : { seq, hash: await hashOf(seq) };
    return { head, recent };
  }

  /**
   * Writes one request's events durably as one pending record; rejects when it cannot be
   * written (the caller then fails the request). They join the chain when the sequencer runs.
   */
  async function appendAll(inputs: readonly AuditEventInput[]): Promise<void> {
    if (inputs.length === 0) return;
    await Pending.create({ _id: randomUuid(), at: inputs[0]!.at, events: [...inputs] });
  }

  return {
    appendAll,
    /** One event, as its own pending record. */
    append: (input: AuditEventInput): Promise<void> => appendAll([input]),
    /** Pending records, oldest first (at most a page); `count` says whether any are left at all. */
    async pending(): Promise<PendingRecord[]> {
      const found = await Pending.find({}).limit(PENDING_PAGE).lean<{ _id: string; at: Date; events: AuditEventInput[] }[]>();
      return found.map((p) => ({ id: p._id, at: p.at, events: p.events })).sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
    },
    /** Whether any event waits to be integrated. */
    async anyPending(): Promise<boolean> {
      return Boolean(await Pending.exists({}));
    },
    /**
     * Integrates pending records into the chain, at most INTEGRATION_BATCH events: those a
     * crashed integration already put in the chain (their `source` is in its tail) are only
     * cleared, the others numbered after the head, chained, and inserted in order under their
     * number. When another instance took a number first, nothing of it is lost: the round stops
     * and the next one starts from the new head. Returns how many events joined the chain.
     */
    async integrate(records: readonly PendingRecord[]): Promise<{ integrated: number; head: { seq: number; hash: string } }> {
      const { head, recent } = await tail();
      const inChain = new Set(recent.map((e) => e.source).filter((s) => s !== undefined));
      const done = records.filter((r) => r.events.every((_, i) => inChain.has(`${r.id}/${i}`))).map((r) => r.id);
      // Cleared before anything new is integrated: what a crash leaves is always within the tail read above.
      if (done.length > 0) await Pending.deleteMany({ _id: anyOf(done) });
      const events: (AuditEvent & { bucket: number })[] = [];
      const complete: string[] = [];
      let { seq, hash } = head;
      for (const r of records) {
        if (done.includes(r.id)) continue;
        const left = r.events.map((e, i) => ({ e, source: `${r.id}/${i}` })).filter(({ source }) => !inChain.has(source));
        if (events.length + left.length > INTEGRATION_BATCH && events.length > 0) break;
        for (const { e, source } of left) {
          const base = { ...e, at: new Date(e.at), seq: seq + 1, prevHash: hash, source };
          const event = { ...base, hash: hashAuditEvent(base) };
          events.push({ ...event, bucket: Math.floor(event.seq / BUCKET_SIZE) });
          seq = event.seq;
          hash = event.hash;
        }
        complete.push(r.id);
      }
      if (events.length === 0) return { integrated: 0, head };
      try {
        await Events.insertMany(events.map(({ seq: n, ...rest }) => ({ _id: n, ...rest })), { ordered: true });
      } catch (err) {
        // Another sequencer integrated meanwhile (its lease ran out while this one was slow, or
        // the other way round): the chain is whole either way; start again from its new head.
        known = undefined;
        if (isDuplicateKey(err)) return { integrated: 0, head };
        throw err;
      }
      known = { seq, hash };
      await Pending.deleteMany({ _id: anyOf(complete) });
      return { integrated: events.length, head: known };
    },
    /** The chain's head now: the last event's number and hash (0 and the genesis hash when empty). */
    async head(): Promise<{ seq: number; hash: string }> {
      const seq = await probeHead(known?.seq ?? 0, exists);
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
          if (matches(e)) events.push(hashedPart(e));
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
