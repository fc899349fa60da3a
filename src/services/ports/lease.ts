/** What a worker that runs on one instance at a time needs of its lease (storage/audit-lease.ts, one per name: the audit sequencer's, the derivation worker's). */

/** Held by one instance at a time, until its term runs out or it is released. */
export interface Lease {
  /** Whether this instance holds the lease now (renewed, or taken for its term from now). */
  acquire(): Promise<boolean>;
  /** Lets the lease go at once, so another instance takes over without waiting for the term to run out. */
  release(): Promise<void>;
}
