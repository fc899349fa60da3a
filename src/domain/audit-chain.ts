/**
 * The audit log's hash chain: each event carries the hash of the one before, so an event that is
 * edited, removed, inserted or moved breaks the chain at that point.
 */
import { sha256Hex } from './crypto.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventInput {
  at: Date;
  requestId?: string;
  /** A person signed in through their organisation's identity provider is named by a pseudonymous id and the provider's name for them. */
  actor: { credentialId: string; organisationId: string; role: string; personId?: string; personName?: string };
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
  /**
   * Which pending record and which of its events this is ("<pending id>/<index>"): how the
   * sequencer knows, after a crash between integrating and clearing, what is already in the chain.
   */
  source?: string;
}

/** Every field an event's hash covers, and the actor's: a stored event holding anything else was added to after it was hashed. */
const HASHED_FIELDS = new Set(['seq', 'prevHash', 'hash', 'at', 'requestId', 'actor', 'action', 'handoverId', 'version', 'personRef', 'section', 'outcome', 'source']);
const ACTOR_FIELDS = new Set(['credentialId', 'organisationId', 'role', 'personId', 'personName']);

/** The first field of a stored event that its hash does not cover (dotted for the actor's), if any. */
export function unhashedField(event: object): string | undefined {
  const outside = Object.keys(event).find((k) => !HASHED_FIELDS.has(k) && (event as Record<string, unknown>)[k] !== undefined);
  if (outside) return outside;
  const actor = (event as { actor?: unknown }).actor;
  if (actor && typeof actor === 'object') {
    const inActor = Object.keys(actor).find((k) => !ACTOR_FIELDS.has(k) && (actor as Record<string, unknown>)[k] !== undefined);
    if (inActor) return `actor.${inActor}`;
  }
  return undefined;
}

/** Just the fields the hash covers: what the log serves, so a field slipped into a stored event is never shown as part of it. */
export function hashedPart(event: AuditEvent): AuditEvent {
  const { seq, prevHash, hash, at, requestId, actor, action, handoverId, version, personRef, section, outcome, source } = event;
  const { credentialId, organisationId, role, personId, personName } = actor;
  const kept = { seq, prevHash, hash, at, requestId, actor: { credentialId, organisationId, role, personId, personName }, action, handoverId, version, personRef, section, outcome, source };
  return dropUndefined(kept) as AuditEvent;
}

function dropUndefined<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) delete (o as Record<string, unknown>)[k];
    else if (v && typeof v === 'object' && !(v instanceof Date)) dropUndefined(v as object);
  }
  return o;
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

/** The SHA-256 of an event's fields in canonical JSON (sorted keys): what the next event's `prevHash` names. */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { seq, prevHash, at, requestId, actor, action, handoverId, version, personRef, section, outcome, source } = event;
  return sha256Hex(canonical({ seq, prevHash, at, requestId, actor, action, handoverId, version, personRef, section, outcome, source }));
}

export interface ChainProblem {
  seq: number;
  problem: 'edited' | 'unhashed-field' | 'missing-before' | 'out-of-order' | 'broken-link' | 'truncated' | 'rewritten' | 'not-anchored';
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
    const added = unhashedField(e);
    if (added) return { ok: false, count, first: { seq: e.seq, problem: 'unhashed-field', detail: `the event holds "${added}", which its hash does not cover` } };
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

/** A signed statement of the chain's head at a moment (the signature is checked in signing/). */
export interface AuditCheckpoint {
  number: number;
  /** The number of the newest event covered: the log then held events 1..headSeq. */
  headSeq: number;
  headHash: string;
  at: Date;
  /** Why it was written: "interval" (the service's timer) or "export". */
  reason: string;
  /** The checkpoint as signed by the service key (typ audit-checkpoint+jws). */
  jws: string;
}

/**
 * The chain walk, and then the log against its last signed checkpoint: events removed from the
 * end ("truncated": the log stops before the checkpoint's head) and a chain rewritten as a whole
 * ("rewritten": the event at the checkpoint's head is not the one signed) show, which the chain
 * alone cannot tell. The checkpoint's own signature must have been verified by the caller.
 */
export async function verifyAuditLog(
  events: Iterable<AuditEvent> | AsyncIterable<AuditEvent>,
  checkpoint?: CheckpointPoint,
  o: AnchorRules = {},
): Promise<ChainVerdict> {
  const anchors = [checkpoint, o.kept].filter((c): c is CheckpointPoint => c !== undefined);
  let lastSeq = 0;
  const hashAt = new Map<number, string>();
  const covered = checkpoint?.headSeq ?? 0;
  let unanchored: AuditEvent | undefined;
  async function* watched() {
    for await (const e of events) {
      lastSeq = Math.max(lastSeq, e.seq);
      if (anchors.some((c) => c.headSeq === e.seq)) hashAt.set(e.seq, e.hash);
      if (o.unanchoredBefore && !unanchored && e.seq > covered && new Date(e.at) < o.unanchoredBefore) unanchored = e;
      yield e;
    }
  }
  const verdict = await verifyAuditChain(watched());
  if (!verdict.ok) return verdict;
  for (const c of anchors) {
    const signed = c === o.kept ? `kept checkpoint ${c.number} of ${c.at.toISOString()}` : `signed checkpoint ${c.number} of ${c.at.toISOString()}`;
    if (lastSeq < c.headSeq) {
      return { ok: false, count: verdict.count, first: { seq: lastSeq + 1, problem: 'truncated', detail: `the log ends at event ${lastSeq}, but the ${signed} covers events up to ${c.headSeq}` } };
    }
    if (hashAt.get(c.headSeq) !== c.headHash) {
      return { ok: false, count: verdict.count, first: { seq: c.headSeq, problem: 'rewritten', detail: `event ${c.headSeq} is not the one the ${signed} covers: the chain up to it was replaced` } };
    }
  }
  if (unanchored) {
    const by = checkpoint ? `the last signed checkpoint covers events up to ${checkpoint.headSeq}` : 'there is no signed checkpoint';
    return { ok: false, count: verdict.count, first: { seq: unanchored.seq, problem: 'not-anchored', detail: `event ${unanchored.seq} of ${new Date(unanchored.at).toISOString()} is older than the checkpoint interval allows, but ${by}` } };
  }
  return verdict;
}

/** What a checkpoint says about the log: its number, the head it covers and when. */
export type CheckpointPoint = Pick<AuditCheckpoint, 'number' | 'headSeq' | 'headHash' | 'at'>;

export interface AnchorRules {
  /** A checkpoint someone kept (from a receipt, a webhook or a witness): the log must extend it too. */
  kept?: CheckpointPoint;
  /** Events from before this moment must be covered by the last signed checkpoint (the service signs one every interval). */
  unanchoredBefore?: Date;
}

/** The JWS type of a signed audit checkpoint. */
export const AUDIT_CHECKPOINT_TYP = 'audit-checkpoint+jws';

/** What a checkpoint's signature covers. */
export interface CheckpointClaims {
  checkpoint: number;
  headSeq: number;
  headHash: string;
  at: string;
}

/** A checkpoint whose signature or claims cannot be trusted. */
export class CheckpointSignatureError extends Error {}
