/**
 * What the nurse trial still found in the sender's form (issue 29), each in Debian's Chromium on the
 * real service, found by labels and roles:
 * - an attachment's reference ("A1") was shown only on the review page, a record's "Bilagsreference"
 *   was a free text box offering none of the files uploaded, and each file showed its raw SHA-256;
 * - picking an ATC or ICD-10 code left the medicine's or the condition's name empty, though the
 *   code's name is known;
 * - the person of an urgent matter and of a consent was labelled "Personreference";
 * - "Tjek dine svar" repeated the person's own source (method, who, role, date, language,
 *   interpreter) in every health section that took it;
 * - labels named ISO standards ("Land (ISO 3166-1)", "Sprog (ISO 639)").
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, SCREENSHOTS } from './browser.js';
import { exact, formDriver } from './form-driver.js';
import { openNewHandover, saveDraft, type SenderSession } from './sender-session.js';

let session: SenderSession;
let page: Page;
let f: ReturnType<typeof formDriver>;

beforeAll(async () => {
  session = await openNewHandover();
  ({ page } = session);
  f = formDriver(page);
});
afterAll(async () => {
  await session?.close();
});

const heading = () => page.locator('#step-heading');
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('the sender’s form holds where the nurse trial still found fault', () => {
  it('each uploaded file shows its reference, a record’s attachment is chosen among the uploaded files, and a reference no longer uploaded stays shown', async () => {
    await f.goTo(/^Bilag/);
    await heading().getByText('Bilag').waitFor();
    await page.getByLabel('Vælg filer (PDF, JPEG, PNG)').setInputFiles([
      { name: 'epikrise.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'vaccinationskort.pdf', mimeType: 'application/pdf', buffer: pdf },
    ]);
    await page.getByRole('heading', { name: 'Bilag A1' }).waitFor();
    await page.getByRole('heading', { name: 'Bilag A2' }).waitFor();
    await page.getByText('Henvis til filen som A1 i skemaet', { exact: false }).waitFor();
    // The digest is a technical detail, folded away.
    expect(await page.getByText(/SHA-256/).first().isVisible()).toBe(false);
    await expectNoAxeViolations(page, 'attachments with references');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'attachments-refs-da.png'), fullPage: true });

    await f.goTo(/^Journaler og hensyn/);
    await f.status('Journaler fra udlandet', 'Vurderet, med fund');
    const section = f.group(page, 'Journaler fra udlandet');
    await f.click(section, /^Tilføj/);
    await f.fill(section, 'Beskrivelse', 'Epikrise fra Athen');
    const ref = section.getByRole('combobox', { name: exact('Bilagsreference') });
    expect(await ref.getByRole('option').allInnerTexts()).toEqual(['Vælg', 'A1 – epikrise.pdf', 'A2 – vaccinationskort.pdf']);
    await ref.selectOption({ label: 'A1 – epikrise.pdf' });
    await expectNoAxeViolations(page, 'a record with its attachment chosen');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'record-attachment-da.png'), fullPage: true });
    const doc = await saveDraft(session);
    expect(doc.persons[0].healthScreening.recordsFromAbroad).toEqual({ status: 'findings', entries: [{ description: 'Epikrise fra Athen', attachmentRef: 'A1' }] });

    await f.goTo(/^Tjek dine svar/);
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();
    await page.locator('section[aria-labelledby="step-heading"]').getByText('A1 – epikrise.pdf', { exact: true }).first().waitFor();

    // The file removed: the record still says which reference it holds, and that no upload has it.
    await f.goTo(/^Bilag/);
    await page.getByRole('heading', { name: 'Bilag A1' }).locator('..').getByRole('button', { name: 'Fjern' }).click();
    await f.goTo(/^Journaler og hensyn/);
    const after = f.group(page, 'Journaler fra udlandet').getByRole('combobox', { name: exact('Bilagsreference') });
    expect(await after.inputValue()).toBe('A1');
    expect(await after.getByRole('option').allInnerTexts()).toEqual(['Vælg', 'A2 – vaccinationskort.pdf', 'A1 (ikke blandt de uploadede bilag)']);

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('combobox', { name: exact('Attachment reference') }).waitFor();
    expect(await page.getByRole('combobox', { name: exact('Attachment reference') }).getByRole('option').allInnerTexts()).toEqual(['Choose', 'A2 – vaccinationskort.pdf', 'A1 (not among the uploaded attachments)']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'record-attachment-en.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^Attachments/ }).click();
    await page.getByRole('heading', { name: 'Attachment A2' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'attachments-refs-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    expect(session.pageErrors).toEqual([]);
  });

  it('a picked ATC or ICD-10 code fills its empty name field, and never overwrites a name typed', async () => {
    await f.goTo(/^Medicin/);
    await f.status('Medicin', 'Vurderet, med fund');
    const medicines = f.group(page, 'Medicin');
    await f.click(medicines, /^Tilføj/);
    await medicines.getByRole('combobox', { name: exact('ATC-kode') }).pressSequentially('metfor');
    await page.getByRole('option', { name: 'metformin (A10BA02)' }).click();
    await expect.poll(() => medicines.getByLabel(exact('Præparat')).inputValue()).toBe('metformin');
    // A second medicine whose name she typed first: her name stays.
    await f.click(medicines, /^Tilføj/);
    const second = medicines.locator('.list-entry').nth(1);
    await f.fill(second, 'Præparat', 'Glucophage 500 mg');
    await second.getByRole('combobox', { name: exact('ATC-kode') }).pressSequentially('metfor');
    await page.getByRole('option', { name: 'metformin (A10BA02)' }).click();
    // The name filled is edited as any text.
    await f.fill(medicines.locator('.list-entry').first(), 'Præparat', 'Metformin Actavis');
    await expectNoAxeViolations(page, 'medicines with names filled');

    await f.goTo(/^Screening og fysiske sygdomme/);
    await f.status('Fysiske sygdomme og tilstande', 'Vurderet, med fund');
    const conditions = f.group(page, 'Fysiske sygdomme og tilstande');
    await f.click(conditions, /^Tilføj/);
    await conditions.getByRole('combobox', { name: exact('ICD-10-kode') }).pressSequentially('diabet');
    await page.getByRole('option', { name: 'Type 2-diabetes uden komplikationer (E11.9)' }).click();
    await expect.poll(() => conditions.getByLabel(exact('Tilstand')).inputValue()).toBe('Type 2-diabetes uden komplikationer');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'code-fills-name-da.png'), fullPage: true });

    const doc = await saveDraft(session);
    expect(doc.persons[0].healthScreening.medications).toEqual({
      status: 'findings',
      entries: [
        { atc: 'A10BA02', name: 'Metformin Actavis' },
        { atc: 'A10BA02', name: 'Glucophage 500 mg' },
      ],
    });
    expect(doc.persons[0].healthScreening.physicalConditions).toEqual({ status: 'findings', entries: [{ icd10: 'E11.9', description: 'Type 2-diabetes uden komplikationer' }] });
    expect(session.pageErrors).toEqual([]);
  });

  it('the person of an urgent matter and of a consent is labelled "Person" at the field, in the error summary and on "Tjek dine svar" (da, en)', async () => {
    const steps = () => page.getByRole('navigation', { name: 'Trin' });
    await steps().getByRole('link', { name: /^Hastende forhold/ }).click();
    await f.click(page, /^Tilføj/);
    const urgent = page.locator('.list-entry').first();
    await f.select(urgent, 'Type', 'Andet');
    await f.fill(urgent, 'Beskrivelse', 'Skal have høreapparat');
    expect(await urgent.getByRole('combobox', { name: exact('Person') }).count()).toBe(1);
    // Left without its person: the summary names the field as it is labelled.
    await f.click(page, 'Næste');
    await steps().getByRole('link', { name: /^Hastende forhold/ }).click();
    await page.locator('.error-summary').getByRole('link', { name: 'Hastende forhold nr. 1 › Person: Skal udfyldes' }).waitFor();
    expect(await page.getByText('Personreference').count()).toBe(0);
    await expectNoAxeViolations(page, 'an urgent matter without its person');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'urgent-person-da.png'), fullPage: true });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.locator('.error-summary').getByRole('link', { name: /› Person: Required$/ }).waitFor();
    expect(await page.getByText('Person reference').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'urgent-person-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    await f.select(page.locator('.list-entry').first(), 'Person', 'Person P1 (uden navn endnu)');

    await steps().getByRole('link', { name: /^Samtykker/ }).click();
    await f.click(page, /^Tilføj samtykke$|^Tilføj til Samtykker$/);
    const consent = page.locator('.list-entry').first();
    await f.select(consent, 'Person', 'Person P1 (uden navn endnu)');

    await steps().getByRole('link', { name: /^Tjek dine svar/ }).click();
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();
    const review = page.locator('section[aria-labelledby="step-heading"]');
    const labels = async (region: string) => (await review.getByRole('region', { name: region }).locator('.summary-row').allInnerTexts()).map((r) => r.split('\n')[0]!);
    expect(await labels('Hastende forhold')).toContain('Hastende forhold 1 › Person');
    expect((await labels('Samtykker')).filter((l) => l.endsWith('› Person'))).toHaveLength(1);
    expect(await page.getByText('Personreference').count()).toBe(0);
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    expect(await page.getByText('Person reference').count()).toBe(0);
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    const doc = await saveDraft(session);
    expect(doc.urgentFlags).toEqual([{ type: 'other', personRef: 'P1', description: 'Skal have høreapparat' }]);
    expect(doc.consents[0].personRef).toBe('P1');
    expect(session.pageErrors).toEqual([]);
  });

  it('"Tjek dine svar" says the person’s own source once, and a section’s source only where it differs', async () => {
    await f.goTo(/^Screening og fysiske sygdomme/);
    const screening = f.group(page, 'Screening');
    await f.choose(screening, 'Sygeplejerskesamtale på asylcenter');
    await f.select(screening, 'Undersøgerens rolle', 'Sygeplejerske');
    await f.fill(screening, 'Dato', '2026-11-20');
    // Two sections chosen once the source is given: both take it; the second's date is changed there.
    await f.goTo(/^Allergier og funktion/);
    await f.status('Allergier', 'Vurderet, med fund');
    await f.click(f.group(page, 'Allergier'), /^Tilføj/);
    await f.fill(f.group(page, 'Allergier'), 'Stof', 'Penicillin');
    await f.goTo(/^Graviditet og tænder/);
    await f.status('Tandstatus', 'Vurderet, med fund');
    const dental = f.group(page, 'Tandstatus');
    await f.click(dental, /^Ændr .* her$/);
    await f.fill(f.group(dental, 'Kilde'), 'Dato', '2026-11-27');

    await f.goTo(/^Tjek dine svar/);
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();
    const review = page.locator('section[aria-labelledby="step-heading"]');
    const rows = async () => (await review.locator('.summary-row').allInnerTexts()).map((r) => r.split('\n').slice(0, 2).join(': '));
    const all = await rows();
    // The person's own source, then once that it holds for the rest.
    expect(all.filter((r) => r.startsWith('Screening › Dato'))).toEqual(['Screening › Dato: 2026-11-20']);
    expect(all.filter((r) => r.includes('Gælder alle helbredsafsnit'))).toEqual(['Screening: Gælder alle helbredsafsnit, hvor der ikke er vist en anden kilde']);
    // The allergies' source is the person's: not repeated. The dental source differs: shown in full.
    expect(all.filter((r) => r.startsWith('Allergier › Kilde'))).toEqual([]);
    expect(all.filter((r) => r.startsWith('Tandstatus › Kilde'))).toEqual(['Tandstatus › Kilde › Metode: Sygeplejerskesamtale på asylcenter', 'Tandstatus › Kilde › Undersøgerens rolle: Sygeplejerske', 'Tandstatus › Kilde › Dato: 2026-11-27']);
    await expectNoAxeViolations(page, 'the review with sources said once');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'review-sources-da.png'), fullPage: true });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByText('Holds for every health section that shows no other source').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'review-sources-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    const doc = await saveDraft(session);
    const source = { method: 'nurse-interview', examinerRole: 'nurse', date: '2026-11-20' };
    expect(doc.persons[0].healthScreening.screening).toEqual(source);
    expect(doc.persons[0].healthScreening.allergies).toEqual({ status: 'findings', source, entries: [{ substance: 'Penicillin' }] });
    expect(doc.persons[0].healthScreening.dental).toEqual({ status: 'findings', source: { ...source, date: '2026-11-27' } });
    expect(session.pageErrors).toEqual([]);
  });

  it('no label names an ISO standard: a citizenship is a "Land", another language and a record’s language a "Sprog" (da, en)', async () => {
    const noIso = async (where: string) => expect(await page.getByText(/ISO \d/).allInnerTexts(), where).toEqual([]);
    await f.goTo(/^Identitet/);
    const citizenship = f.group(page, 'Statsborgerskab');
    await f.click(citizenship, 'Tilføj land');
    await citizenship.getByRole('combobox', { name: exact('Land') }).pressSequentially('syrien');
    await page.getByRole('option', { name: 'Syrien (SY)' }).click();
    await noIso('identity');
    await expectNoAxeViolations(page, 'a citizenship by country');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'plain-labels-identity-da.png'), fullPage: true });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('group', { name: exact('Citizenship') }).getByRole('combobox', { name: exact('Country') }).waitFor();
    await noIso('identity, en');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'plain-labels-identity-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();

    await f.goTo(/^Opholdsgrundlag og sprog/);
    const others = f.group(page, 'Andre sprog');
    await f.click(others, /^Tilføj/);
    await others.getByRole('combobox', { name: exact('Sprog') }).pressSequentially('engelsk');
    await page.getByRole('option', { name: 'engelsk (en)' }).click();
    await noIso('languages');

    await f.goTo(/^Journaler og hensyn/);
    await f.group(page, 'Journaler fra udlandet').getByRole('combobox', { name: exact('Journalens sprog') }).waitFor();
    await noIso('records');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('combobox', { name: exact('Language of the record') }).waitFor();
    await noIso('records, en');
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();

    await f.goTo(/^Tjek dine svar/);
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();
    await noIso('review');
    const doc = await saveDraft(session);
    expect(doc.persons[0].socialInformation.identity.citizenship).toEqual(['SY']);
    expect(doc.persons[0].socialInformation.languages.otherLanguages).toEqual([{ language: 'en' }]);
    expect(session.pageErrors).toEqual([]);
  });
});
