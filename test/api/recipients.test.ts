/** Reading, attachments, consent, acknowledgements, status and deadlines, through the real app. */
import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, familyFile, nextVersion, quotaFamily, singleAdult, submit, submitFamilyWithRecord, temporaryProtection, withdraw } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';
import { binaryBody } from '../helpers/binary-body.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const get = (path: string, token: string) => request(t.app).get(path).set(as(token));
const post = (path: string, token: string, body: unknown) => request(t.app).post(path).set(as(token)).send(body as object);

describe('reading a handover', () => {
  it('gives the addressed municipality the current version with receipt facts, deadlines and attachment links', async () => {
    const { doc, receipt } = await submitFamilyWithRecord(t, w);
    const res = await get(`/v1/handovers/${doc.handoverId}`, w.randers.token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ handoverId: doc.handoverId, version: 1, status: 'current', receiptId: receipt.receiptId, jwsSha256: receipt.jwsSha256, healthWithheldFor: [] });
    expect(res.body.document.persons.map((p: any) => p.personRef)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']);
    expect(res.body.document.persons[3].healthScreening).toEqual(doc.persons[3].healthScreening);
    expect(res.body.deadlines.map((d: any) => d.kind)).toContain('health-assessment-offer');
    expect(res.body.attachments).toEqual([expect.objectContaining({ attachmentRef: 'A1', personRef: 'F4', category: 'hospital-record', href: `/v1/handovers/${doc.handoverId}/versions/1/attachments/A1` })]);

    const file = await get(res.body.attachments[0].href, w.randers.token).buffer(true).parse(binaryBody);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(createHash('sha256').update(file.body as Buffer).digest('hex')).toBe(createHash('sha256').update(familyFile).digest('hex'));
  });

  it('gives the sending organisation its own handover, and older versions on request', async () => {
    const v1 = singleAdult();
    await submit(t, w.drk, v1);
    const v2 = nextVersion(v1);
    v2.expectedArrival.place = 'Aarhus Rådhus, indgang B';
    await submit(t, w.drk, v2);
    const current = await get(`/v1/handovers/${v1.handoverId}`, w.drk.token);
    expect(current.body).toMatchObject({ version: 2, status: 'current' });
    expect(current.body.document.expectedArrival.place).toBe('Aarhus Rådhus, indgang B');
    const old = await get(`/v1/handovers/${v1.handoverId}?version=1`, w.aarhus.token);
    expect(old.body).toMatchObject({ version: 1, status: 'superseded' });
    expect(old.body.document.expectedArrival.place).toBe(v1.expectedArrival.place);
    expectProblem(await get(`/v1/handovers/${v1.handoverId}?version=7`, w.aarhus.token), 404, 'not-found');
    expectProblem(await get(`/v1/handovers/${v1.handoverId}?version=x`, w.aarhus.token), 400, 'bad-request');
  });

  it('answers 404, exactly as for an unknown id, to another municipality and another sender', async () => {
    const doc = singleAdult();
    await submit(t, w.drk, doc);
    const unknown = await get(`/v1/handovers/${crypto.randomUUID()}`, w.randers.token);
    for (const token of [w.randers.token, w.iom.token]) {
      for (const path of [`/v1/handovers/${doc.handoverId}`, `/v1/handovers/${doc.handoverId}/status`, `/v1/handovers/${doc.handoverId}?version=1`]) {
        const res = await get(path, token);
        expectProblem(res, 404, 'not-found');
        expect(res.body.title).toBe(unknown.body.title);
        expect(res.body.detail).toBe(unknown.body.detail);
      }
    }
    const { doc: fam } = await submitFamilyWithRecord(t, w);
    expectProblem(await get(`/v1/handovers/${fam.handoverId}/versions/1/attachments/A1`, w.aarhus.token), 404, 'not-found');
    expectProblem(await get(`/v1/handovers/${fam.handoverId}/versions/1/attachments/A1`, w.iom.token), 404, 'not-found');
    expectProblem(await get(`/v1/handovers/${fam.handoverId}/versions/1/attachments/A9`, w.randers.token), 404, 'not-found');
    expectProblem(await get('/v1/handovers/not-a-uuid', w.randers.token), 404, 'not-found');
  });

  it('replaces the health section by a consent-missing marker where consent does not cover the coordinating department', async () => {
    // fixture 07: S2's parent consented to the social scope only
    const doc = temporaryProtection();
    await submit(t, w.drk, doc);
    const res = await get(`/v1/handovers/${doc.handoverId}`, w.aarhus.token);
    expect(res.status, res.text).toBe(200);
    expect(res.body.healthWithheldFor).toEqual(['S2']);
    const s2Read = res.body.document.persons.find((p: any) => p.personRef === 'S2');
    expect(s2Read.healthScreening).toEqual({ status: 'withheld', reason: 'consent-missing', audience: 'coordinating-department', scope: 'health' });
    expect(s2Read.socialInformation).toEqual(doc.persons.find((p: any) => p.personRef === 'S2').socialInformation);
    expect(JSON.stringify(res.body)).not.toContain(JSON.stringify(doc.persons.find((p: any) => p.personRef === 'S2').healthScreening));
    expect(res.body.document.persons.find((p: any) => p.personRef === 'S3').healthScreening).toEqual(doc.persons.find((p: any) => p.personRef === 'S3').healthScreening);
    // the sender wrote it and keeps seeing its own document whole
    const own = await get(`/v1/handovers/${doc.handoverId}`, w.drk.token);
    expect(own.body.document.persons.find((p: any) => p.personRef === 'S2').healthScreening).toEqual(doc.persons.find((p: any) => p.personRef === 'S2').healthScreening);
  });
});

