/**
 * The standard 1.2 through the real app: the IOM family written as the nurse has it (birth years
 * and months, a father with one name, a pregnancy as of a date, hepatitis B needing follow-up,
 * screening totals only, vaccines per vaccine, dental care not in the protocol) is submitted, read
 * back, listed, put on the deadlines and rendered for the coordinating department and the GP.
 */
import { readableDate } from '../../src/domain/partial-dates.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidFixtures, readValidFixture } from '../helpers/fixtures.js';
import { as, gpPractice, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { binaryBody } from '../helpers/binary-body.js';
import { pdfText } from '../helpers/pdf-reader.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, withNewId, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let doc: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-aarhus-12');
  doc = withoutAttachments(withNewId(readValidFixture<Doc>('12-v1-2-iom-family-as-written')));
  doc.recipient.municipalityCode = '751';
  await submit(t, w.iom, doc);
  for (const personRef of ['Q1', 'Q2']) {
    const res = await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef, gpOrganisationId: gp.id });
    expect(res.status, res.text).toBe(201);
  }
});
afterAll(() => t.close());

const pdfOf = async (path: string, token: string) => {
  const res = await request(t.app).get(path).set(as(token)).buffer(true).parse(binaryBody);
  expect(res.status, String(res.body)).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  // pdftotext breaks table cells over lines; one space between words is what a reader sees.
  return pdfText(res.body as Buffer).replace(/\s+/g, ' ');
};

describe('a 1.2 handover, as the nurse has it', () => {
  it('is stored and read back as written: partial dates, one name, vaccines, follow-up, totals', async () => {
    const res = await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token));
    expect(res.status, res.text).toBe(200);
    expect(res.body.document).toEqual(doc);
    expect(res.body.document.schemaVersion).toBe('1.2');
    expect(res.body.document.persons[1].socialInformation.identity).toEqual({ givenNames: 'Kabongo', noFamilyName: true, dateOfBirth: '1980-06', dateOfBirthEstimated: true, sex: 'male', citizenship: ['CD'], immigrationServiceCaseNumber: '26-200871' });
  });

  it('puts the 18th birthday of a child born in a known year or month on its earliest possible day, saying so', async () => {
    const res = await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token));
    expect(res.body.deadlines.filter((d: Doc) => d.kind === 'turns-18')).toEqual([
      { personRef: 'Q3', kind: 'turns-18', date: '2030-03-01', detail: 'date of birth known to the month: earliest possible date', birthDatePrecision: 'month' },
      { personRef: 'Q4', kind: 'turns-18', date: '2034-01-01', detail: 'date of birth known to the year: earliest possible date', birthDatePrecision: 'year' },
    ]);
  });

  it('names the person with one name by that name alone in the feed and the GP\'s list', async () => {
    const feed = await request(t.app).get('/v1/municipalities/751/handovers').set(as(w.aarhus.token));
    expect(feed.status, feed.text).toBe(200);
    const item = feed.body.items.find((i: Doc) => i.handoverId === doc.handoverId);
    expect(item.persons.map((p: Doc) => p.name)).toEqual(['Esperance Mukendi', 'Kabongo', 'Divine Mukendi', 'Patrick Mukendi']);
    // Born in 1984, no more known: two ages but on New Year's Eve, and the inbox says both ("41-42"), as the briefing does.
    const q1 = item.persons[0];
    if (new Date().toISOString().slice(5, 10) !== '12-31') expect(q1.ageUpTo).toBe(q1.age + 1);
    const list = await request(t.app).get('/v1/gp/persons').set(as(gp.token));
    expect(list.status, list.text).toBe(200);
    expect(list.body.persons.filter((p: Doc) => p.handoverId === doc.handoverId).map((p: Doc) => [p.personRef, p.name, p.dateOfBirth])).toEqual([
      ['Q1', 'Esperance Mukendi', '1984'],
      ['Q2', 'Kabongo', '1980-06'],
    ]);
  });

  it('briefs the coordinating department with the one name, the birth dates as written and both possible ages', async () => {
    const res = await request(t.app).get(`/v1/handovers/${doc.handoverId}/briefing?lang=en`).set(as(w.aarhus.token));
    expect(res.status, res.text).toBe(200);
    const persons = res.body.persons as Doc[];
    expect(persons.map((p) => p.name)).toEqual(['Esperance Mukendi', 'Kabongo', 'Divine Mukendi', 'Patrick Mukendi']);
    expect(persons[0]!.summary).toMatch(/^Born 1984 \(estimated\), 41-42 years · /);
    expect(persons[1]!.summary).toMatch(/^Born June 1980 \(estimated\), 46 years · /);
    expect(JSON.stringify(res.body)).not.toContain('undefined');
  });

  it('prints the coordinating department\'s PDF as written: "September 2024", the one name, both possible ages, the reason outside the protocol', async () => {
    for (const [lang, words] of [
      ['en', ['Kabongo', '1984 (estimated), 41-42 years', 'June 1980 (estimated), 46 years', 'Not in the screening protocol of the case', 'date of birth known to the year: earliest possible date', 'Has no family name Yes', 'What needs follow-up', 'Within a month', 'The rest is not documented']],
      ['da', ['Kabongo', '1984 (anslået), 41-42 år', 'juni 1980 (anslået), 46 år', 'Ikke en del af screeningsprotokollen i sagen', 'fødselsdato kendt til året: tidligst mulige dato', 'Har intet efternavn Ja', 'Inden for en måned', 'Resten er ikke dokumenteret']],
    ] as const) {
      const text = await pdfOf(`/v1/handovers/${doc.handoverId}/pdf?audience=coordinating-department&lang=${lang}`, w.aarhus.token);
      for (const word of words) expect(text, `${lang}: ${word}`).toContain(word);
      // The vaccine given "2024-09" is written as its month, no day invented; in the vaccines' table
      // the cell may wrap, and the text read back then holds the next cells' words in between.
      expect(text).toMatch(lang === 'en' ? /September(\s+\S+){0,4}\s+2024/ : /september(\s+\S+){0,4}\s+2024/);
      expect(text).not.toContain('undefined');
      expect(text).not.toContain('2024-09');
    }
  });

  it('tells the GP, in the health summary and its PDF, the pregnancy\'s week on receipt, the totals-only screenings and the follow-up', async () => {
    const summary = await request(t.app).get(`/v1/gp/persons/${doc.handoverId}/Q1`).set(as(gp.token));
    expect(summary.status, summary.text).toBe(200);
    expect(summary.body.healthScreening).toEqual(doc.persons[0].healthScreening);
    const received = (await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token))).body.receivedAt.slice(0, 10) as string;
    const days = (Date.parse(received) - Date.parse('2026-09-02')) / 86_400_000;
    const text = await pdfOf(`/v1/handovers/${doc.handoverId}/pdf?audience=gp&lang=en`, gp.token);
    expect(text).toContain(`Pregnancy on ${readableDate(received, 'en')} (received): about week ${14 + Math.floor(days / 7)}`);
    for (const word of ['Weeks as of 2 September 2026', 'Established by Last menstrual period', 'Expected date estimated Yes', 'RHS-15', 'PC-PTSD-5', 'Within a month', 'Hospital (infectious diseases)', 'Onset', '2019']) expect(text, word).toContain(word);
    const q2 = await pdfOf(`/v1/handovers/${doc.handoverId}/pdf?audience=gp&lang=da`, gp.token);
    expect(q2).toContain('Q2: Kabongo');
    expect(q2).toContain('juni 1980');
    expect(q2).not.toContain('undefined');
  });
});

