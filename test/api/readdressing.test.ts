/**
 * Re-addressing (1.1): the Immigration Service assigns the person to another municipality before
 * arrival, and the sender sends a new version to it saying so (`recipient.readdressing`: from
 * where, why, when decided). The first municipality's access ends there (what it retrieved stays
 * in the audit log), the new one sees the whole history, and the sender's status names who holds
 * it now. A recipient changed without saying so, or said so wrongly, is refused and nothing stored.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, gpPractice, nextVersion, singleAdult, submit, withdraw, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let auditor: string;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  auditor = await auditorOf(t, w.admin);
});
afterAll(() => t.close());

/** Version 2 of a handover, in the 1.1 standard, sent to Randers because the Immigration Service reassigned the person. */
function readdressed(v1: Doc, readdressing: Record<string, unknown> | null = { fromMunicipalityCode: '751', reason: 'reassigned-by-immigration-service', decidedOn: '2026-11-20' }, to = '730'): Doc {
  const v2 = nextVersion(v1);
  v2.schemaVersion = '1.1';
  v2.recipient = { municipalityCode: to, ...(readdressing ? { readdressing } : {}) };
  return v2;
}

const get = (token: string, path: string) => request(t.app).get(path).set(as(token));

describe('a handover re-addressed to another municipality (1.1)', () => {
  it('moves the handover: the first municipality reads nothing from then on, the new one reads every version, the sender sees who holds it', async () => {
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    await get(w.aarhus.token, `/v1/handovers/${v1.handoverId}`).expect(200);
    expect((await submit(t, w.drk, readdressed(v1))).version).toBe(2);

    // Aarhus: every read of the handover is now as if it did not exist.
    for (const path of [`/v1/handovers/${v1.handoverId}`, `/v1/handovers/${v1.handoverId}?version=1`, `/v1/handovers/${v1.handoverId}/pdf?audience=coordinating-department`, `/v1/handovers/${v1.handoverId}/questions`]) {
      expectProblem(await get(w.aarhus.token, path), 404, 'not-found');
    }
    expectProblem(await request(t.app).post(`/v1/handovers/${v1.handoverId}/acknowledgements`).set(as(w.aarhus.token)).send({}), 404, 'not-found');
    // Its feed keeps the entry's place, marked re-addressed, with no person in it.
    const feed = (await get(w.aarhus.token, '/v1/municipalities/751/handovers').expect(200)).body.items.filter((i: Doc) => i.handoverId === v1.handoverId);
    expect(feed).toEqual([expect.objectContaining({ version: 1, status: 'readdressed', readdressedTo: '730', persons: [], urgentFlags: [], deadlines: [] })]);
    expect(JSON.stringify(feed)).not.toContain(v1.persons[0].socialInformation.identity.familyName);
    const exported = (await get(w.aarhus.token, '/v1/municipalities/751/export').expect(200)).text;
    expect(exported).not.toContain(v1.handoverId);

    // Randers: the current version, and the history addressed to Aarhus.
    const current = (await get(w.randers.token, `/v1/handovers/${v1.handoverId}`).expect(200)).body;
    expect(current.document.recipient).toEqual({ municipalityCode: '730', readdressing: { fromMunicipalityCode: '751', reason: 'reassigned-by-immigration-service', decidedOn: '2026-11-20' } });
    expect((await get(w.randers.token, `/v1/handovers/${v1.handoverId}?version=1`).expect(200)).body.document.recipient.municipalityCode).toBe('751');
    const randersFeed = (await get(w.randers.token, '/v1/municipalities/730/handovers').expect(200)).body.items.filter((i: Doc) => i.handoverId === v1.handoverId);
    expect(randersFeed).toEqual([expect.objectContaining({ version: 2, status: 'current' })]);
    await request(t.app).post(`/v1/handovers/${v1.handoverId}/acknowledgements`).set(as(w.randers.token)).send({}).expect(201);

    // The sender: held by Randers now; Aarhus's retrieval of version 1 is still there.
    const status = (await get(w.drk.token, `/v1/handovers/${v1.handoverId}/status`).expect(200)).body;
    expect(status).toMatchObject({ municipalityCode: '730', status: 'acknowledged', currentVersion: 2 });
    expect(status.versions.map((v: Doc) => [v.version, v.municipalityCode, v.firstRetrieved?.by ?? null])).toEqual([
      [2, '730', 'randers'],
      [1, '751', 'aarhus'],
    ]);
    // What Aarhus read before stays in the audit log.
    const log = (await get(auditor, `/v1/audit?handoverId=${v1.handoverId}`).expect(200)).body.items;
    expect(log.some((e: Doc) => e.actor.organisationId === 'aarhus' && e.action === 'handover.read' && e.outcome === 'ok')).toBe(true);
  });

  it('exports the whole history to the holder: the versions addressed to the first municipality come right before the one that re-addressed it, each once, also one line per request', async () => {
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    const v2 = readdressed(v1);
    await submit(t, w.drk, v2);
    const v3 = nextVersion(v2);
    v3.recipient = { municipalityCode: '730' };
    await submit(t, w.drk, v3);
    const exported: Doc[] = [];
    let after = '';
    for (let requests = 0; requests < 200; requests++) {
      const text = (await get(w.randers.token, `/v1/municipalities/730/export?limit=1${after}`).expect(200)).text;
      const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Doc);
      exported.push(...lines.filter((l) => l.type === 'handover' && l.handoverId === v1.handoverId));
      const end = lines.at(-1)!;
      if (end.next === null) break;
      after = `&after=${end.next}`;
    }
    expect(exported.map((l) => [l.version, l.document.recipient.municipalityCode])).toEqual([
      [1, '751'],
      [2, '730'],
      [3, '730'],
    ]);
    // Version 1 is exported as the holder reads it (the same receipt and digest as its own read).
    const read = (await get(w.randers.token, `/v1/handovers/${v1.handoverId}?version=1`).expect(200)).body;
    expect(exported[0]).toMatchObject({ handoverId: v1.handoverId, version: 1, receiptId: read.receiptId, jwsSha256: read.jwsSha256, document: read.document });
  });

  it('ends the first municipality’s GP assignments: its practice reads 404 from the re-addressing on, and only the new holder assigns a GP', async () => {
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    const aarhusGp = await gpPractice(t, w.admin, `laege-aarhus-${v1.handoverId.slice(0, 8)}`);
    const randersGp = await gpPractice(t, w.admin, `laege-randers-${v1.handoverId.slice(0, 8)}`);
    const assign = (token: string, practice: TestOrg) => request(t.app).post(`/v1/handovers/${v1.handoverId}/gp-assignments`).set(as(token)).send({ personRef: 'P1', gpOrganisationId: practice.id });
    const summary = (practice: TestOrg) => request(t.app).get(`/v1/gp/persons/${v1.handoverId}/P1`).set(as(practice.token));
    await assign(w.aarhus.token, aarhusGp).expect(201);
    expect((await summary(aarhusGp).expect(200)).body.personRef).toBe('P1');

    await submit(t, w.drk, readdressed(v1));
    const ended = expectProblem(await summary(aarhusGp), 404, 'not-found');
    expect(ended).toEqual({ type: 'https://handover-exchange.dk/problems/not-found', title: 'Not found', status: 404, code: 'not-found', detail: 'no such person assigned to this practice', instance: ended.instance });
    expect((await get(aarhusGp.token, '/v1/gp/persons').expect(200)).body.persons).toEqual([]);
    expectProblem(await request(t.app).get(`/v1/handovers/${v1.handoverId}/pdf?audience=gp`).set(as(aarhusGp.token)), 404, 'not-found');

    // Aarhus no longer assigns (as for a handover it never had); Randers does.
    expectProblem(await assign(w.aarhus.token, aarhusGp), 404, 'not-found');
    expect((await assign(w.randers.token, randersGp).expect(201)).body).toMatchObject({ personRef: 'P1', gpOrganisationId: randersGp.id, municipalityCode: '730', assignedBy: 'randers' });
    expect((await summary(randersGp).expect(200)).body.personRef).toBe('P1');
    expectProblem(await summary(aarhusGp), 404, 'not-found');
  });

  it('refuses a changed recipient that is not said to be re-addressed, or re-addressed from the wrong municipality, or a re-addressing that changes nothing; stores nothing', async () => {
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    const refused = async (doc: Doc, pointer: string, keyword: string, message: string) => {
      const body = expectProblem(await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key)), 409, 'recipient-change-not-allowed');
      expect(body.errors).toEqual([{ pointer, keyword, message }]);
    };
    await refused(readdressed(v1, null), '/recipient/municipalityCode', 'recipientChange', 'must stay 751, the recipient of the version before, unless recipient.readdressing says why it changes');
    await refused(readdressed(v1, { fromMunicipalityCode: '101', reason: 'addressed-in-error' }), '/recipient/readdressing/fromMunicipalityCode', 'readdressingFrom', 'must be 751, the recipient of the version before');
    await refused(readdressed(v1, { fromMunicipalityCode: '751', reason: 'addressed-in-error' }, '751'), '/recipient/readdressing/fromMunicipalityCode', 'readdressingFrom', 'the recipient is still 751: nothing was re-addressed');
    const first: Doc = { ...singleAdult('730'), schemaVersion: '1.1' };
    first.recipient = { municipalityCode: '730', readdressing: { fromMunicipalityCode: '751', reason: 'addressed-in-error' } };
    await refused(first, '/recipient/readdressing/fromMunicipalityCode', 'readdressingFrom', 'a first version has no recipient to be re-addressed from');
    // Nothing of it stored: Aarhus still holds the handover at version 1.
    expect((await get(w.aarhus.token, `/v1/handovers/${v1.handoverId}`).expect(200)).body.version).toBe(1);
    expectProblem(await get(w.randers.token, `/v1/handovers/${first.handoverId}`), 404, 'not-found');
    // The reason "other" needs its explanation (schema 1.1).
    const other = expectProblem(await postCompact(t, w.drk.token, await signCompact(readdressed(v1, { fromMunicipalityCode: '751', reason: 'other' }), w.drk.key)), 422, 'validation-failed');
    expect(other.errors).toEqual([expect.objectContaining({ pointer: '/recipient/readdressing/reasonText', keyword: 'required' })]);
  });

  it('gives the handover back to the first municipality when the re-addressed version is withdrawn', async () => {
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    await submit(t, w.drk, readdressed(v1));
    expectProblem(await get(w.aarhus.token, `/v1/handovers/${v1.handoverId}`), 404, 'not-found');
    await withdraw(t, w.drk, v1.handoverId, 2);
    expect((await get(w.aarhus.token, `/v1/handovers/${v1.handoverId}`).expect(200)).body.version).toBe(1);
    expectProblem(await get(w.randers.token, `/v1/handovers/${v1.handoverId}`), 404, 'not-found');
    expect((await get(w.drk.token, `/v1/handovers/${v1.handoverId}/status`).expect(200)).body).toMatchObject({ municipalityCode: '751', currentVersion: 1 });
  });

  it('gives the first municipality’s GP assignment back with the handover when the re-addressed version is withdrawn and nobody assigned anew', async () => {
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    const practice = await gpPractice(t, w.admin, `laege-back-${v1.handoverId.slice(0, 8)}`);
    await request(t.app).post(`/v1/handovers/${v1.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'P1', gpOrganisationId: practice.id }).expect(201);
    await submit(t, w.drk, readdressed(v1));
    expectProblem(await get(practice.token, `/v1/gp/persons/${v1.handoverId}/P1`), 404, 'not-found');
    await withdraw(t, w.drk, v1.handoverId, 2);
    expect((await get(practice.token, `/v1/gp/persons/${v1.handoverId}/P1`).expect(200)).body.personRef).toBe('P1');
  });
});
