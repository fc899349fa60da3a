/** The PDFs through the API: access and consent as for the JSON, footer facts from the receipt, audit. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, gpPractice, nextVersion, submit, temporaryProtection, type Doc } from '../helpers/handovers.js';
import { pdfInfo, pdfPageTexts, pdfText, renderPages } from '../helpers/pdf-reader.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let doc: Doc;
let receipt: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-aarhus-pdf');
  // fixture 07 to Aarhus: S1 consents to the GP for health; S2 only to the department for social; S3 not to the GP
  doc = temporaryProtection('751');
  receipt = await submit(t, w.drk, doc);
  for (const personRef of ['S1', 'S2']) {
    expect((await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef, gpOrganisationId: gp.id })).status).toBe(201);
  }
});
afterAll(() => t.close());

const person = (ref: string) => doc.persons.find((p: Doc) => p.personRef === ref);
const pdfOf = (token: string, query: string, id = doc.handoverId) =>
  request(t.app)
    .get(`/v1/handovers/${id}/pdf?${query}`)
    .set(as(token))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

describe('the coordinating department PDF', () => {
  it('is served as application/pdf with the receipt id, version, digest and page x of y on every page', async () => {
    const res = await pdfOf(w.aarhus.token, 'audience=coordinating-department');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="handover-${doc.handoverId}-v1-coordinating-department-da.pdf"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const bytes = res.body as Buffer;
    const pages = pdfPageTexts(bytes);
    const read = await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token));
    pages.forEach((text, i) => {
      expect(text).toContain(`Overdragelse ${doc.handoverId} · version 1 · kvittering ${receipt.receiptId}`);
      expect(text).toContain(read.body.jwsSha256);
      expect(text).toContain(`Side ${i + 1} af ${pages.length}`);
    });
    expect(renderPages(bytes)).toEqual({ pages: pages.length, stderr: '', status: 0 });
    const info = pdfInfo(bytes);
    expect(info.Title).toContain('Aarhus Kommune');
    expect(info.Author).toBe(`${doc.sender.organisationName}, ${doc.sender.unit}`);
    // dates inside the PDF are the receipt's, so the same request gives the same bytes
    const again = await pdfOf(w.aarhus.token, 'audience=coordinating-department');
    expect(Buffer.compare(again.body, bytes)).toBe(0);
  });

  it('counts as the first retrieval, and leaves an audit event per person', async () => {
    const status = await request(t.app).get(`/v1/handovers/${doc.handoverId}/status`).set(as(w.drk.token));
    expect(JSON.stringify(status.body)).toContain('"aarhus"');
    const auditor = await auditorOf(t, w.admin);
    const events = await request(t.app).get(`/v1/audit?handoverId=${doc.handoverId}&action=handover.pdf`).set(as(auditor));
    expect(events.body.items.map((e: Doc) => e.personRef).sort()).toEqual(expect.arrayContaining(['S1', 'S2', 'S3']));
    expect(events.body.items.find((e: Doc) => e.personRef === 'S2').section).toContain('health:withheld');
  });

  it('withholds health without consent, and follows a consent withdrawal from the next PDF on', async () => {
    const s3 = person('S3');
    const meds: string[] = s3.healthScreening.medications.entries.map((m: Doc) => m.name);
    expect(meds).toEqual(['EpiPen Junior']);
    const before = pdfText((await pdfOf(w.aarhus.token, 'audience=coordinating-department')).body);
    // S2 consented to social information only
    expect(before).toContain('Helbredsoplysninger vises ikke: personens samtykke dækker ikke deling med koordineringsansvarlig forvaltning.');
    for (const name of meds) expect(before).toContain(name);
    const change = await request(t.app).post(`/v1/handovers/${doc.handoverId}/consent-changes`).set(as(w.aarhus.token)).send({ personRef: 'S3', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', obtainedHow: 'Forældrene trak samtykket tilbage' });
    expect(change.status).toBe(201);
    const after = pdfText((await pdfOf(w.aarhus.token, 'audience=coordinating-department')).body);
    // gone everywhere: the health section, the deadline's detail, the urgent flag's text
    for (const name of meds) expect(after).not.toContain(name);
    expect(after).toContain(`${s3.socialInformation.identity.givenNames} ${s3.socialInformation.identity.familyName}`);
    expect(after.match(/Helbredsoplysninger vises ikke/g)!.length).toBe(before.match(/Helbredsoplysninger vises ikke/g)!.length + 1);
    // Who may see what says the change, as the briefing page does.
    expect(after).toMatch(/Koordineringsansvarlig forvaltning\s+Sociale oplysninger \(ændret efter overdragelsen\)/);
    // the signed document itself is untouched: the sender still reads it whole
    const own = await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.drk.token));
    expect(own.body.document.persons[2].healthScreening).toEqual(s3.healthScreening);
  });

  it('renders in English on request, and marks a superseded version as such', async () => {
    const other = temporaryProtection('751');
    await submit(t, w.drk, other);
    await submit(t, w.drk, nextVersion(other));
    const en = pdfText((await pdfOf(w.aarhus.token, 'audience=coordinating-department&lang=en', other.handoverId)).body);
    expect(en).toContain('Handover of residents to the municipality');
    expect(en).toContain(`version 2`);
    const old = pdfText((await pdfOf(w.aarhus.token, 'audience=coordinating-department&version=1', other.handoverId)).body);
    expect(old).toContain('Versionens status: erstattet af en nyere version');
    expect(old).toContain('version 1 · erstattet af en nyere version');
  });

  it('names the wrong query parameter (400), and answers another municipality like an unknown handover (404)', async () => {
    const bad = expectProblem(await request(t.app).get(`/v1/handovers/${doc.handoverId}/pdf?audience=press&lang=fr`).set(as(w.aarhus.token)), 400, 'bad-request');
    expect(bad.errors!.map((e) => e.pointer)).toEqual(['/query/audience', '/query/lang']);
    // Never assumed (what the PDF shows depends on it), and the description says so (it said a default).
    const none = expectProblem(await request(t.app).get(`/v1/handovers/${doc.handoverId}/pdf`).set(as(w.aarhus.token)), 400, 'bad-request');
    expect(none.errors!.map((e) => e.pointer)).toEqual(['/query/audience']);
    const described = (await request(t.app).get('/v1/openapi.json')).body.paths['/v1/handovers/{handoverId}/pdf'].get.parameters.find((p: { name: string }) => p.name === 'audience');
    expect(described).toMatchObject({ in: 'query', required: true });
    expect(described.description).not.toMatch(/default/);
    expectProblem(await request(t.app).get(`/v1/handovers/${doc.handoverId}/pdf?audience=coordinating-department`).set(as(w.randers.token)), 404, 'not-found');
    expectProblem(await request(t.app).get(`/v1/handovers/${crypto.randomUUID()}/pdf?audience=coordinating-department`).set(as(w.aarhus.token)), 404, 'not-found');
  });
});

describe('the GP PDF', () => {
  it('holds the health summary of assigned persons with GP consent, a notice for those without, and nothing social', async () => {
    const res = await pdfOf(gp.token, 'audience=gp');
    expect(res.status).toBe(200);
    const text = pdfText(res.body);
    const s1 = person('S1');
    const s2 = person('S2');
    expect(text).toContain(`${s1.socialInformation.identity.givenNames} ${s1.socialInformation.identity.familyName}`);
    expect(text).toContain('Person S2: borgeren har ikke givet samtykke');
    expect(text).not.toContain(s2.socialInformation.identity.givenNames);
    // S3 is not assigned to this practice at all
    expect(text).not.toContain(person('S3').socialInformation.identity.givenNames);
    expect(text).not.toContain('Socialoplysninger');
    expect(text).toContain('Det beder vi lægen om');
    // How to return the result in a doctor's words, without API paths (issue 31.2).
    expect(text).toContain('resultatskemaet på personens side i tjenesten');
    expect(text).not.toContain('/v1/');
  });

  it('is only for the assigned practice: the municipality is told 403 audience-not-allowed, another practice 404', async () => {
    expectProblem(await request(t.app).get(`/v1/handovers/${doc.handoverId}/pdf?audience=gp`).set(as(w.aarhus.token)), 403, 'audience-not-allowed');
    const other = await gpPractice(t, w.admin, 'gp-aarhus-other');
    expectProblem(await request(t.app).get(`/v1/handovers/${doc.handoverId}/pdf?audience=gp`).set(as(other.token)), 404, 'not-found');
    expectProblem(await request(t.app).get(`/v1/handovers/${doc.handoverId}/pdf?audience=coordinating-department`).set(as(gp.token)), 404, 'not-found');
  });
});
