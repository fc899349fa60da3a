/**
 * A one-at-a-time lease (audit-lease.ts) has one holder, however many instances race for it: at
 * the start, after its holder lets it go, and after the holder stopped renewing it. Each term is
 * taken by inserting its document, the one write FerretDB decides atomically; a conditional update
 * of one lease document let several instances take it at once there.
 */
import { describe, expect, it } from 'vitest';
import { auditLease } from '../../src/storage/audit-lease.js';
import { registerModels } from '../../src/storage/models.js';
import { twoConnections } from '../helpers/two-connections.js';

const db = twoConnections('lease');

// Far longer than one round of twenty instances asking at once: 0.7-3.5 s on a quiet machine
// (PostgreSQL makes the racing inserts of one term wait for each other); at 400 ms the holder's
// term ran out between two rounds on a loaded CI machine, so nobody held it.
const LEASE_MS = 8000;
/** How long after a term ran out others may take it (audit-lease.ts: a tenth of the lease, at most 1 s). */
const GRACE_MS = Math.min(1000, LEASE_MS / 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Twenty instances of the lease, half on each connection. */
function contenders(leaseId: string) {
  const models = [registerModels(db.a.connection), registerModels(db.b.connection)];
  return Array.from({ length: 20 }, (_, i) => auditLease(models[i % 2]!, `instance-${i}`, LEASE_MS, leaseId));
}

async function holdersOf(leases: ReturnType<typeof contenders>): Promise<string[]> {
  const held = await Promise.all(leases.map((l) => l.acquire()));
  return leases.filter((_, i) => held[i]).map((l) => l.holder);
}

describe('a lease', () => {
  it('has one holder when twenty instances race for it, again after release and after expiry', { timeout: 120_000 }, async () => {
    for (let round = 0; round < 2; round++) {
      const leases = contenders(`race-${round}`);
      const first = await holdersOf(leases);
      expect(first, `round ${round}: taken at the start`).toHaveLength(1);
      // Everyone asks again while it runs: only the holder keeps it.
      expect(await holdersOf(leases), `round ${round}: renewed`).toEqual(first);
      // Let go: one other takes it at once.
      await leases.find((l) => l.holder === first[0])!.release();
      const next = await holdersOf(leases);
      expect(next, `round ${round}: after release`).toHaveLength(1);
      // The new holder stops renewing (a killed process): once it ran out, one instance takes over.
      const others = leases.filter((l) => l.holder !== next[0]);
      await sleep(LEASE_MS + GRACE_MS + 200);
      expect(await holdersOf(others), `round ${round}: after expiry`).toHaveLength(1);
    }
  });

  it('is not taken over while its holder renews it', { timeout: 120_000 }, async () => {
    const [holder, ...others] = contenders('renewed');
    expect(await holder!.acquire()).toBe(true);
    for (let i = 0; i < 4; i++) {
      await sleep(LEASE_MS / 3);
      expect(await holder!.acquire()).toBe(true);
      expect(await holdersOf(others)).toEqual([]);
    }
  });
});
