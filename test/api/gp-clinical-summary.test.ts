/**
 * The GP's clinical summary and per-person PDF (issue 31.2): the asylum centre's family of five
 * with the mother's GP consent withdrawn, and IOM's 1.2 family. The summary follows the doctor's
 * order, says pregnancy weeks today and vaccines at the precision written, names other household
 * members only where their own consent covers the GP, carries no social facts, and the PDF says the
 * same without API words.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readableDate } from '../../src/domain/partial-dates.js';
import { pregnancyWeekOn } from '../../src/domain/pregnancy.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { freeTexts } from '../helpers/form-facts.js';
import { as, gpPractice, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { pdfText, renderPages } from '../helpers/pdf-reader.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, withNewId, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let otherGp: TestOrg;
let drk: Doc;
let iom: Doc;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-clinical-1');
  otherGp = await gpPractice(t, w.admin, 'gp-clinical-2');
  drk = withoutAttachments(withNewId(readValidFixture<Doc>('02-family-of-five-blind-child')));
  drk.recipient.municipalityCode = '751';
  iom = withoutAttachments(withNewId(readValidFixture<Doc>('12-v1-2-iom-family-as-written')));
  iom.recipient.municipalityCode = '751';
  await submit(t, w.drk, drk);
  await submit(t, w.iom, iom);
  // Zahra (F2) withdraws her consent to the GP seeing her health: her husband's GP may not name her.
  await request(t.app)
    .post(`/v1/handovers/${drk.handoverId}/consent-changes`)
    .set(as(w.aarhus.token))
    .send({ personRef: 'F2', audience: 'gp', scope: 'health', action: 'withdrawn', obtainedHow: 'Samtale med tolk' })
    .expect(201);
  for (const [doc, ref] of [[drk, 'F1'], [drk, 'F2'], [iom, 'Q1'], [iom, 'Q4']] as const) {
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: ref, gpOrganisationId: gp.id }).expect(201);
  }
});
afterAll(() => t?.close());

const summaryOf = (doc: Doc, ref: string, lang: 'da' | 'en', token = gp.token) => request(t.app).get(`/v1/gp/persons/${doc.handoverId}/${ref}/clinical-summary?lang=${lang}`).set(as(token));
const pdfOf = (doc: Doc, ref: string, lang: 'da' | 'en') =>
  request(t.app)
    .get(`/v1/gp/persons/${doc.handoverId}/${ref}/pdf?lang=${lang}`)
    .set(as(gp.token))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

/** Every text of the summary, as the page and PDF show it. */
const textOf = (body: Doc) => JSON.stringify(body);
describe("the GP's clinical summary", () => {
  it('reads as a doctor reads: medications must-not-interrupt first with supply end, sections in order, no social facts, the mother withheld', async () => {
    const res = await summaryOf(drk, 'F1', 'da');
    expect(res.status, res.text).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({ handoverId: drk.handoverId, version: 1, personRef: 'F1', lang: 'da', name: 'Mohammad Karim Rahimi', title: 'Klinisk resumé til egen læge' });
    expect(s.sections.map((x: Doc) => x.key)).toEqual(['problems', 'medications', 'allergies', 'tests', 'vaccinations', 'referrals', 'other']);
    const medication = s.sections.find((x: Doc) => x.key === 'medications').topics[0].lines[0].text;
    expect(medication).toContain('Metformin');
    expect(medication).toContain('20. december 2026');
    // The supply's end is a deadline of its own, with the medicine named.
    expect(s.deadlines.map((l: Doc) => l.text).join(' ')).toContain('Metformin');
    fs.mkdirSync(path.resolve('test-output'), { recursive: true });
    fs.writeFileSync(path.resolve('test-output', 'gp-clinical-F1-da.json'), JSON.stringify(s, null, 1));
    expect(s.sections.find((x: Doc) => x.key === 'allergies').noFindings).toEqual(['Allergier']);
    expect(s.notAssessed.map((l: Doc) => l.label)).toContain('Tandstatus');
    expect(s.language.map((l: Doc) => `${l.label}: ${l.text}`).join(' ')).toContain('Tolk nødvendig: Ja; Tolkesprog: dari (prs)');
    // The children are named (their consent covers the GP); the mother, whose consent was withdrawn, is not, nor her pregnancy.
    expect(s.household.map((l: Doc) => l.label).join(' ')).toContain('Yasin Rahimi');
    const text = textOf(s);
    expect(text).not.toContain('Zahra');
    const own = new Set([...freeTexts(drk.persons[0].healthScreening), ...freeTexts(drk.persons[0].socialInformation.languages)]);
    for (const h of freeTexts(drk.persons[1].healthScreening).filter((x) => ![...own].some((o) => o.includes(x)))) expect(text, h).not.toContain(h);
    expect(text).not.toContain(drk.urgentFlags[0].description);
    // Nothing of the social information: not the work, housing, school or goals of anyone.
    const { identity: _identity, languages: _languages, ...social } = drk.persons[0].socialInformation;
    for (const f of freeTexts(social).filter((x) => ![...own].some((o) => o.includes(x)))) expect(text, f).not.toContain(f);
    expect(text).not.toContain('Landmand');
  });

  it('dates an urgent matter as every other date is written, in the page\'s language (not 2026-12-11)', async () => {
    const ptsd = withoutAttachments(withNewId(readValidFixture<Doc>('06-ptsd-medication-runs-out')));
    ptsd.recipient.municipalityCode = '751';
    await submit(t, w.drk, ptsd);
    await request(t.app).post(`/v1/handovers/${ptsd.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'T1', gpOrganisationId: gp.id }).expect(201);
    const labels = async (lang: 'da' | 'en') => ((await summaryOf(ptsd, 'T1', lang).expect(200)).body.urgent as Doc[]).map((l) => l.label);
    expect(await labels('da')).toContain('Medicin slipper op (11. december 2026)');
    expect(await labels('en')).toContain('Medication runs out (11 December 2026)');
  });

  it('speaks 1.2: pregnancy in weeks today from weeks as of a date, vaccines per vaccine at the precision written, in Danish and English', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const weeks = pregnancyWeekOn(iom.persons[0].healthScreening.pregnancy, today)!;
    const da = (await summaryOf(iom, 'Q1', 'da')).body;
    const pregnancy = da.sections.find((x: Doc) => x.key === 'pregnancy').topics[0].lines[0];
    expect(pregnancy).toEqual({ label: `Graviditetsuge i dag (${readableDate(today, 'da')})`, text: `uge ${weeks}` });
    const en = (await summaryOf(iom, 'Q1', 'en')).body;
    expect(en.sections.find((x: Doc) => x.key === 'pregnancy').topics[0].lines[0]).toEqual({ label: `Week of pregnancy today (${readableDate(today, 'en')})`, text: `week ${weeks}` });
    expect(en.sections.find((x: Doc) => x.key === 'screenings').topics[0].lines.map((l: Doc) => l.text).join(' ')).toContain('RHS-15');
    const q4da = textOf((await summaryOf(iom, 'Q4', 'da')).body.sections.find((x: Doc) => x.key === 'vaccinations'));
    const q4en = textOf((await summaryOf(iom, 'Q4', 'en')).body.sections.find((x: Doc) => x.key === 'vaccinations'));
    expect(q4da).toContain('september 2024');
    expect(q4en).toContain('September 2024');
    expect(q4da).toContain('MMR');
    expect(q4da).toContain('2017');
    // Each vaccine a row of a table (issue 31.4), not a run-on line: read across, at the precision written.
    const topics = (await summaryOf(iom, 'Q4', 'da')).body.sections.find((x: Doc) => x.key === 'vaccinations').topics as Doc[];
    const vaccines = topics.find((x) => x.table)!.table;
    expect(vaccines.columns).toEqual(['Vaccine', 'Status', 'Dosis nr.', 'Givet (dato, måned eller år)', 'Land hvor givet', 'Sted hvor givet', 'Ikke dokumenteret, fordi', 'Årsag (uddybning)']);
    expect(vaccines.rows).toEqual([
      ['MMR', 'Givet', '1', 'september 2024', 'Uganda (UG)', 'Nakivale sundhedscenter', '', ''],
      ['Polio (OPV)', 'Givet', '', '2017', 'Demokratiske Republik Congo (CD)', '', '', ''],
      ['Di-Te-Ki-Pol', 'Ikke dokumenteret', '', '', '', '', 'Ingen journaler/oplysninger', 'Kortet fra Kinshasa gik tabt'],
      ['HPV', 'Ikke givet', '', '', '', '', '', ''],
    ]);
    expect(q4da).not.toMatch(/Vaccine: MMR; Status/);
  });

  it('answers as the GP rule does: 403 consent-missing without consent, 404 for another practice, an unknown handover or person, 400 bad-request for a wrong language', async () => {
    expectProblem(await summaryOf(drk, 'F2', 'da'), 403, 'consent-missing');
    expectProblem(await summaryOf(drk, 'F1', 'da', otherGp.token), 404, 'not-found');
    expectProblem(await summaryOf(drk, 'F3', 'da'), 404, 'not-found');
    expectProblem(await summaryOf({ handoverId: crypto.randomUUID() }, 'F1', 'da'), 404, 'not-found');
    expectProblem(await summaryOf(drk, 'F1', 'da', w.aarhus.token), 403, 'forbidden');
    const bad = expectProblem(await request(t.app).get(`/v1/gp/persons/${drk.handoverId}/F1/clinical-summary?lang=fr`).set(as(gp.token)), 400, 'bad-request');
    expect(bad.errors).toEqual([expect.objectContaining({ pointer: '/query/lang', keyword: 'enum' })]);
    expectProblem(await request(t.app).get(`/v1/gp/persons/${drk.handoverId}/F2/pdf`).set(as(gp.token)), 403, 'consent-missing');
  });

  it("gives one person's PDF saying what the page says, without API words, in Danish and English", async () => {
    fs.mkdirSync(path.resolve('test-output'), { recursive: true });
    for (const [doc, ref] of [[drk, 'F1'], [iom, 'Q1']] as const) {
      for (const lang of ['da', 'en'] as const) {
        const res = await pdfOf(doc, ref, lang);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        const bytes = new Uint8Array(res.body as Buffer);
        const text = pdfText(bytes).replace(/\s+/g, ' ');
        const summary = (await summaryOf(doc, ref, lang)).body;
        expect(text).toContain(summary.name);
        for (const section of summary.sections) expect(text).toContain(section.title);
        for (const line of summary.sections.flatMap((x: Doc) => x.topics.flatMap((topic: Doc) => topic.lines))) expect(text).toContain(line.text.replace(/\s+/g, ' ').slice(0, 30));
        for (const apiWord of ['/v1/', 'POST', 'GET ', 'version 1.0', 'version 1.1', 'version 1.2', 'health-assessment-result', 'schemaVersion']) expect(text).not.toContain(apiWord);
        // Only this person: nobody else's health.
        const own = new Set(freeTexts((doc.persons as Doc[]).find((p) => p.personRef === ref)!.healthScreening));
        for (const other of (doc.persons as Doc[]).filter((p) => p.personRef !== ref)) for (const h of freeTexts(other.healthScreening).filter((x) => !own.has(x))) expect(text, h).not.toContain(h.slice(0, 40));
        expect(renderPages(bytes).status).toBe(0);
        fs.writeFileSync(path.resolve('test-output', `gp-clinical-${ref}-${lang}.pdf`), bytes);
      }
    }
  });
});
