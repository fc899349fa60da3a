/**
 * Reliability catalogue 53: several service instances on one database, as behind a load
 * balancer. Three service processes (`node build/main.js`, as `npm start` runs it) share one database; submissions, retries
 * and feed reads go through all three at once. Proven: the audit chain stays one unbroken chain,
 * each notification is delivered exactly once, the feed neither skips nor repeats, and retries
 * of one JWS landing on different instances all get the one receipt.
 */
import type { ChildProcess } from 'node:child_process';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type AuditEvent } from '../../src/domain/audit-chain.js';
import { as, singleAdult } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { startServiceInstance } from '../helpers/service-process.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { setupWorld, signCompact, type World } from '../helpers/world.js';

const INSTANCES = 3;
const SETTLE_MS = 1500;
const SUBMISSIONS = 36;
const RETRIED = 6;

let t: TestApp;
let w: World;
let receiver: Receiver;
const instances: { child: ChildProcess; url: string }[] = [];

const startInstance = () => startServiceInstance(t, {
  HANDOVER_FEED_SETTLE_MS: String(SETTLE_MS),
  HANDOVER_WEBHOOK_ALLOW_HTTP: 'true',
  HANDOVER_WEBHOOK_ALLOW_PRIVATE: 'true',
  HANDOVER_WEBHOOK_POLL_MS: '20',
});

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_WEBHOOK_ALLOW_HTTP: 'true', HANDOVER_WEBHOOK_ALLOW_PRIVATE: 'true' });
  w = await setupWorld(t);
  receiver = await startReceiver();
  expect((await request(t.app).put('/v1/municipalities/751/webhook').set(as(w.aarhus.token)).send({ url: receiver.url })).status).toBe(200);
  // The in-process app did the set-up; it must not deliver notifications itself.
  await t.deps.close();
  instances.push(...(await Promise.all(Array.from({ length: INSTANCES }, () => startInstance()))));
}, 120_000);

afterAll(async () => {
  for (const i of instances) i.child.kill('SIGTERM');
  await Promise.all(instances.map((i) => new Promise((r) => (i.child.exitCode !== null ? r(null) : i.child.once('exit', r)))));
  await receiver?.close();
  const cleanup = await startTestApp({ HANDOVER_DB_NAME: t.config.dbName });
  await cleanup.close();
});

const via = (n: number) => instances[n % INSTANCES]!.url;

/** A request that names itself when it hangs, instead of the whole test timing out unexplained. */
async function call(what: string, url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new Error(`${what} (${url}) failed: ${(err as Error).message}`);
  }
}

/** A submission through instance n, retried as a client is told to when it is answered 503 (nothing stored). */
async function submitAt(n: number, jws: string): Promise<{ status: number; body: { receiptId?: string; handoverId?: string }; history: string[] }> {
  const history: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const r = await call(`submission through instance ${n % INSTANCES}`, `${via(n)}/v1/handovers`, { method: 'POST', headers: { Authorization: `Bearer ${w.drk.token}`, 'Content-Type': 'application/jose' }, body: jws });
    const body = (await r.json()) as { receiptId?: string; handoverId?: string; type?: string; detail?: string };
    history.push(`instance ${n % INSTANCES}: ${r.status}${r.status >= 400 ? ` ${body.type ?? ''} ${body.detail ?? ''}` : ''}`);
    if (r.status !== 503 || attempt === 5) return { status: r.status, body, history };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('three instances on one database', () => {
  it('keep one audit chain, deliver each notification once, page the feed without skips or repeats, and answer retries with one receipt', async () => {
    const docs = Array.from({ length: SUBMISSIONS }, () => singleAdult('751'));
    const jwss = await Promise.all(docs.map((d) => signCompact(d, w.drk.key)));
    const seen: string[] = [];
    let producing = true;

    // A case system polls the feed through the instances in turn, while the submissions arrive.
    const poller = (async () => {
      let after = '';
      let stoppedAt = 0;
      for (let n = 0; producing || seen.length < SUBMISSIONS; n++) {
        // Once every submission is answered, the feed has its settle time (and some) to show them all.
        if (!producing && (stoppedAt ||= Date.now()) < Date.now() - SETTLE_MS - 20_000) throw new Error(`the feed showed ${seen.length} of ${SUBMISSIONS} submissions 20 s after the last was stored`);
        const res = await call(`feed page ${n}`, `${via(n)}/v1/municipalities/751/handovers?limit=7${after ? `&after=${after}` : ''}`, { headers: { Authorization: `Bearer ${w.aarhus.token}` } });
        expect(res.status).toBe(200);
        const page = (await res.json()) as { items: { handoverId: string; version: number }[]; next: string | null; resumeAfter: string };
        seen.push(...page.items.map((i) => `${i.handoverId}:${i.version}`));
        after = page.resumeAfter;
        if (page.next === null) await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // Each submission through one instance; the first RETRIED also through the other two at once.
    const answers = await Promise.all(
      jwss.map(async (jws, n) => {
        const tries = n < RETRIED ? await Promise.all([0, 1, 2].map((k) => submitAt(n + k, jws))) : [await submitAt(n, jws)];
        return tries;
      }),
    );
    producing = false;
    for (const [n, tries] of answers.entries()) {
      expect(tries.filter((r) => r.status === 201), `submission ${n}: ${tries.flatMap((r) => r.history).join('; ')}`).toHaveLength(1);
      expect(tries.every((r) => r.status === 201 || r.status === 200), `submission ${n}: ${tries.map((r) => r.status).join(', ')}`).toBe(true);
      expect(new Set(tries.map((r) => r.body.receiptId)).size, `submission ${n}: one receipt`).toBe(1);
    }
    await poller;

    // The feed: every version exactly once.
    expect(seen.length).toBe(SUBMISSIONS);
    expect(new Set(seen)).toEqual(new Set(docs.map((d) => `${d.handoverId}:1`)));

    // Notifications: each once, however many instances were polling the outbox.
    await receiver.waitFor(SUBMISSIONS, 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const notified = receiver.received.map((r) => (decodeJwt(r.body) as { handoverId: string; notificationId: string }));
    expect(notified).toHaveLength(SUBMISSIONS);
    expect(new Set(notified.map((n) => n.notificationId)).size).toBe(SUBMISSIONS);
    expect(new Set(notified.map((n) => n.handoverId))).toEqual(new Set(docs.map((d) => d.handoverId)));

    // The audit log: one unbroken chain, written by three processes.
    const reader = await startTestApp({ HANDOVER_DB_NAME: t.config.dbName });
    try {
      const events: AuditEvent[] = [];
      for await (const e of reader.deps.audit.all()) events.push(e);
      expect(await verifyAuditChain(events)).toEqual({ ok: true, count: events.length });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const accepted = events.filter((e) => e.action === 'handover.submit' && e.outcome === 'ok');
      expect(accepted).toHaveLength(SUBMISSIONS);
      expect(events.filter((e) => e.action === 'handover.submit' && e.outcome === 'ok:replayed')).toHaveLength(RETRIED * 2);
      // Different instances wrote them: their request ids came through all three.
      expect(new Set(events.map((e) => e.requestId)).size).toBeGreaterThan(SUBMISSIONS);
    } finally {
      await reader.deps.close();
    }
  }, 180_000);
});