describe('1.2 in the completeness report', () => {
  it('reports a section outside the protocol with its own reason, and a pregnancy without who established it as a recommended field left empty', async () => {
    const copy = readValidFixture<Doc>('12-v1-2-iom-family-as-written');
    delete copy.persons[0].healthScreening.pregnancy.establishedBy;
    const res = await request(t.app).post('/v1/validate').send(copy);
    expect(res.status, res.text).toBe(200);
    const issues = (ref: string) => res.body.completeness.persons.find((p: Doc) => p.personRef === ref).issues as Doc[];
    expect(issues('Q1')).toContainEqual({ personRef: 'Q1', pointer: '/persons/0/healthScreening/dental', kind: 'not-assessed', reason: 'not-in-protocol', reasonText: "IOM's protokol for kvoteflygtninge omfatter ikke tandstatus" });
    expect(issues('Q3')).toContainEqual({ personRef: 'Q3', pointer: '/persons/2/healthScreening/infectiousDiseases/syphilis', kind: 'not-assessed', reason: 'not-in-protocol' });
    expect(issues('Q1').filter((i) => i.kind === 'recommended-missing' && i.pointer.includes('/pregnancy'))).toEqual([{ personRef: 'Q1', pointer: '/persons/0/healthScreening/pregnancy/establishedBy', kind: 'recommended-missing', field: 'establishedBy' }]);
  });
});

describe('1.2 in the figures', () => {
  it('counts "not in the screening protocol" as its own reason, apart from "not the sender\'s remit"', async () => {
    for (let i = 0; i < 5; i++) {
      const copy = withoutAttachments(withNewId(readValidFixture<Doc>('12-v1-2-iom-family-as-written')));
      copy.recipient.municipalityCode = '730';
      for (const p of copy.persons.slice(1)) p.healthScreening.mentalHealth.screenings = { status: 'not-assessed', reason: 'not-in-protocol' };
      await submit(t, w.iom, copy);
    }
    const res = await request(t.app).get('/v1/figures?from=2026-08-31T00:00:00Z&to=2027-12-31T00:00:00Z').set(as(w.randers.token));
    expect(res.status, res.text).toBe(200);
    const all = res.body.groups.find((g: Doc) => g.scope === 'municipality');
    expect(all).toMatchObject({ handoversReceived: 5, persons: 20, mentalHealth: { assessed: 5, notAssessed: 15, notAssessedByReason: { 'not-in-protocol': 15 } } });
  });
});

describe('1.2 rules at the service', () => {
  it.each(invalidFixtures().filter((c) => /^(75|77|80)-/.test(c.name)).map((c) => [c.name, c] as const))('%s is refused by POST /v1/validate with exactly its pointer and rule', async (_name, c) => {
    const res = await request(t.app).post('/v1/validate').set('Content-Type', 'application/json').send(c.bytes.toString('utf8'));
    const body = expectProblem(res, 422, 'validation-failed');
    const messages: Record<string, string> = { const: 'must be equal to constant', turns18Consistent: 'does not match the date of birth' };
    expect(body.errors).toEqual(c.expected.errors.map((e) => ({ ...e, message: messages[e.keyword] })));
  });
});
