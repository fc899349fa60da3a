/**
 * The agenda of the first (handover) meeting: from a handover, for a meeting's date and
 * participants, as JSON and as a PDF in each language: persons, interpreters and how to speak with
 * them, urgent matters, deadlines from the meeting's day and overdue ones, the health-assessment
 * offer, the children's school, PPR and health-visitor needs and aids, a pending trauma referral,
 * who may not see what, sections not assessed and why, disagreements, open questions, room for the
 * outcome; two pages for a family of five.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, family as familyOf, familyFile, singleAdult, submit, type Doc } from '../helpers/handovers.js';
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
  // The father is a torture survivor on the waiting list for trauma rehabilitation; the sender wrote how to speak with him.
  family = familyOf('730');
  const mental = family.persons[0].healthScreening.mentalHealth;
  const source = mental.diagnoses.source;
  mental.traumaExposure = { status: 'findings', source, entries: [{ type: 'torture', period: '2021' }], handlingNote: 'Undgå lukkede rum; kvindelig tolk foretrækkes' };
  mental.traumaRehabilitationReferral = { status: 'findings', source, referredTo: 'RCT-Jylland', referredOn: '2026-10-20', state: 'waiting-list' };
  await submit(t, w.drk, family, [{ bytes: familyFile, name: 'operation-kabul-2022.pdf', type: 'application/pdf' }]);
  await request(t.app).post(`/v1/handovers/${family.handoverId}/questions`).set(as(w.randers.token)).send({ text: 'Hvem er F4s kontaktperson på skolen?' }).expect(201);
  // The parents do not want the health visitors to see Ali's health.
  await request(t.app).post(`/v1/handovers/${family.handoverId}/consent-changes`).set(as(w.randers.token)).send({ personRef: 'F5', audience: 'health-visitors', scope: 'health', action: 'withdrawn', obtainedHow: 'Samtale med forældrene og tolk' }).expect(201);
});
afterAll(() => t.close());

const MEETING = { date: '2026-12-08', participants: 'Anne Holm, sagsbehandler, Jobcenter Randers; Tolk (dari); Eva Berg, sundhedsplejerske; Kontaktperson, Center Avnstrup' };
const agendaOf = (id: string, token: string, query: Record<string, string> = {}) => request(t.app).get(`/v1/handovers/${id}/agenda`).query(query).set(as(token));
const pdfOf = async (id: string, token: string, lang: 'da' | 'en', query: Record<string, string> = {}) => {
  const res = await request(t.app).get(`/v1/handovers/${id}/agenda/pdf`).query({ lang, ...query }).set(as(token)).buffer(true).parse(binaryBody);
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

  it('is for the meeting’s date and participants: the children’s needs and aids, the pending trauma referral, how to speak with the father, the offer’s deadline, who may not see what', async () => {
    const a = (await agendaOf(family.handoverId, w.randers.token, MEETING).expect(200)).body;
    expect(a.date).toBe('2026-12-08');
    expect(a.participants).toEqual(['Anne Holm, sagsbehandler, Jobcenter Randers', 'Tolk (dari)', 'Eva Berg, sundhedsplejerske', 'Kontaktperson, Center Avnstrup']);
    expect(a.healthAssessmentOffer).toEqual(['F1', 'F2', 'F3', 'F4', 'F5'].map((personRef) => ({ personRef, date: '2027-06-01', mandatory: false })));
    expect(a.children.map((c: Doc) => [c.personRef, c.age])).toEqual([['F3', 12], ['F4', 8], ['F5', 2]]);
    expect(a.children[1]).toMatchObject({ childcareAndSchool: { currentStatus: 'school', grade: 1, schoolPsychologyAssessment: 'recommended', specialNeeds: expect.stringContaining('Næsten blind') }, forHealthVisitors: 'Ingen særlige behov', aids: ['Hvid stok, forstørrelsesglas, synskonsulent'] });
    expect(a.traumaReferrals).toEqual([{ personRef: 'F1', state: 'waiting-list', referredTo: 'RCT-Jylland', referredOn: '2026-10-20' }]);
    expect(a.conversationNotes).toEqual([{ personRef: 'F1', text: 'Undgå lukkede rum; kvindelig tolk foretrækkes' }]);
    expect(a.consentLimits).toEqual([{ personRef: 'F5', audience: 'health-visitors', notCovered: ['health'] }]);
    // Deadlines are counted from the meeting's day: after the 20th the medication is overdue.
    const later = (await agendaOf(family.handoverId, w.randers.token, { date: '2026-12-22' }).expect(200)).body;
    expect(later.deadlines.map((d: Doc) => [d.kind, d.date, d.overdue])).toEqual([['medication-supply-ends', '2026-12-20', true]]);
  });

  it('refuses a date that is not a calendar date and participants with line breaks, naming each', async () => {
    // The date against its described format first; the participants' line breaks only the agenda judges.
    const res = await agendaOf(family.handoverId, w.randers.token, { date: '2026-02-30', participants: 'Anne Holm\nTolk' });
    expect(expectProblem(res, 400, 'bad-request').errors).toEqual([{ pointer: '/query/date', keyword: 'format', message: 'must match format "date"' }]);
    const lines = await agendaOf(family.handoverId, w.randers.token, { date: '2026-02-28', participants: 'Anne Holm\nTolk' });
    expect(expectProblem(lines, 400, 'bad-request').errors).toEqual([{ pointer: '/query/participants', keyword: 'pattern', message: 'must not contain control characters or line breaks' }]);
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
  it('renders the agenda of a family of five on two pages in Danish and in English, each in its own language, with room for the outcome', async () => {
    const bytes = { da: await pdfOf(family.handoverId, w.randers.token, 'da', MEETING), en: await pdfOf(family.handoverId, w.randers.token, 'en', MEETING) };
    expect([pdfInfo(bytes.da).Pages, pdfInfo(bytes.en).Pages]).toEqual(['2', '2']);
    const da = pdfText(bytes.da);
    const en = pdfText(bytes.en);
    const oneLine = (text: string) => text.replace(/\s+/g, ' ');
    for (const words of [
      'Mødedato 8. december 2026',
      'Anne Holm, sagsbehandler, Jobcenter Randers; Tolk (dari); Eva Berg, sundhedsplejerske; Kontaktperson, Center Avnstrup',
      'Sådan taler I med personen',
      'Undgå lukkede rum; kvindelig tolk foretrækkes',
      'Helbredsmæssig vurdering skal tilbydes senest 1. juni 2027 (tilbud efter behov): hele husstanden',
      'Maryam Rahimi (8 år)',
      'Vurdering ved PPR: Anbefales',
      'Hjælpemidler: Hvid stok, forstørrelsesglas, synskonsulent',
      'Henvisning til traumebehandling, der afventer',
      'Mohammad Karim Rahimi: På venteliste; Henvist til: RCT-Jylland; Henvist den: 20. oktober 2026',
      'Sundhedsplejen må ikke se helbredsoplysninger om Ali Rahimi.',
    ])
      expect(oneLine(da), words).toContain(words);
    for (const words of ['Meeting date 8 December 2026', 'How to speak with the person', 'Health assessment to be offered by 1 June 2027 (offer based on need): the whole household', 'Maryam Rahimi (8 years)', 'Referrals to trauma rehabilitation still pending', 'Health visitors may not see health information about Ali Rahimi.'])
      expect(oneLine(en), words).toContain(words);
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