describe('consent changes', () => {
  it('a withdrawal hides health from the next read on (JSON and health attachments), a new consent shows it again; history is kept', async () => {
    const { doc } = await submitFamilyWithRecord(t, w);
    const path = `/v1/handovers/${doc.handoverId}`;
    expect((await get(path, w.randers.token)).body.healthWithheldFor).toEqual([]);
    const change = { personRef: 'F4', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', obtainedHow: 'Telefonsamtale med mor (F2) og tolk på dari' };
    const recorded = await post(`${path}/consent-changes`, w.drk.token, change);
    expect(recorded.status, recorded.text).toBe(201);
    expect(recorded.body).toMatchObject({ ...change, recordedBy: 'drk-asylum' });

    const after = await get(path, w.randers.token);
    expect(after.body.healthWithheldFor).toEqual(['F4']);
    expect(after.body.document.persons[3].healthScreening.reason).toBe('consent-missing');
    expect(after.body.document.persons[2].healthScreening).toEqual(doc.persons[2].healthScreening);
    expectProblem(await get(`${path}/versions/1/attachments/A1`, w.randers.token), 403, 'forbidden');
    // the flag about F4 keeps its type but loses its text
    const flag = after.body.document.urgentFlags.find((f: any) => f.personRef === 'F4');
    expect(flag.description).toBe('(withheld: consent missing)');

    // the signed submission itself is unchanged
    const stored = await t.deps.handovers.findVersion(doc.handoverId, 1);
    expect((stored!.payload as any).consents).toEqual(doc.consents);

    const regranted = await post(`${path}/consent-changes`, w.randers.token, { ...change, action: 'granted', obtainedHow: 'Samtale på borgerservice med tolk' });
    expect(regranted.status).toBe(201);
    expect((await get(path, w.randers.token)).body.healthWithheldFor).toEqual([]);
    expect((await get(`${path}/versions/1/attachments/A1`, w.randers.token)).status).toBe(200);
    expect(await t.deps.recipientDeps.recipients.consentChanges(doc.handoverId)).toHaveLength(2);
  });

  it('rejects an invalid consent change naming each field, and stores nothing', async () => {
    const doc = singleAdult();
    await submit(t, w.drk, doc);
    const res = await post(`/v1/handovers/${doc.handoverId}/consent-changes`, w.aarhus.token, { personRef: 'X9', audience: 'police', scope: 'all', action: 'maybe', effectiveAt: '2999-01-01T00:00:00Z' });
    // The body against its schema first (the route binder), naming each field; then what only the handover and the clock can tell.
    const body = expectProblem(res, 422, 'validation-failed');
    expect(body.errors!.map((e: any) => e.pointer).sort()).toEqual(['/action', '/audience', '/obtainedHow', '/scope']);
    const known = expectProblem(await post(`/v1/handovers/${doc.handoverId}/consent-changes`, w.aarhus.token, { personRef: 'X9', audience: 'gp', scope: 'health', action: 'withdrawn', obtainedHow: 'x', effectiveAt: '2999-01-01T00:00:00Z' }), 422, 'validation-failed');
    expect(known.errors!.map((e: any) => e.pointer).sort()).toEqual(['/effectiveAt', '/personRef']);
    expect(await t.deps.recipientDeps.recipients.consentChanges(doc.handoverId)).toHaveLength(0);
    expectProblem(await post(`/v1/handovers/${doc.handoverId}/consent-changes`, w.randers.token, { personRef: 'P1', audience: 'gp', scope: 'health', action: 'withdrawn', obtainedHow: 'x' }), 404, 'not-found');
  });
});

describe('acknowledgement and delivery status', () => {
  it('walks submitted -> retrieved -> acknowledged, with a delivery receipt signed by the service', async () => {
    const doc = singleAdult();
    const receipt = await submit(t, w.drk, doc);
    const status = () => get(`/v1/handovers/${doc.handoverId}/status`, w.drk.token);
    expect((await status()).body).toMatchObject({ status: 'submitted', currentVersion: 1, versions: [{ version: 1, status: 'current', receiptId: receipt.receiptId, firstRetrieved: null, acknowledged: null }] });

    await get(`/v1/handovers/${doc.handoverId}`, w.aarhus.token);
    const retrieved = (await status()).body;
    expect(retrieved.status).toBe('retrieved');
    // Named, not only by id: the sender's page says who retrieved it.
    expect(retrieved.versions[0].firstRetrieved).toMatchObject({ by: 'aarhus', byName: 'Aarhus Kommune', at: expect.any(String) });
    // reading it again does not move "first retrieved"
    await get(`/v1/handovers/${doc.handoverId}`, w.aarhus.token);
    expect((await status()).body.versions[0].firstRetrieved.at).toBe(retrieved.versions[0].firstRetrieved.at);

    const ack = await post(`/v1/handovers/${doc.handoverId}/acknowledgements`, w.aarhus.token, { caseworker: 'Sagsbehandler Mette Holm', note: 'Modtaget; bolig klar 1/12' });
    expect(ack.status, ack.text).toBe(201);
    const jwks = (await request(t.app).get('/.well-known/jwks.json')).body;
    const verified = await compactVerify(ack.body.receipt, createLocalJWKSet(jwks));
    expect(verified.protectedHeader.typ).toBe('handover-delivery-receipt+jws');
    const claims = JSON.parse(new TextDecoder().decode(verified.payload));
    expect(claims).toMatchObject({ type: 'delivery-receipt', handoverId: doc.handoverId, version: 1, jwsSha256: receipt.jwsSha256, municipalityCode: '751', acknowledgedBy: 'aarhus', receiptId: ack.body.receiptId });

    // acknowledging again is safe and returns the first receipt
    const again = await post(`/v1/handovers/${doc.handoverId}/acknowledgements`, w.aarhus.token, {});
    expect(again.status).toBe(200);
    expect(again.body.receiptId).toBe(ack.body.receiptId);
    const final = (await status()).body;
    expect(final).toMatchObject({ status: 'acknowledged', versions: [{ acknowledged: { by: 'aarhus', byName: 'Aarhus Kommune', receiptId: ack.body.receiptId } }] });
  });

  it('shows superseded and withdrawn versions as such', async () => {
    const v1 = singleAdult();
    await submit(t, w.drk, v1);
    await submit(t, w.drk, nextVersion(v1));
    let s = (await get(`/v1/handovers/${v1.handoverId}/status`, w.aarhus.token)).body;
    expect(s.versions.map((v: any) => [v.version, v.status])).toEqual([[2, 'current'], [1, 'superseded']]);
    await withdraw(t, w.drk, v1.handoverId, 2);
    s = (await get(`/v1/handovers/${v1.handoverId}/status`, w.drk.token)).body;
    expect(s.versions.map((v: any) => [v.version, v.status])).toEqual([[2, 'withdrawn'], [1, 'current']]);
    await withdraw(t, w.drk, v1.handoverId, 1);
    s = (await get(`/v1/handovers/${v1.handoverId}/status`, w.drk.token)).body;
    expect(s).toMatchObject({ status: 'withdrawn', currentVersion: null });
  });

  it('rejects a malformed acknowledgement with the field named, and nothing stored', async () => {
    const doc = singleAdult();
    await submit(t, w.drk, doc);
    const res = await post(`/v1/handovers/${doc.handoverId}/acknowledgements`, w.aarhus.token, { caseworker: 7, note: 'x'.repeat(2001), colour: 'blue' });
    const body = expectProblem(res, 422, 'validation-failed');
    expect(body.errors!.map((e: any) => e.pointer).sort()).toEqual(['/caseworker', '/colour', '/note']);
    expect(await t.deps.recipientDeps.recipients.acknowledgements(doc.handoverId, [1])).toHaveLength(0);
    expectProblem(await post(`/v1/handovers/${doc.handoverId}/acknowledgements`, w.randers.token, {}), 404, 'not-found');
  });

  it('lets a sender list its own handovers, filtered by status', async () => {
    const t2 = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
    try {
      const w2 = await setupWorld(t2);
      const a = singleAdult();
      const b = singleAdult();
      const c = singleAdult();
      const theirs = quotaFamily();
      for (const d of [a, b, c]) await submit(t2, w2.drk, d);
      await submit(t2, w2.iom, theirs);
      await request(t2.app).get(`/v1/handovers/${b.handoverId}`).set(as(w2.aarhus.token));
      await request(t2.app).post(`/v1/handovers/${c.handoverId}/acknowledgements`).set(as(w2.aarhus.token)).send({});
      const list = (q = '') => request(t2.app).get(`/v1/handovers${q}`).set(as(w2.drk.token));
      const all = await list();
      expect(all.status, all.text).toBe(200);
      expect(all.body.items.map((i: any) => i.handoverId).sort()).toEqual([a, b, c].map((d) => d.handoverId).sort());
      expect((await list('?status=submitted')).body.items.map((i: any) => i.handoverId)).toEqual([a.handoverId]);
      expect((await list('?status=retrieved')).body.items.map((i: any) => i.handoverId)).toEqual([b.handoverId]);
      expect((await list('?status=acknowledged')).body.items.map((i: any) => i.handoverId)).toEqual([c.handoverId]);
      // pages of one, to the end, without repeats
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const page: any = (await list(`?limit=1${next ? `&after=${next}` : ''}`)).body;
        seen.push(...page.items.map((i: any) => i.handoverId));
        next = page.next;
      } while (next);
      expect(seen.sort()).toEqual([a, b, c].map((d) => d.handoverId).sort());
      expectProblem(await list('?status=lost'), 400, 'bad-request');
      expect((await request(t2.app).get('/v1/handovers').set(as(w2.iom.token))).body.items.map((i: any) => i.handoverId)).toEqual([theirs.handoverId]);
    } finally {
      await t2.close();
    }
  });
});

