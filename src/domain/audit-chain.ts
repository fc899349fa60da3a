/**
 * The audit log's hash chain: each event carries the hash of the one before, so an event that is
 * edited, removed, inserted or moved breaks the chain at that point.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventInput {
  at: Date;
  requestId?: string;
  actor: { credentialId: string; organisationId: string; role: string };
  /** e.g. handover.submit, handover.read, feed.list, acknowledgement.create, consent.change, gp.summary.read */
  action: string;
  handoverId?: string;
  version?: number;
  personRef?: string;
  /** Which part was read or withheld, e.g. "health:withheld". Never content. */
  section?: string;
  /** ok, denied, or rejected:<problem code> */
  outcome: string;
}

export interface AuditEvent extends AuditEventInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** Canonical JSON: sorted keys, dates as ISO strings, undefined left out. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { seq, prevHash, at, requestId, actor, action, handoverId, version, personRef, section, outcome } = event;
  return createHash('sha256').update(canonical({ seq, prevHash, at, requestId, actor, action, handoverId, version, personRef, section, outcome })).digest('hex');
}

export interface ChainProblem {
  seq: number;
  problem: 'edited' | 'missing-before' | 'out-of-order' | 'broken-link';
  detail: string;
}

export type ChainVerdict = { ok: true; count: number } | { ok: false; count: number; first: ChainProblem };

/**
 * Walks events in stored order and names the first one that breaks the chain: "edited" (it no
 * longer matches its own hash), "missing-before" (events before it were removed), "out-of-order"
 * (it was moved: the event expected here comes right after it), or "broken-link" (it is intact but
 * was chained to another predecessor, e.g. one that was replaced wholesale).
 */
export async function verifyAuditChain(events: Iterable<AuditEvent> | AsyncIterable<AuditEvent>): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  /** An event that came too early: removed events before it, or moved ones; the next event tells which. */
  let early: AuditEvent | undefined;
  for await (const e of events) {
    count++;
    if (early) {
      const problem = e.seq === expectedSeq ? 'out-of-order' : 'missing-before';
      return { ok: false, count: count - 1, first: { seq: early.seq, problem, detail: problem === 'out-of-order' ? `event ${early.seq} stands before event ${expectedSeq}` : `event ${expectedSeq} (and maybe more) is missing before it` } };
    }
    if (hashAuditEvent(e) !== e.hash) return { ok: false, count, first: { seq: e.seq, problem: 'edited', detail: 'the event does not match its own hash' } };
    if (e.seq < expectedSeq) return { ok: false, count, first: { seq: e.seq, problem: 'out-of-order', detail: `event ${e.seq} stands after event ${expectedSeq - 1}` } };
    if (e.seq > expectedSeq) {
      early = e;
      continue;
    }
    if (e.prevHash !== prevHash) return { ok: false, count, first: { seq: e.seq, problem: 'broken-link', detail: 'the previous event is not the one this event was chained to' } };
    prevHash = e.hash;
    expectedSeq++;
  }
  if (early) return { ok: false, count: count, first: { seq: early.seq, problem: 'missing-before', detail: `event ${expectedSeq} (and maybe more) is missing before it` } };
  return { ok: true, count };
}
