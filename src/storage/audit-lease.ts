/**
 * The audit sequencer's lease: one document naming the instance that integrates pending audit
 * events, until when. An instance renews its own lease, takes over one that has run out, or
 * creates it when there is none; every step is one conditional write on one document by `_id`
 * (findOneAndUpdate with an equality or `$lt` filter, insertOne: what MongoDB and FerretDB 1.24
 * both do). The lease only keeps sequencers from getting in each other's way: the chain's safety
 * is its numbers' unique `_id` (audit.repository.ts), so a holder paused past its lease is harmless.
 * Our own `$lt` is marked trusted: sanitizeFilter neutralises every other $-object.
 */
import mongoose from 'mongoose';
import { isDuplicateKey, type Models } from './models.js';

const LEASE_ID = 'audit-sequencer';

/** `leaseId` names the work the lease is for: the audit sequencer's by default, or another one-at-a-time worker's (services/derivations.ts). */
export function auditLease(models: Models, holder: string, leaseMs: number, leaseId = LEASE_ID) {
  const { AuditLease: Lease } = models;
  return {
    holder,
    /** Whether this instance holds the lease now (renewed or taken for `leaseMs` from now). */
    async acquire(): Promise<boolean> {
      // The wall clock, not the service's clock: a lease is about processes being alive.
      const now = new Date();
      const expiresAt = new Date(now.getTime() + leaseMs);
      if (await Lease.findOneAndUpdate({ _id: leaseId, holder }, { $set: { expiresAt } }).lean()) return true;
      if (await Lease.findOneAndUpdate({ _id: leaseId, expiresAt: mongoose.trusted({ $lt: now }) }, { $set: { holder, expiresAt } }).lean()) return true;
      try {
        await Lease.create({ _id: leaseId, holder, expiresAt });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Lets the lease go at once (a stopping instance), so another takes over without waiting for it to run out. */
    async release(): Promise<void> {
      await Lease.updateOne({ _id: leaseId, holder }, { $set: { expiresAt: new Date(0) } });
    },
  };
}

export type AuditLease = ReturnType<typeof auditLease>;
