/**
 * The audit sequencer across instances and a kill -9 of the one holding its lease (issue 33):
 * two service processes share one database while submissions go through both; the lease holder
 * is killed with SIGKILL mid-stream (between or during an integration), the other takes the lease
 * over once it has run out and goes on. Proven: one chain, numbered 1..n without gaps, every
 * acknowledged submission's event in it exactly once (no pending record integrated twice after
 * the crash, none lost), and the last signed checkpoint covering the head.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain, type AuditEvent } from '../../src/domain/audit-chain.js';
import { verifyCheckpointSignature } from '../../src/signing/audit-checkpoint-signature.js';
import { singleAdult } from '../helpers/handovers.js';
import { startServiceInstance } from '../helpers/service-process.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, signCompact, type World } from '../helpers/world.js';

const PER_PHASE = 40;

let t: TestApp;
let w: World;
/** An app on the same database that only reads (it runs no sequencer timer). */
let reader: TestApp;
const instances: { child: ChildProcess; url: string }[] = [];

const startInstance = () => startServiceInstance(t, {
  HANDOVER_FEED_SETTLE_MS: '1500',
  // Integrate often and let a dead holder's lease run out soon: the test sees both happen.
  HANDOVER_AUDIT_SEQUENCER_MS: '50',
  HANDOVER_AUDIT_LEASE_MS: '1000',
  HANDOVER_AUDIT_CHECKPOINT_MS: '1000',
});

beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
  // The in-process app did the set-up; it lets the lease go and takes no part.
  await t.deps.close();
  instances.push(...(await Promise.all([startInstance(), startInstance()])));
  reader = await startTestApp({ HANDOVER_DB_NAME: t.config.dbName });
}, 120_000);

afterAll(async () => {
  for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGTERM');
  await Promise.all(instances.map((i) => new Promise((r) => (i.child.exitCode !== null || i.child.signalCode !== null ? r(null) : i.child.once('exit', r)))));
  await reader?.deps.close();
  const cleanup = await startTestApp({ HANDOVER_DB_NAME: t.config.dbName });
  await cleanup.close();
});

/** Submits through the given instances in turn; the handover ids of those answered 201. */
async function submitThrough(urls: string[], count: number): Promise<string[]> {
  const docs = Array.from({ length: count }, () => singleAdult('751'));
  const accepted: string[] = [];
  await Promise.all(
    docs.map(async (doc, n) => {
      const jws = await signCompact(doc, w.drk.key);
      try {
        const r = await fetch(`${urls[n % urls.length]}/v1/handovers`, { method: 'POST', headers: { Authorization: `Bearer ${w.drk.token}`, 'Content-Type': 'application/jose' }, body: jws, signal: AbortSignal.timeout(30_000) });
        if (r.status === 201) accepted.push(doc.handoverId as string);
      } catch {
        // the instance was killed under it: not acknowledged, so nothing is owed
      }
    }),
  );
  return accepted;
}

/** The pid in the audit sequencer's latest term (one document per term, "audit-sequencer:<term>"). */
const holderPid = async () => {
  const terms = await reader.deps.db.connection.db!.collection('audit_lease').find({}).toArray();
  const latest = terms
    .filter((d) => String(d._id).startsWith('audit-sequencer:'))
    .sort((a, b) => Number(String(b._id).split(':')[1]) - Number(String(a._id).split(':')[1]))[0];
  return latest ? Number(String(latest.holder).split(':')[1]) : undefined;
};

it('keeps one chain, each acknowledged event once, across two instances and a kill -9 of the lease holder', async () => {
  const urls = instances.map((i) => i.url);
  const before = await submitThrough(urls, PER_PHASE);
  expect(before).toHaveLength(PER_PHASE);

  // The holder is killed while both take submissions (it may be integrating a batch right then).
  const pid = await holderPid();
  const victim = instances.find((i) => i.child.pid === pid)!;
  expect(victim, `the lease names a pid of ours (${pid})`).toBeDefined();
  const survivor = instances.find((i) => i !== victim)!;
  const during = submitThrough(urls, PER_PHASE);
  await new Promise((r) => setTimeout(r, 150));
  victim.child.kill('SIGKILL');
  const duringAccepted = await during;
  const after = await submitThrough([survivor.url], PER_PHASE);
  expect(after).toHaveLength(PER_PHASE);

  // The survivor took the lease over once it ran out, and integrated everything.
  for (let i = 0; (await holderPid()) !== survivor.child.pid; i++) {
    expect(i, 'the survivor takes the lease over').toBeLessThan(100);
    await new Promise((r) => setTimeout(r, 100));
  }
  {
    const events: AuditEvent[] = [];
    for await (const e of reader.deps.audit.all()) events.push(e);
    expect(await verifyAuditChain(events)).toEqual({ ok: true, count: events.length });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const sources = events.map((e) => e.source).filter((s) => s !== undefined);
    expect(new Set(sources).size, 'no pending record integrated twice').toBe(sources.length);
    const submitted = events.filter((e) => e.action === 'handover.submit' && e.outcome === 'ok').map((e) => e.handoverId);
    for (const id of [...before, ...duringAccepted, ...after]) expect(submitted.filter((s) => s === id), `handover ${id}`).toHaveLength(1);
    expect(await reader.deps.db.connection.db!.collection('audit_pending').countDocuments({})).toBe(0);
    // The holder signs a checkpoint of the grown chain within its interval (1 s here).
    for (let i = 0; ((await reader.deps.checkpoints.checkpoints.latest())?.headSeq ?? 0) < events.length; i++) {
      expect(i, 'a checkpoint covers the head').toBeLessThan(100);
      await new Promise((r) => setTimeout(r, 100));
    }
    const latest = await reader.deps.checkpoints.checkpoints.latest();
    const claims = await verifyCheckpointSignature(latest!.jws, reader.deps.signer.jwks() as Parameters<typeof verifyCheckpointSignature>[1]);
    expect(claims.headSeq).toBe(events.length);
  }
}, 180_000);
