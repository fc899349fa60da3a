/**
 * What a nurse trial found in the sender's form (issue 29), each in Debian's Chromium on the real
 * service, found by labels and roles:
 * - "Personer" read "Besvaret" before anything was entered;
 * - choosing the first person of a second relation folded that entry into its line, so it could not
 *   be finished;
 * - a draft reopened lost each step's "Har fejl" (a required "Tolkesprog" left empty read "Besvaret"),
 *   and its heading still said "Ny overdragelse";
 * - "Tjek dine svar" showed a relation as "Personreference" twice, not as the sentence the step says;
 * - the error count stayed after an error was corrected, until the service had checked again (a
 *   date no longer needed, or in an entry removed, still counted);
 * - an urgent matter's date was labelled only "Dato", and the script of a name took only an ISO
 *   15924 code ("Arab") with no hint.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, SCREENSHOTS } from './browser.js';
import { exact, formDriver } from './form-driver.js';
import { openNewHandover, saveDraft, type SenderSession } from './sender-session.js';

let session: SenderSession;
let page: Page;
let pageErrors: string[];
let f: ReturnType<typeof formDriver>;

beforeAll(async () => {
  session = await openNewHandover();
  ({ page, pageErrors } = session);
  f = formDriver(page);
});
afterAll(async () => {
  await session?.close();
});

const savedDraft = () => saveDraft(session);

const steps = () => page.getByRole('navigation', { name: 'Trin' });
const heading = () => page.locator('#step-heading');
/** A step's state as the step list says it (the nth step of that name: the household's, then each person's). */
const stateOf = async (name: RegExp, nth = 0, list = steps()) => (await list.getByRole('link', { name }).nth(nth).innerText()).trim().split('\n').pop()!.trim();

