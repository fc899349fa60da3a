/**
 * More of what a tester with fresh eyes broke in the sender's form (2026-12-07), in Debian's
 * Chromium on the real service, found by labels and roles:
 * - a section's status switched twice lost its answers for good: "Vurderet, med fund" filled, then
 *   "Vurderet af fagperson, intet fundet" (a notice with "Fortryd"), then "Ikke vurderet", then back:
 *   the undo was gone and every field empty;
 * - an impossible date (31.02.2027, stored as 2027-02-31) was told to write the whole date, which it had;
 * - "Tjek dine svar" listed an urgent flag's missing date as "Dato: Skal udfyldes", saying neither
 *   the household nor which flag, while a person's read "Haji Ehmed Bakir: …".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { SCREENSHOTS } from './browser.js';
import { exact } from './form-driver.js';
import { openNewHandover, saveDraft, type SenderSession } from './sender-session.js';

let session: SenderSession;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  session = await openNewHandover();
  ({ page, pageErrors } = session);
});
afterAll(async () => {
  await session?.close();
});

/** The draft as the service holds it, after "Gem kladde". */
const savedDraft = () => saveDraft(session);

const steps = () => page.getByRole('navigation', { name: 'Trin' });

describe('the sender’s form, where a tester broke it again', () => {
  it('answers removed by a status switch come back when the status is chosen again, after any number of switches, and the draft holds exactly them', async () => {
    await steps().getByRole('link', { name: /^Bolig og familie/ }).first().click();
    const section = page.getByRole('group', { name: exact('Boligbehov og ønsker') }).first();
    const status = (choice: string) => section.getByRole('radio', { name: choice, exact: true }).first().check();
    await status('Vurderet, med fund');
    await section.getByLabel(exact('Antal værelser')).first().fill('3');
    await section.getByRole('group', { name: exact('Stueetage') }).getByRole('radio', { name: 'Ja', exact: true }).check();
    const filled = (await savedDraft()).persons[0].socialInformation;

    await status('Vurderet af fagperson, intet fundet');
    await section.getByText(/Det valgte tager ikke disse oplysninger, så de er fjernet: .*Antal værelser/).waitFor();
    await status('Ikke vurderet');
    // The undo is still offered after a further switch.
    expect(await section.getByRole('button', { name: 'Fortryd' }).count()).toBe(1);
    await status('Vurderet, med fund');
    expect(await section.getByLabel(exact('Antal værelser')).first().inputValue()).toBe('3');
    expect(await section.getByRole('group', { name: exact('Stueetage') }).getByRole('radio', { name: 'Ja', exact: true }).isChecked()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-switched-back.png') });
    expect((await savedDraft()).persons[0].socialInformation).toEqual(filled);

    // "Fortryd" undoes the last switch: after two, the section is as it was right before the second
    // ("intet fundet", with what was written there since), not before the first; pressed again, the
    // answers of "med fund" come back too.
    const isChosen = (choice: string) => section.getByRole('radio', { name: choice, exact: true }).first().isChecked();
    await status('Vurderet af fagperson, intet fundet');
    await status('Ikke vurderet');
    await section.getByText('Du har skiftet fra "Vurderet af fagperson, intet fundet". Fortryd giver det tilbage.').waitFor();
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByText('You switched from "Assessed by a professional, nothing found". Undo gives it back.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-switched-from-en.png') });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    await section.getByRole('button', { name: 'Fortryd' }).click();
    expect(await isChosen('Vurderet af fagperson, intet fundet')).toBe(true);
    await section.getByLabel(exact('Vurderet af')).first().fill('Sygeplejerske Hansen');
    await status('Ikke vurderet');
    await section.getByRole('button', { name: 'Fortryd' }).click();
    expect(await isChosen('Vurderet af fagperson, intet fundet')).toBe(true);
    expect(await section.getByLabel(exact('Vurderet af')).first().inputValue()).toBe('Sygeplejerske Hansen');
    await section.getByText(/Det valgte tager ikke disse oplysninger, så de er fjernet: .*Antal værelser/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-undo-twice-da.png') });
    await section.getByRole('button', { name: 'Fortryd' }).click();
    expect(await isChosen('Vurderet, med fund')).toBe(true);
    expect(await section.getByLabel(exact('Antal værelser')).first().inputValue()).toBe('3');
    expect(await section.getByRole('button', { name: 'Fortryd' }).count()).toBe(0);
    expect((await savedDraft()).persons[0].socialInformation).toEqual(filled);
    expect(pageErrors).toEqual([]);
  });

  it('a whole date that does not exist (31.02.2027) is said not to exist, in Danish and in English', async () => {
    await steps().getByRole('link', { name: /^Bolig og familie/ }).first().click();
    const section = page.getByRole('group', { name: exact('Boligbehov og ønsker') }).first();
    await section.getByRole('radio', { name: 'Vurderet af fagperson, intet fundet', exact: true }).first().check();
    const date = section.getByLabel(exact('Vurderet den')).first();
    await date.fill('31.02.2027');
    await date.blur();
    expect(await date.inputValue()).toBe('2027-02-31');
    await section.getByText('Datoen findes ikke').first().waitFor();
    expect(await section.innerText()).not.toContain('Skriv hele datoen som ÅÅÅÅ-MM-DD');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'date-does-not-exist-da.png') });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByText('This date does not exist').first().waitFor();
    expect(await page.locator('main').innerText()).not.toContain('Write the whole date as YYYY-MM-DD');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'date-does-not-exist-en.png') });
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    expect(pageErrors).toEqual([]);
  });

  it('every entry of the error summary on "Tjek dine svar" names where it is: the household or the person, and the list entry', async () => {
    await steps().getByRole('link', { name: /^Hastende forhold/ }).first().click();
    await page.locator('#step-heading').getByText(/Hastende forhold/).waitFor();
    await page.locator('main section').getByRole('button', { name: /^Tilføj/ }).first().click();
    await steps().getByRole('link', { name: /^Tjek dine svar/ }).first().click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const entries = await summary.getByRole('link').allTextContents();
    expect(entries.length).toBeGreaterThan(0);
    // The urgent flag's fields: the household, the flag by its number, the field.
    expect(entries.filter((e) => /^Husstanden: Hastende forhold nr\. 1 › Type: Skal udfyldes$/.test(e)), entries.join('\n')).toHaveLength(1);
    // A person's section split over several steps is the person's, not the household's.
    expect(entries.filter((e) => e.startsWith('Husstanden: Personer')), entries.join('\n')).toEqual([]);
    // Every entry: who (the household or a person), then where, then what.
    for (const e of entries) expect(e, e).toMatch(/^[^:]+: [^:]+: .+$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'review-summary-places.png') });
    expect(pageErrors).toEqual([]);
  });
});
