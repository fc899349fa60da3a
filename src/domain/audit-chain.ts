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

/** Walks events in stored order and names the first one that breaks the chain. */
export type ChainVerdict = { ok: true; count: number } | { ok: false; count: number; first: ChainProblem };

export async function verifyAuditChain(events: Iterable<AuditEvent> | AsyncIterable<AuditEvent>): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for await (const e of events) {
    count++;
    if (hashAuditEvent(e) !== e.hash) return { ok: false, count, first: { seq: e.seq, problem: 'edited', detail: 'the event does not match its own hash' } };
    if (e.seq !== expectedSeq) {
      const problem = e.seq > expectedSeq ? 'missing-before' : 'out-of-order';
      return { ok: false, count, first: { seq: e.seq, problem, detail: `expected event ${expectedSeq} here` } };
    }
    if (e.prevHash !== prevHash) return { ok: false, count, first: { seq: e.seq, problem: 'broken-link', detail: 'the previous event is not the one this event was chained to' } };
    prevHash = e.hash;
    expectedSeq++;
  }
  return { ok: true, count };
}