describe('the sender’s form holds where the nurse trial broke it', () => {
  it('a new form’s "Personer" is not started until a person holds something', async () => {
    await heading().getByText('Modtager og ankomst').waitFor();
    expect(await stateOf(/^Personer/)).toBe('Ikke påbegyndt');
    await steps().getByRole('link', { name: /^Personer/ }).click();
    await heading().getByText('Personer').waitFor();
    // Looked at, not left: still not started.
    expect(await stateOf(/^Personer/)).toBe('Ikke påbegyndt');
    await steps().getByRole('link', { name: /^Identitet/ }).first().click();
    await f.fill(page, 'Fornavne (som i opholdstilladelsen)', 'Amina');
    expect(await stateOf(/^Personer/)).toBe('Besvaret');
  });

  it('relations added two at a time stay open while their persons are chosen, and the draft holds exactly the three relations entered', async () => {
    await steps().getByRole('link', { name: /^Personer/ }).click();
    await f.click(page, 'Tilføj person');
    await f.click(page, 'Tilføj person');
    for (const [i, given] of ['Amina', 'Yusuf', 'Leila'].entries()) {
      await steps().getByRole('link', { name: /^Identitet/ }).nth(i).click();
      await f.fill(page, 'Fornavne (som i opholdstilladelsen)', given);
    }
    await steps().getByRole('link', { name: /^Husstand/ }).click();
    const relations = f.group(page, 'Relationer');
    // Two relations added before either is filled (the first folded as its person was chosen), then a third.
    await f.click(relations, 'Tilføj relation');
    await f.click(relations, 'Tilføj relation');
    const given = [['Amina', 'Forælder', 'Yusuf'], ['Amina', 'Forælder', 'Leila'], ['Yusuf', 'Søskende', 'Leila']] as const;
    for (const [i, [from, type, to]] of given.entries()) {
      if (i === 2) await f.click(relations, 'Tilføj relation');
      const entry = relations.locator('.list-entry').nth(i);
      await f.select(entry, 'Person', from);
      // Still open, a moment later too (after the page's and the service's checks): the rest can be given.
      await page.waitForTimeout(800);
      expect(await entry.getByLabel(exact('er')).count(), `relation ${i + 1} open`).toBe(1);
      await f.select(entry, 'er', type);
      await f.select(entry, 'til (den anden person)', to);
      await relations.getByRole('group', { name: exact(`${from} er ${type.toLowerCase()} til ${to}`) }).waitFor();
    }
    // Each finished relation is its sentence on a line; the last one stays open.
    await relations.getByText('Amina er forælder til Yusuf:').waitFor();
    await relations.getByText('Amina er forælder til Leila:').waitFor();
    await expectNoAxeViolations(page, 'three relations');
    const doc = await savedDraft();
    expect(doc.household).toEqual({
      relations: [
        { from: 'P1', type: 'parent', to: 'P2' },
        { from: 'P1', type: 'parent', to: 'P3' },
        { from: 'P2', type: 'sibling', to: 'P3' },
      ],
    });
    expect(pageErrors).toEqual([]);
  });
  it('a reopened draft says it is a draft continued, and each step’s state is read from it: "Har fejl" where a required answer is missing', async () => {
    // Amina needs an interpreter; the interpreter's language is not given yet.
    await steps().getByRole('link', { name: /^Opholdsgrundlag og sprog/ }).first().click();
    await f.choose(f.group(page, 'Tolk nødvendig'), 'Ja');
    await f.click(page, 'Næste');
    await expect.poll(() => stateOf(/^Opholdsgrundlag og sprog/)).toBe('Har fejl');
    const saved = await savedDraft();
    expect(saved.persons[0].socialInformation.languages).toEqual({ interpreter: { needed: true } });

    // As the next day: the sender's start page, the draft opened from its list.
    await page.goto(new URL(page.url()).origin);
    await page.getByRole('link', { name: 'Amina, Yusuf, Leila' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kladde til ny overdragelse, fortsat' }).waitFor();
    await expect.poll(() => stateOf(/^Opholdsgrundlag og sprog/)).toBe('Har fejl');
    expect(await stateOf(/^Personer/)).toBe('Besvaret');
    expect(await stateOf(/^Opholdsgrundlag og sprog/, 2)).toBe('Ikke påbegyndt');
    // At the step, the message is at its field and in the step's summary, and the total agrees.
    await steps().getByRole('link', { name: /^Opholdsgrundlag og sprog/ }).first().click();
    await heading().getByText('Amina: Opholdsgrundlag og sprog').waitFor();
    await page.locator('.error-summary').getByRole('link', { name: /Tolkesprog: Skal udfyldes/ }).waitFor();
    await expectNoAxeViolations(page, 'a reopened draft with an error');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reopened-draft-da.png'), fullPage: true });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Draft of a new handover, continued' }).waitFor();
    await expect.poll(() => stateOf(/^Residence and languages/, 0, page.getByRole('navigation', { name: 'Steps' }))).toBe('Has errors');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reopened-draft-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    await heading().getByText('Amina: Opholdsgrundlag og sprog').waitFor();
    // Reopened and saved again untouched, the draft is as it was: nothing was added.
    expect(await savedDraft()).toEqual(saved);
    expect(pageErrors).toEqual([]);
  });
  it('"Tjek dine svar" says each relation as the sentence the step says, with the persons’ names', async () => {
    await steps().getByRole('link', { name: /^Tjek dine svar/ }).click();
    const household = page.getByRole('region', { name: 'Husstand' });
    await household.waitFor();
    const rows = async () => (await household.locator('.summary-row').allInnerTexts()).map((r) => r.split('\n').slice(0, 2).join(': '));
    expect(await rows()).toEqual(['Husstand › Relationer › Relation 1: Amina er forælder til Yusuf', 'Husstand › Relationer › Relation 2: Amina er forælder til Leila', 'Husstand › Relationer › Relation 3: Yusuf er søskende til Leila']);
    expect(await page.getByText('Personreference').count()).toBe(0);
    await expectNoAxeViolations(page, 'the review with relations');
    await household.screenshot({ path: path.join(SCREENSHOTS, 'review-relations-da.png') });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    const inEnglish = page.getByRole('region', { name: 'Household' });
    await inEnglish.getByText('Yusuf is sibling of Leila').waitFor();
    await inEnglish.screenshot({ path: path.join(SCREENSHOTS, 'review-relations-en.png') });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    await household.waitFor();
    expect(pageErrors).toEqual([]);
  });
  it('an urgent matter’s date says what date it is, and a name’s script is chosen by name ("arabisk", stored as Arab)', async () => {
    const dateLabel = 'Dato det sker (medicin slipper op, termin, 18-årsdag)';
    await steps().getByRole('link', { name: /^Hastende forhold/ }).click();
    await f.click(page, /^Tilføj/);
    const entry = page.locator('.list-entry').first();
    await f.select(entry, 'Type', 'Medicin slipper op');
    await f.select(entry, 'Person', 'Amina');
    await f.fill(entry, 'Beskrivelse', 'Insulin til 5 dage');
    expect(await entry.getByLabel(exact(dateLabel)).count()).toBe(1);
    // Left without the date: the message names the field as it is labelled.
    await f.click(page, 'Næste');
    await steps().getByRole('link', { name: /^Hastende forhold/ }).click();
    await page.locator('.error-summary').getByRole('link', { name: `Hastende forhold nr. 1 › ${dateLabel}: Skal udfyldes` }).waitFor();
    await expectNoAxeViolations(page, 'an urgent matter without its date');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'urgent-date-da.png'), fullPage: true });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByLabel(exact('Date it happens (medication runs out, due date, 18th birthday)')).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'urgent-date-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    await f.fill(entry, dateLabel, '2027-01-10');
    await expect.poll(() => page.locator('.error-summary').count()).toBe(0);

    // The script of Amina's name in its own letters: found by its Danish name, with a hint saying so.
    await steps().getByRole('link', { name: /^Identitet/ }).first().click();
    await page.getByText('Skriv skriftsystemets navn eller kode, fx arabisk eller Arab').waitFor();
    const script = page.getByRole('combobox', { name: exact('Skriftsystem') });
    await script.pressSequentially('arabisk');
    await expect.poll(() => page.getByRole('listbox').getByRole('option').first().textContent()).toBe('arabisk (Arab)');
    await expectNoAxeViolations(page, 'the script, suggestions open');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'script-by-name-da.png') });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await script.inputValue()).toBe('arabisk (Arab)');
    const doc = await savedDraft();
    expect(doc.persons[0].socialInformation.identity).toEqual({ givenNames: 'Amina', originalScript: 'Arab' });
    expect(doc.urgentFlags).toEqual([{ type: 'medication-runs-out', personRef: 'P1', description: 'Insulin til 5 dage', date: '2027-01-10' }]);
    await steps().getByRole('link', { name: /^Tjek dine svar/ }).click();
    await page.getByRole('region', { name: 'Hastende forhold' }).getByText(`Hastende forhold 1 › ${dateLabel}`).first().waitFor();
    await page.getByRole('region', { name: 'Amina: Identitet' }).getByText('arabisk (Arab)').first().waitFor();
    expect(pageErrors).toEqual([]);
  });
  it('an error corrected leaves the count and the summary at once: a date no longer needed, or in an entry removed', async () => {
    const dateLabel = 'Dato det sker (medicin slipper op, termin, 18-årsdag)';
    const missing = `Hastende forhold nr. 2 › ${dateLabel}: Skal udfyldes`;
    const links = () => page.locator('.error-summary').getByRole('link').allTextContents();
    const total = async () => Number(/(\d+) fejl i alt/.exec(await page.locator('.progress').innerText())?.[1] ?? 0);
    // A new handover with one urgent matter besides the first step's: few enough problems for the service to list them all.
    await page.goto(new URL('/new', page.url()).href);
    await page.getByLabel(exact('Kommunekode')).waitFor();
    await steps().getByRole('link', { name: /^Hastende forhold/ }).click();
    await f.click(page, /^Tilføj/);
    await f.select(page.locator('.list-entry').first(), 'Type', 'Andet');
    await f.select(page.locator('.list-entry').first(), 'Person', 'Person P1 (uden navn endnu)');
    await f.fill(page.locator('.list-entry').first(), 'Beskrivelse', 'Kørestol ved ankomst');
    await f.click(page, /^Tilføj/);
    const entry = page.locator('.list-entry').nth(1);
    await f.select(entry, 'Type', 'Medicin slipper op');
    await f.select(entry, 'Person', 'Person P1 (uden navn endnu)');
    await f.fill(entry, 'Beskrivelse', 'Astmamedicin');
    await f.click(page, 'Næste');
    await f.click(page, 'Tilbage');
    await expect.poll(links).toContain(missing);
    // The service has checked the form with the date missing.
    await page.waitForTimeout(1500);
    const before = await total();
    expect(await links()).toEqual([missing]);

    // Another type needs no date: corrected, gone from the summary and the count at once (not a second later).
    await f.select(entry, 'Type', 'Andet');
    await page.waitForTimeout(200);
    expect(await links()).toEqual([]);
    expect(await total()).toBe(before - 1);
    await page.waitForTimeout(1500);
    expect(await total()).toBe(before - 1);

    // The date needed again, then the entry removed: gone at once too.
    await f.select(entry, 'Type', 'Medicin slipper op');
    await expect.poll(links).toEqual([missing]);
    await page.waitForTimeout(1500);
    await entry.getByRole('button', { name: /^Fjern/ }).click();
    await page.waitForTimeout(200);
    expect(await links()).toEqual([]);
    expect(await total()).toBe(before - 1);
    await page.waitForTimeout(1500);
    expect(await total()).toBe(before - 1);
    await expectNoAxeViolations(page, 'the urgent matters corrected');
    expect(pageErrors).toEqual([]);
  });
});
