/**
 * What others derive from a stored version or a read (the funnel's counts, the municipality's
 * notification) is derived behind the request by one worker from notes written with the request's
 * own writes (services/derivations.ts, issue 33.3), through the real app and database:
 *
 * - concurrent submissions and reads are each counted once (FerretDB applies concurrent updates
 *   of one counter document as read-modify-writes that overwrite each other: counted inline by
 *   every request, 20 concurrent requests left a count of a few);
 * - a derivation that stopped part-way (a crash between a fact and its counter, or between the
 *   counters and deleting the note) is derived again and counts once;
 * - a version whose derivation never ran (the process died after the 201) is derived by the next
 *   instance's worker: counted, notified and filed for the retention job.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funnelDerivation } from '../../src/services/funnel-events.js';
import { funnelRepository } from '../../src/storage/funnel.repository.js';
import type { Models } from '../../src/storage/models.js';
import { as, singleAdult, submit } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

let now = Date.parse('2026-10-05T08:00:00Z');
let t: TestApp;
let w: World;
const period = 'from=2026-10&to=2026-10';
/** Webhooks to a local address, as test/api/webhooks.test.ts has them. */
const ENV = { HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEBHOOK_ALLOW_HTTP: 'true', HANDOVER_WEBHOOK_ALLOW_PRIVATE: 'true' };

beforeAll(async () => {
  t = await startTestApp(ENV, { clock: () => new Date(now) });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const everyone = async (token: string) => {
  const res = await request(t.app).get(`/v1/funnel?${period}`).set(as(token)).expect(200);
  return res.body.groups[0]?.total.everyone as { handedOver: number; retrieved: number } | undefined;
};

describe('derivations behind the request', () => {
  it('counts 20 concurrent submissions and 20 concurrent reads once each', async () => {
    const docs = Array.from({ length: 20 }, () => singleAdult('751'));
    for (const doc of docs) doc.createdAt = new Date(now).toISOString();
    const signed = await Promise.all(docs.map((doc) => signCompact(doc, w.drk.key)));
    const submitted = await Promise.all(signed.map((jws) => postCompact(t, w.drk.token, jws)));
    expect(submitted.map((r) => r.status)).toEqual(docs.map(() => 201));
    const reads = await Promise.all(docs.map((doc) => request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token))));
    expect(reads.map((r) => r.status)).toEqual(docs.map(() => 200));
    expect(await everyone(w.aarhus.token)).toMatchObject({ handedOver: 20, retrieved: 20 });
  });

  it('derives a note again after a crash part-way and counts it once', async () => {
    const before = (await everyone(w.aarhus.token))!;
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    await t.deps.derivations.settle();
    // The worker's own steps, by hand on the same database: a derivation that inserted its fact and
    // stopped before the counter (the fact is there, uncounted) ...
    const models = t.deps.db.connection.models as unknown as Models;
    const store = funnelRepository(models);
    const derivation = funnelDerivation({ handovers: t.deps.handovers, recipients: t.deps.recipientDeps.recipients, funnel: store });
    const note = `r:${doc.handoverId}:751:P1`;
    const [anchor] = (await store.factsOf(doc.handoverId)).filter((f) => f.stage === 'handedOver');
    const { id: _id, note: _note, ...fields } = anchor!;
    await models.FunnelFact.create({ ...fields, _id: `${doc.handoverId}|P1|751|retrieved`, stage: 'retrieved', counted: ['everyone:retrieved'], at: new Date(now), note });
    // ... is derived again from its note: counted now, once.
    await derivation.retrieved(doc.handoverId, '751', ['P1'], new Date(now), note);
    // And a derivation that updated the counters and stopped before deleting its note: derived again, nothing more.
    await derivation.retrieved(doc.handoverId, '751', ['P1'], new Date(now), note);
    expect(await everyone(w.aarhus.token)).toMatchObject({ handedOver: before.handedOver + 1, retrieved: before.retrieved + 1 });
  });

  it('counts a note derived again once, even when another note changed the same counter in between', async () => {
    const before = (await everyone(w.aarhus.token))!;
    const [a, b] = [singleAdult('751'), singleAdult('751')];
    for (const doc of [a, b]) await submit(t, w.drk, doc);
    await t.deps.derivations.settle();
    const models = t.deps.db.connection.models as unknown as Models;
    const derivation = funnelDerivation({ handovers: t.deps.handovers, recipients: t.deps.recipientDeps.recipients, funnel: funnelRepository(models) });
    // A's retrieval, derived up to its counter by an instance that stopped before deleting its note ...
    const noteA = `r:${a.handoverId}:751:P1:stopped`;
    await models.Derivation.create({ _id: noteA, kind: 'retrieval', handoverId: a.handoverId, municipalityCode: '751', personRefs: ['P1'], at: new Date(now) });
    await derivation.retrieved(a.handoverId, '751', ['P1'], new Date(now), noteA);
    // ... then B's retrieval, derived to the end, changing the same counter (751, the sender, the month) ...
    await derivation.retrieved(b.handoverId, '751', ['P1'], new Date(now), `r:${b.handoverId}:751:P1:done`);
    // ... and A's note derived again by the worker (the report settles what is pending first): A once, B once.
    expect(await everyone(w.aarhus.token)).toMatchObject({ handedOver: before.handedOver + 2, retrieved: before.retrieved + 2 });
    expect(await models.Derivation.exists({ _id: noteA })).toBeNull();
  });

  it('derives what a stopped instance left: the next instance counts the version and queues its notification', async () => {
    await request(t.app).put('/v1/municipalities/751/webhook').set(as(w.aarhus.token)).send({ url: 'http://127.0.0.1:9/hook' }).expect(200);
    const before = (await everyone(w.aarhus.token))!;
    // A version stored with its note, by an instance that stopped before its worker ran (stopped first: nothing derives here).
    await t.deps.derivations.stop();
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    const notes = await t.deps.db.connection.db!.collection('derivations').find({}).toArray();
    expect(notes.map((n) => n._id)).toContain(`v:${doc.handoverId}:1`);
    // The next instance on the same database.
    await t.close({ keepData: true });
    t = await startTestApp({ ...ENV, HANDOVER_DB_NAME: t.config.dbName }, { clock: () => new Date(now) });
    now += 60_000;
    expect(await everyone(w.aarhus.token)).toMatchObject({ handedOver: before.handedOver + 1 });
    // Filed under the day it falls due, for the retention job.
    expect(await t.deps.retentionDeps.retention.scheduled(doc.handoverId)).toMatchObject({ handoverId: doc.handoverId, kind: 'handover-content' });
    const status = await request(t.app).get('/v1/municipalities/751/webhook').set(as(w.aarhus.token)).expect(200);
    expect(status.body.deliveries.map((m: { handoverId: string }) => m.handoverId)).toContain(doc.handoverId);
  });
});
