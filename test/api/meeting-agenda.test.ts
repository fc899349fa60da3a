/**
 * The agenda of the handover meeting: from a handover, as JSON and as a PDF in each language:
 * persons and interpreters, urgent matters, deadlines in the next weeks and overdue ones, sections
 * not assessed and why, disagreements in the household, open questions, room for the outcome.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, singleAdult, submit, submitFamilyWithRecord, type Doc } from '../helpers/handovers.js';
import { pdfInfo, pdfText } from '../helpers/pdf-reader.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';
import { binaryBody } from '../helpers/binary-body.js';

let t: TestApp;
let w: World;
let family: Doc;
beforeAll(async () => {
  // Meeting planned on 5 December 2026: the family's Metformin runs out on the 20th.
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date('2026-12-05T09:00:00Z') });
  w = await setupWorld(t);
  family = (await submitFamilyWithRecord(t, w, '730')).doc;
  await request(t.app).post(`/v1/handovers/${family.handoverId}/questions`).set(as(w.randers.token)).send({ text: 'Hvem er F4s kontaktperson på skolen?' }).expect(201);
});
afterAll(() => t.close());

const agendaOf = (id: string, token: string) => request(t.app).get(`/v1/handovers/${id}/agenda`).set(as(token));
const pdfOf = async (id: string, token: string, lang: 'da' | 'en') => {
  const res = await request(t.app).get(`/v1/handovers/${id}/agenda/pdf?lang=${lang}`).set(as(token)).buffer(true).parse(binaryBody);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.body as Buffer;
};

describe('GET /v1/handovers/:id/agenda', () => {
  it('lists who comes with which interpreter, urgent matters, deadlines soon, gaps with reasons, the disagreement and the open question', async () => {
    const res = await agendaOf(family.handoverId, w.randers.token);
    expect(res.status, res.text).toBe(200);
    const a = res.body;
    expect(a).toMatchObject({ handoverId: family.handoverId, version: 1, municipalityCode: '730', expectedArrival: { date: '2026-12-01', place: 'Randers Rådhus' }, outcome: { recordAs: '/persons/*/socialInformation/handoverMeeting' } });
    expect(a.persons.map((p: Doc) => p.personRef)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']);
    expect(a.persons[0].interpreter).toMatchObject({ needed: true });
    expect(a.urgent).toHaveLength(family.urgentFlags.length);
    // Within three weeks of the 5th: the medication on the 20th; not the health-assessment offers in June 2027.
    expect(a.deadlines.map((d: Doc) => [d.kind, d.date])).toEqual([['medication-supply-ends', '2026-12-20']]);
    expect(a.deadlines[0].overdue).toBe(false);
    expect(a.notAssessed.length).toBeGreaterThan(3);
    expect(a.notAssessed[0]).toMatchObject({ personRef: 'F1', kind: 'not-assessed', reason: expect.any(String) });
    expect(a.disagreements).toEqual([{ personRef: 'F1', text: 'Faderen ønsker at bo nær sin bror i Randers; moderen ønsker en større by' }]);
    expect(a.openQuestions).toEqual([expect.objectContaining({ number: 1, state: 'open', text: 'Hvem er F4s kontaktperson på skolen?' })]);
    // The sender prepares the same agenda.
    expect((await agendaOf(family.handoverId, w.drk.token)).body).toEqual(a);
  });

  it('is the addressed municipality’s and the sender’s only, and audited per person', async () => {
    expectProblem(await agendaOf(family.handoverId, w.aarhus.token), 404, 'not-found');
    expectProblem(await agendaOf(family.handoverId, w.iom.token), 404, 'not-found');
    expectProblem(await request(t.app).get(`/v1/handovers/${family.handoverId}/agenda/pdf?lang=fr`).set(as(w.randers.token)), 400, 'bad-request');
    const auditor = await auditorOf(t, w.admin);
    const events = (await request(t.app).get(`/v1/audit?handoverId=${family.handoverId}&action=handover.agenda&limit=500`).set(as(auditor)).expect(200)).body.items as Doc[];
    expect(events.filter((e) => e.actor.organisationId === 'randers').map((e) => e.personRef).slice(0, 5)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']);
  });
});

describe('GET /v1/handovers/:id/agenda/pdf', () => {
  it('renders the agenda in Danish and in English, each in its own language, with room for the outcome', async () => {
    const da = pdfText(await pdfOf(family.handoverId, w.randers.token, 'da'));
    const en = pdfText(await pdfOf(family.handoverId, w.randers.token, 'en'));
    for (const words of ['Dagsorden for overdragelsesmødet', 'Personer og tolkebehov', 'Frister de næste 21 dage', 'Medicin slipper op', 'Uenighed i husstanden', 'Faderen ønsker at bo nær sin bror', 'Åbne spørgsmål', 'Hvem er F4s kontaktperson', 'Mødets resultat', 'Overdragelsesmøde']) expect(da, words).toContain(words);
    for (const words of ['Agenda for the handover meeting', 'Persons and interpreters', 'Deadlines in the next 21 days', 'Medication runs out', 'Disagreements in the household', 'Open questions', 'Outcome of the meeting']) expect(en, words).toContain(words);
    for (const english of ['Agenda for the handover meeting', 'Outcome of the meeting', 'Open questions', 'not needed']) expect(da).not.toContain(english);
    for (const danish of ['Dagsorden', 'Mødets resultat', 'Åbne spørgsmål', 'ikke nødvendig']) expect(en).not.toContain(danish);
  });

  it('fits one page for a single adult', async () => {
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    const bytes = await pdfOf(doc.handoverId, w.aarhus.token, 'da');
    expect(pdfInfo(bytes).Pages).toBe('1');
    expect(pdfText(bytes)).toContain('Ingen åbne spørgsmål.');
  });
});
