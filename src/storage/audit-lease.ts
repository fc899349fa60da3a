/**
 * A lease for one-at-a-time work (the audit sequencer's, the derivation worker's): numbered
 * terms, each one document `<lease>:<term>` naming its holder and until when. An instance renews
 * the term it holds while it runs, and takes over by inserting the next term once the current one
 * has run out (or was released). Taking is an insert of one `_id`, the only write FerretDB 1.24
 * decides atomically (docs/operations.md, "What the database decides atomically"): of two
 * instances taking over at once, one inserts the term and the other is refused. A conditional
 * update of one lease document let both take it there.
 *
 * Only the holder writes its own term, and only before it runs out, while others take over only a
 * grace period after it ran out, so a renewal that lands late is not overtaken by a new term. A
 * holder paused past its lease and the grace is still harmless to the audit chain, whose events
 * are inserted by number (audit.repository.ts): a second sequencer's insert fails rather than
 * forks it.
 */
import { probeHead } from './dense-sequence.js';
import { isDuplicateKey, type Models } from './models.js';

const LEASE_ID = 'audit-sequencer';

interface Term {
  holder: string;
  expiresAt: Date;
  released?: boolean;
}

/** `leaseId` names the work the lease is for: the audit sequencer's by default, or another one-at-a-time worker's (services/derivations.ts). */
export function auditLease(models: Models, holder: string, leaseMs: number, leaseId = LEASE_ID) {
  const { AuditLease: Lease } = models;
  const termId = (term: number) => `${leaseId}:${term}`;
  /** How long after a term ran out another may take over: more than a renewal's write can take. */
  const graceMs = Math.min(1000, Math.max(10, Math.floor(leaseMs / 10)));
  /** The latest term this instance has seen (terms only grow, so probing starts from it). */
  let known = 0;

  async function currentTerm(): Promise<{ term: number; state?: Term }> {
    known = await probeHead(known, async (n) => Boolean(await Lease.exists({ _id: termId(n) })));
    if (known === 0) return { term: 0 };
    return { term: known, state: (await Lease.findById(termId(known)).lean<Term>()) ?? undefined };
  }

  return {
    holder,
    /** Whether this instance holds the lease now (renewed or taken for `leaseMs` from now). */
    async acquire(): Promise<boolean> {
      // The wall clock, not the service's clock: a lease is about processes being alive.
      const now = Date.now();
      const expiresAt = new Date(now + leaseMs);
      const { term, state } = await currentTerm();
      if (state && state.holder === holder && !state.released && state.expiresAt.getTime() > now) {
        await Lease.updateOne({ _id: termId(term) }, { $set: { expiresAt } });
        return true;
      }
      // A holder whose term ran out before it renewed (a slow write, a loaded machine) takes the
      // next term by insert like anyone else, and alone during the grace, since no one has yet.
      const mine = state?.holder === holder;
      if (state && !state.released && !mine && state.expiresAt.getTime() + graceMs > now) return false;
      try {
        await Lease.create({ _id: termId(term + 1), holder, expiresAt });
        known = term + 1;
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Lets the lease go at once (a stopping instance), so another takes over without waiting for it to run out. */
    async release(): Promise<void> {
      const { term, state } = await currentTerm();
      if (state?.holder === holder) await Lease.updateOne({ _id: termId(term) }, { $set: { released: true } });
    },
  };
}

export type AuditLease = ReturnType<typeof auditLease>;
