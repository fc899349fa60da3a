/**
 * Questions back: the municipality asks about a handover (text and the sections concerned), the
 * sender answers with text, a new version, or both, the municipality closes it; both sides read
 * the thread with each question's state; every step audited; nobody else sees it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, nextVersion, singleAdult, submit, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let doc: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  doc = singleAdult('751');
  await submit(t, w.drk, doc);
});
afterAll(() => t.close());

const path = () => `/v1/handovers/${doc.handoverId}/questions`;
const ask = (body: Record<string, unknown>, token = w.aarhus.token) => request(t.app).post(path()).set(as(token)).send(body);
const answer = (n: number, body: Record<string, unknown>, token = w.drk.token) => request(t.app).post(`${path()}/${n}/answers`).set(as(token)).send(body);
const close = (n: number, token = w.aarhus.token) => request(t.app).post(`${path()}/${n}/closure`).set(as(token)).send({});
const thread = async (token: string) => (await request(t.app).get(path()).set(as(token)).expect(200)).body.questions as Record<string, any>[];

describe('a question, its answers and its closing', () => {
  it('numbers questions, answers them with text and with a new version, closes them; both sides see the same thread and states', async () => {
    const q1 = await ask({ text: 'Mangler medicinliste: hvilken dosis Metformin?', pointers: ['/persons/0/healthScreening/medications'], caseworker: 'Jens Holm' });
    expect(q1.status, q1.text).toBe(201);
    expect(q1.body).toMatchObject({ number: 1, state: 'open', version: 1, pointers: ['/persons/0/healthScreening/medications'], askedBy: { organisationId: 'aarhus', caseworker: 'Jens Holm' }, answers: [], closedAt: null });
    const q2 = await ask({ text: 'Er der en tolk til mødet?' });
    expect(q2.body.number).toBe(2);

    // The sender answers question 1 with text, then with a new version.
    const a1 = await answer(1, { text: '500 mg morgen og aften; ny version følger' });
    expect(a1.status, a1.text).toBe(201);
    expect(a1.body).toMatchObject({ number: 1, state: 'answered', answers: [{ by: 'drk-asylum', text: '500 mg morgen og aften; ny version følger' }] });
    await submit(t, w.drk, nextVersion(doc));
    const a2 = await answer(1, { version: 2, text: 'Version 2 har medicinlisten' });
    expect(a2.body.answers).toHaveLength(2);
    expect(a2.body.answers[1]).toMatchObject({ version: 2 });

    const closed = await close(1);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ number: 1, state: 'closed', closedAt: expect.any(String) });
    expect((await close(1)).body.state).toBe('closed');

    const forMunicipality = await thread(w.aarhus.token);
    expect(forMunicipality.map((q) => [q.number, q.state])).toEqual([
      [1, 'closed'],
      [2, 'open'],
    ]);
    expect(await thread(w.drk.token)).toEqual(forMunicipality);
  });

  it('refuses an answer to a closed question (409), a version that does not answer it, and empty bodies (422 naming the field)', async () => {
    expectProblem(await answer(1, { text: 'for sent' }), 409, 'question-closed');
    // A version the sender has not submitted does not answer anything.
    const notSubmitted = expectProblem(await answer(2, { version: 9 }), 422, 'validation-failed');
    expect(notSubmitted.errors).toEqual([{ pointer: '/version', keyword: 'answeringVersion', message: expect.stringMatching(/after version 1/) }]);
    expect(expectProblem(await answer(2, { version: 1 }), 422, 'validation-failed').errors).toMatchObject([{ pointer: '/version', keyword: 'minimum' }]);
    expectProblem(await answer(2, {}), 422, 'validation-failed');
    const noText = expectProblem(await ask({ pointers: ['not a pointer'] }), 422, 'validation-failed');
    expect(noText.errors!.map((e) => e.pointer).sort()).toEqual(['/pointers/0', '/text']);
    expect((await thread(w.aarhus.token)).find((q) => q.number === 2)!.state).toBe('open');
  });

  it('is for the addressed municipality and the sender only: another municipality and another sender get 404, roles 403, an unknown question 404', async () => {
    expectProblem(await ask({ text: 'x' }, w.randers.token), 404, 'not-found');
    expectProblem(await request(t.app).get(path()).set(as(w.randers.token)), 404, 'not-found');
    expectProblem(await request(t.app).get(path()).set(as(w.iom.token)), 404, 'not-found');
    expectProblem(await answer(2, { text: 'x' }, w.iom.token), 404, 'not-found');
    expectProblem(await ask({ text: 'x' }, w.drk.token), 403, 'forbidden');
    expectProblem(await answer(2, { text: 'x' }, w.aarhus.token), 403, 'forbidden');
    expectProblem(await answer(99, { text: 'x' }), 404, 'not-found');
    expectProblem(await close(99), 404, 'not-found');
  });

  it("lists a party's questions across its handovers: the sender's open ones are its worklist, paged by the one contract", async () => {
    const other = singleAdult('751');
    await submit(t, w.drk, other);
    expect((await request(t.app).post(`/v1/handovers/${other.handoverId}/questions`).set(as(w.aarhus.token)).send({ text: 'Hvornår ankommer familien?' })).status).toBe(201);
    const open = (await request(t.app).get('/v1/questions?state=open').set(as(w.drk.token)).expect(200)).body;
    expect(open.items.map((q: Record<string, any>) => [q.handoverId, q.number, q.state])).toEqual([
      [doc.handoverId, 2, 'open'],
      [other.handoverId, 1, 'open'],
    ]);
    expect(open.next).toBeNull();
    const all = (await request(t.app).get('/v1/questions').set(as(w.aarhus.token)).expect(200)).body.items as Record<string, any>[];
    expect(all.map((q) => q.state)).toEqual(['closed', 'open', 'open']);
    // One at a time, following `next`.
    const first = (await request(t.app).get('/v1/questions?limit=1').set(as(w.drk.token)).expect(200)).body;
    expect(first.items).toHaveLength(1);
    const second = (await request(t.app).get(`/v1/questions?limit=1&after=${first.next}`).set(as(w.drk.token)).expect(200)).body;
    expect(second.items[0].number).toBe(2);
    // Others see none of it.
    expect((await request(t.app).get('/v1/questions').set(as(w.iom.token)).expect(200)).body.items).toEqual([]);
    expect((await request(t.app).get('/v1/questions').set(as(w.randers.token)).expect(200)).body.items).toEqual([]);
    const bad = expectProblem(await request(t.app).get('/v1/questions?state=pending&limit=0').set(as(w.drk.token)), 400, 'bad-request');
    expect(bad.errors!.map((e) => e.pointer).sort()).toEqual(['/query/limit', '/query/state']);
  });

  it('audits every step', async () => {
    const auditor = await auditorOf(t, w.admin);
    const events = (await request(t.app).get(`/v1/audit?handoverId=${doc.handoverId}&limit=500`).set(as(auditor)).expect(200)).body.items as Record<string, any>[];
    const actions = events.filter((e) => e.action.startsWith('question.') && e.outcome.startsWith('ok')).map((e) => `${e.action}:${e.section ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining(['question.ask:question:1', 'question.ask:question:2', 'question.answer:question:1', 'question.close:question:1']));
    expect(events.filter((e) => e.action === 'question.answer' && e.outcome === 'ok')).toHaveLength(2);
  });
});
