/**
 * The caseworker's briefing (GET /v1/handovers/:id/briefing): per person, findings first, in the
 * words of the coordinating department's PDF, within consent; the GP assigned and the GP's result.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, auditorOf, family as familyOf, gpPractice, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let family: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date('2026-12-05T09:00:00Z') });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-randers-1');
  family = withoutAttachments(familyOf('730'));
  await submit(t, w.drk, family);
});
afterAll(() => t.close());

const briefingOf = (lang: string, token = w.randers.token, id = family.handoverId) => request(t.app).get(`/v1/handovers/${id}/briefing?lang=${lang}`).set(as(token));
const person = (body: Doc, ref: string) => body.persons.find((p: Doc) => p.personRef === ref);
const group = (body: Doc, ref: string, key: string) => person(body, ref).groups.find((g: Doc) => g.key === key);

/** The sender's contact person in the family's fixture, as one line. */
const CONTACT = 'Mette Kjær, Socialrådgiver, +45 45 12 34 56, mette.kjaer@example.org';

describe('GET /v1/handovers/:id/briefing', () => {
  it('briefs each person findings first, in the schemas’ labels: urgent matters, health, social, the child’s school and PPR, language, relations as sentences, consents, deadlines', async () => {
    const res = await briefingOf('da');
    expect(res.status, res.text).toBe(200);
    const b = res.body;
    expect(b).toMatchObject({ handoverId: family.handoverId, version: 1, schemaVersion: '1.0', lang: 'da' });
    expect(b.header).toEqual([
      { label: 'Kommune', text: 'Randers Kommune' },
      { label: 'Afsender', text: 'Dansk Røde Kors, Center Avnstrup' },
      // Whom to call about the handover, as the PDF says it too (the page left it out).
      { label: 'Kontaktperson', text: CONTACT },
      { label: 'Forventet ankomst', text: '1. december 2026 · Arrangeret transport · Randers Rådhus · Familien har meget bagage og en barnevogn' },
      { label: 'Integrationsansvar overtages', text: '1. december 2026' },
      { label: 'Fuldstændighed', text: expect.stringMatching(/^\d+ af 100$/) },
    ]);
    expect(b.persons.map((p: Doc) => [p.personRef, p.name])).toEqual([
      ['F1', 'Mohammad Karim Rahimi'],
      ['F2', 'Zahra Rahimi'],
      ['F3', 'Yasin Rahimi'],
      ['F4', 'Maryam Rahimi'],
      ['F5', 'Ali Rahimi'],
    ]);
    // Who is a child is the domain's rule, said once for the page.
    expect(b.persons.map((p: Doc) => p.isChild)).toEqual([false, false, true, true, true]);
    expect(person(b, 'F1').summary).toBe('Født 1. januar 1982 (anslået), 44 år · Mand · Udlændingelovens § 7, stk. 2 (beskyttelsesstatus)');
    // Urgent first, then health: the pregnancy is flagged and described.
    expect(person(b, 'F2').groups.map((g: Doc) => g.key)).toEqual(['urgent', 'health', 'social', 'language', 'residence', 'relations', 'consents', 'deadlines', 'gp']);
    expect(group(b, 'F2', 'urgent').topics).toEqual([{ title: 'Haster', lines: [{ label: 'Graviditet nær termin (20. februar 2027)', text: 'Gravid uge 24; jordemoder skal kontaktes' }] }]);
    expect(group(b, 'F2', 'health').topics[0]).toEqual({ title: 'Graviditet', lines: [{ label: 'Uger', text: '24' }, { label: 'Terminsdato', text: '20. februar 2027' }, { label: 'Opfølgning', text: 'Jordemoder i kommunen' }] });
    // The medication that must not be interrupted, with the day its supply ends.
    const medicin = group(b, 'F1', 'health').topics.find((x: Doc) => x.title === 'Medicin');
    expect(medicin.lines).toEqual([{ label: 'Medicin', text: 'Præparat: Metformin; ATC-kode: metformin (A10BA02); Styrke: 500 mg; Dosis: 1 tablet; Hyppighed: 2 gange dagligt; Ordineret af: Læge, Center Avnstrup; Medicin rækker til: 20. december 2026; Må ikke afbrydes: Ja' }]);
    // Assessed with nothing found is said, not left blank.
    expect(group(b, 'F1', 'health').noFindings).toContain('Screening for smitsomme sygdomme › Tuberkulose');
    // Not relevant is said, not left out: the reader tells it from a section missing (a tester read
    // the father's pregnancy section's absence as nothing said at all). A group with nothing else is not drawn.
    expect(group(b, 'F1', 'health').notApplicable).toEqual(expect.arrayContaining(['Graviditet']));
    expect(person(b, 'F1').groups.map((g: Doc) => g.key)).not.toContain('children');
    // The nearly blind child: school, PPR recommended, and the aids flagged as urgent.
    expect(group(b, 'F4', 'urgent').topics[0].lines).toEqual([{ label: 'Hjælpemidler ved ankomst', text: 'Synshjælpemidler og synskonsulent før skolestart' }]);
    expect(group(b, 'F4', 'children').topics[0]).toEqual({
      title: 'Dagtilbud og skole',
      lines: [
        { label: 'Nuværende tilbud', text: 'Skole' },
        { label: 'Klassetrin', text: '1' },
        { label: 'Særlige behov', text: 'Næsten blind (synsstyrke ca. 5 %); skal have synskonsulent, punktskrift-forberedelse og hjælpemidler i klassen' },
        { label: 'Vurdering ved PPR', text: 'Anbefales' },
      ],
    });
    expect(group(b, 'F1', 'language').topics[0].lines[1]).toEqual({ label: 'Tolkebehov', text: 'Tolk nødvendig: Ja; Tolkesprog: dari (prs); Ønsket køn på tolk: Ingen præference' });
    // Every relation the person is part of, as a sentence with both names.
    expect(group(b, 'F3', 'relations').topics[0].lines.map((l: Doc) => l.text)).toEqual(['Yasin Rahimi er barn til Mohammad Karim Rahimi', 'Yasin Rahimi er barn til Zahra Rahimi', 'Yasin Rahimi er søskende til Maryam Rahimi']);
    expect(group(b, 'F2', 'relations').topics[0].lines.map((l: Doc) => l.text)).toContain('Mohammad Karim Rahimi er ægtefælle til Zahra Rahimi');
    expect(group(b, 'F1', 'consents').topics[0]).toEqual({
      title: 'Hvem må se hvad',
      lines: [
        { label: 'Koordineringsansvarlig forvaltning', text: 'Sociale oplysninger, Helbredsoplysninger' },
        { label: 'Egen læge', text: 'Sociale oplysninger, Helbredsoplysninger' },
        { label: 'Sundhedsplejen', text: 'Sociale oplysninger, Helbredsoplysninger' },
        { label: 'PPR', text: 'Sociale oplysninger, Helbredsoplysninger' },
      ],
    });
    expect(group(b, 'F1', 'deadlines').topics[0].lines[0]).toEqual({ label: '20. december 2026', text: 'Medicin slipper op – Metformin (må ikke afbrydes)' });
    // Sections not assessed: compact, one line each with the reason's label.
    expect(person(b, 'F1').notAssessed.slice(0, 3)).toEqual([
      { label: 'Uddannelse', text: 'Ingen tid før overdragelse' },
      { label: 'Socialt netværk og støttebehov', text: 'Ingen tid før overdragelse' },
      { label: 'Egne mål og ressourcer', text: 'Ingen tid før overdragelse' },
    ]);
    expect(group(b, 'F1', 'gp').topics).toEqual([{ title: 'Tildelt egen læge', lines: [{ label: 'Lægepraksis', text: 'ingen lægepraksis tildelt endnu' }] }]);
  });

  it('shows a person’s vaccines as a table, a row a vaccine, not one run-on line each (as the GP’s summary does)', async () => {
    for (const lang of ['da', 'en']) {
      const res = await briefingOf(lang);
      expect(res.status, res.text).toBe(200);
      const entries = family.persons.find((p: Doc) => p.personRef === 'F5').healthScreening.vaccinations.entries as Doc[];
      const tables = group(res.body, 'F5', 'health').topics.filter((t: Doc) => t.table);
      expect(tables, lang).toHaveLength(1);
      const { title, lines, table } = tables[0];
      expect(lines).toEqual([]);
      expect(title).toMatch(lang === 'da' ? /^Vaccinationer › / : /^Vaccinations › /);
      expect(table.rows).toHaveLength(entries.length);
      expect(table.rows.map((r: string[]) => r[table.columns.indexOf('Vaccine')])).toEqual(entries.map((e) => e.vaccine));
      // No vaccine is left as a line of its own.
      const allLines = group(res.body, 'F5', 'health').topics.flatMap((t: Doc) => t.lines.map((l: Doc) => l.text));
      expect(allLines.filter((text: string) => entries.some((e) => text.includes(e.vaccine)))).toEqual([]);
    }
  });

  it('says the same in English, every word from the English labels', async () => {
    const b = (await briefingOf('en').expect(200)).body;
    expect(b.header[5]).toEqual({ label: 'Completeness', text: expect.stringMatching(/^\d+ of 100$/) });
    expect(group(b, 'F2', 'urgent').topics[0].title).toBe('Urgent');
    expect(person(b, 'F1').summary).toMatch(/^Born 1 January 1982 \(estimated\), 44 years · Male · /);
    // One date format per language: "1 December 2026" in English as "1. december 2026" in Danish, never ISO.
    expect(b.header.slice(0, 5).map((l: Doc) => l.text)).toEqual(['Randers Municipality', 'Dansk Røde Kors, Center Avnstrup', CONTACT, expect.stringMatching(/^1 December 2026 · /), '1 December 2026']);
    const words = JSON.stringify([b.header, b.persons.map(({ dateOfBirth: _, ...p }: Doc) => p)]);
    expect(words.match(/\d{4}-\d{2}-\d{2}/g)).toBeNull();
    expect(person(b, 'F1').notAssessed[0]).toEqual({ label: 'Education', text: 'No time before the handover' });
    for (const danish of ['Ingen tid', 'Haster', 'Må ikke afbrydes', ' af 100', 'Hvem må se']) expect(JSON.stringify(b)).not.toContain(danish);
  });

  it('names the GP practice assigned and shows its signed result where the GP’s consent shares it', async () => {
    await request(t.app).post(`/v1/handovers/${family.handoverId}/gp-assignments`).set(as(w.randers.token)).send({ personRef: 'F1', gpOrganisationId: gp.id }).expect(201);
    const r = readValidFixture<Doc>('20-health-assessment-result-accepted');
    const result = { ...r, resultId: crypto.randomUUID(), handoverId: family.handoverId, personRef: 'F1', gpPractice: { ...r.gpPractice, organisationId: gp.id } };
    expect((await postCompact(t, gp.token, await signCompact(result, gp.key, { typ: 'health-assessment-result+jws' }), '/v1/health-assessments')).status).toBe(201);
    const b = (await briefingOf('da').expect(200)).body;
    expect(group(b, 'F1', 'gp').topics).toEqual([
      { title: 'Tildelt egen læge', lines: [{ label: 'Lægepraksis', text: 'Lægepraksis gp-randers-1 (tildelt 5. december 2026)' }] },
      {
        title: 'Lægens resultat af den helbredsmæssige vurdering',
        lines: [
          { label: 'Modtaget', text: '5. december 2026' },
          { label: 'Læge', text: 'Anne Holm, alment praktiserende læge' },
          { label: 'Tilbudt', text: '3. december 2026' },
          { label: 'Udfald', text: 'vurderingen er gennemført' },
          { label: 'Udført', text: '4. december 2026' },
          { label: 'Hensyn i forløbet', text: 'Nedsat timetal i danskundervisning de første 3 måneder' },
          { label: 'Konklusion', text: 'PTSD og depression i medicinsk behandling; recept fornyet' },
          { label: 'Opfølgning', text: 'Fortsat psykiatrisk behandling; henvist til psykiatrisk ambulatorium, Horsens' },
        ],
      },
    ]);
  });

  it('leaves out the health of a person whose consent no longer covers the department, and says so', async () => {
    await request(t.app)
      .post(`/v1/handovers/${family.handoverId}/consent-changes`)
      .set(as(w.randers.token))
      .send({ personRef: 'F2', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', obtainedHow: 'Samtale med tolk' })
      .expect(201);
    const b = (await briefingOf('da').expect(200)).body;
    const f2 = person(b, 'F2');
    // Worded as the department's PDF words it.
    expect(f2.healthWithheld).toBe('Helbredsoplysninger vises ikke: personens samtykke dækker ikke deling med koordineringsansvarlig forvaltning.');
    expect(f2.groups.map((g: Doc) => g.key)).toEqual(['urgent', 'social', 'language', 'residence', 'relations', 'consents', 'deadlines', 'gp']);
    // Only that a matter is urgent: the flag's kind and date would tell of the pregnancy.
    expect(group(b, 'F2', 'urgent').topics[0].lines).toEqual([{ label: 'Haster', text: '(tilbageholdt: samtykke mangler)' }]);
    expect(JSON.stringify(f2)).not.toMatch(/Gravid|Graviditet|Jordemoder|MMR|2027-02-20/);
    // The withdrawal recorded after the handover is said where it applies.
    expect(group(b, 'F2', 'consents').topics[0].lines[0]).toEqual({ label: 'Koordineringsansvarlig forvaltning', text: 'Sociale oplysninger (ændret efter overdragelsen)' });
  });

  it('is the holding municipality’s only, asks for a known language, and is audited per person', async () => {
    expect(expectProblem(await briefingOf('da', w.aarhus.token), 404, 'not-found')).toMatchObject({ title: expect.any(String) });
    expectProblem(await briefingOf('da', w.drk.token), 403, 'forbidden');
    const bad = expectProblem(await briefingOf('fr'), 400, 'bad-request');
    expect(bad.errors).toEqual([{ pointer: '/query/lang', keyword: 'enum', message: 'must be one of: "da", "en"' }]);
    const auditor = await auditorOf(t, w.admin);
    const events = (await request(t.app).get(`/v1/audit?handoverId=${family.handoverId}&action=handover.briefing&limit=100`).set(as(auditor)).expect(200)).body.items as Doc[];
    expect(events.slice(0, 5).map((e) => [e.actor.organisationId, e.personRef])).toEqual([
      ['randers', 'F1'],
      ['randers', 'F2'],
      ['randers', 'F3'],
      ['randers', 'F4'],
      ['randers', 'F5'],
    ]);
  });
});
