/**
 * Negative acknowledgements: the municipality answers a version ok, error (the sender can fix
 * it) or fatal (it cannot be used), a negative one with its reason and the sections concerned;
 * the signed delivery receipt names the outcome and the sender sees it in the status.
 */
import { compactVerify, createLocalJWKSet } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, nextVersion, singleAdult, submit } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const answer = (handoverId: string, body: Record<string, unknown>) => request(t.app).post(`/v1/handovers/${handoverId}/acknowledgements`).set(as(w.aarhus.token)).send(body);
const statusOf = async (handoverId: string) => (await request(t.app).get(`/v1/handovers/${handoverId}/status`).set(as(w.drk.token)).expect(200)).body;

async function receiptClaims(jws: string): Promise<Record<string, unknown>> {
  const jwks = (await request(t.app).get('/.well-known/jwks.json').expect(200)).body;
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks));
  expect(protectedHeader.typ).toBe('handover-delivery-receipt+jws');
  return JSON.parse(new TextDecoder().decode(payload));
}

describe('POST /v1/handovers/:id/acknowledgements with an outcome', () => {
  it('records "error" with its reason and sections; the signed receipt and the sender’s status name it; a new version clears it', async () => {
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    const res = await answer(doc.handoverId, { outcome: 'error', reason: 'Helbredsoplysninger mangler: se spørgsmål 1', pointers: ['/persons/0/healthScreening/medications'], caseworker: 'Jens Holm' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ handoverId: doc.handoverId, version: 1, outcome: 'error', reason: 'Helbredsoplysninger mangler: se spørgsmål 1', pointers: ['/persons/0/healthScreening/medications'] });
    expect(await receiptClaims(res.body.receipt)).toMatchObject({ type: 'delivery-receipt', handoverId: doc.handoverId, version: 1, outcome: 'error', acknowledgedBy: 'aarhus' });

    const status = await statusOf(doc.handoverId);
    expect(status.status).toBe('refused');
    expect(status.versions[0].acknowledged).toMatchObject({ by: 'aarhus', outcome: 'error', reason: 'Helbredsoplysninger mangler: se spørgsmål 1', pointers: ['/persons/0/healthScreening/medications'] });
    const refused = (await request(t.app).get('/v1/handovers?status=refused').set(as(w.drk.token)).expect(200)).body.items as { handoverId: string }[];
    expect(refused.map((i) => i.handoverId)).toContain(doc.handoverId);

    // Answered once: a second answer gets the first back.
    const again = await answer(doc.handoverId, { outcome: 'ok' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'error', receiptId: res.body.receiptId });

    // The sender fixes it with a new version, which the municipality then answers ok.
    await submit(t, w.drk, nextVersion(doc));
    expect((await statusOf(doc.handoverId)).status).not.toBe('refused');
    const ok = await answer(doc.handoverId, {});
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ version: 2, outcome: 'ok' });
    expect(ok.body.reason).toBeUndefined();
    expect(await receiptClaims(ok.body.receipt)).toMatchObject({ version: 2, outcome: 'ok' });
    expect((await statusOf(doc.handoverId)).status).toBe('acknowledged');
  });

  it('records "fatal" (e.g. misaddressed)', async () => {
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    const res = await answer(doc.handoverId, { outcome: 'fatal', reason: 'Personen er visiteret til Randers Kommune' });
    expect(res.status, res.text).toBe(201);
    expect((await statusOf(doc.handoverId)).versions[0].acknowledged).toMatchObject({ outcome: 'fatal', reason: 'Personen er visiteret til Randers Kommune' });
  });

  it('refuses a negative answer without a reason, an unknown outcome and a pointer that is none (422 naming each), and stores nothing', async () => {
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    const noReason = expectProblem(await answer(doc.handoverId, { outcome: 'fatal' }), 422, 'validation-failed');
    expect(noReason.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/reason', keyword: 'required' })]));
    const bad = expectProblem(await answer(doc.handoverId, { outcome: 'maybe', reason: 'x', pointers: ['persons/0'] }), 422, 'validation-failed');
    expect(bad.errors!.map((e) => e.pointer).sort()).toEqual(['/outcome', '/pointers/0']);
    expect((await statusOf(doc.handoverId)).versions[0].acknowledged).toBeNull();
  });
});