describe('deadlines', () => {
  it('lists health-assessment offers, 18th birthdays, medication and permits due within the window, sorted by date', async () => {
    const t2 = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date('2026-11-22T10:00:00Z') });
    try {
      const w2 = await setupWorld(t2);
      const { readValidFixture } = await import('../helpers/fixtures.js');
      const minor = { ...readValidFixture<any>('04-unaccompanied-minor-turning-18'), handoverId: crypto.randomUUID() };
      minor.recipient.municipalityCode = '751';
      const ptsd = { ...readValidFixture<any>('06-ptsd-medication-runs-out'), handoverId: crypto.randomUUID() };
      ptsd.recipient.municipalityCode = '751';
      await submit(t2, w2.drk, minor);
      await submit(t2, w2.drk, ptsd);
      const res = await request(t2.app).get('/v1/municipalities/751/deadlines?within=400d').set(as(w2.aarhus.token));
      expect(res.status, res.text).toBe(200);
      const kinds = res.body.deadlines.map((d: any) => d.kind);
      expect(kinds).toEqual(expect.arrayContaining(['turns-18', 'medication-supply-ends', 'health-assessment-offer']));
      const dates = res.body.deadlines.map((d: any) => d.date);
      expect(dates).toEqual([...dates].sort());
      for (const d of res.body.deadlines) expect(d.daysLeft).toBeLessThanOrEqual(400);
      // Each names whose it is, as the handover names the person.
      const ptsdName = `${ptsd.persons[0].socialInformation.identity.givenNames} ${ptsd.persons[0].socialInformation.identity.familyName}`;
      expect(res.body.deadlines.filter((d: any) => d.handoverId === ptsd.handoverId).map((d: any) => d.personName)).toEqual(expect.arrayContaining([ptsdName]));
      for (const d of res.body.deadlines) expect(typeof d.personName).toBe('string');
      const short = await request(t2.app).get('/v1/municipalities/751/deadlines?within=7d').set(as(w2.aarhus.token));
      for (const d of short.body.deadlines) expect(d.daysLeft).toBeLessThanOrEqual(7);
      expect(short.body.deadlines.length).toBeLessThan(res.body.deadlines.length);
      expectProblem(await request(t2.app).get('/v1/municipalities/751/deadlines?within=soon').set(as(w2.aarhus.token)), 400, 'bad-request');
      expectProblem(await request(t2.app).get('/v1/municipalities/751/deadlines').set(as(w2.randers.token)), 404, 'not-found');
    } finally {
      await t2.close();
    }
  });
});
