/**
 * A questionnaire's answers as numbered boxes (issue 29, found after it): the RHS-15 screening's
 * "Svar på spørgsmål 1-14 (0-4)", a list the schema fixes at exactly 14 integers, was drawn as a
 * general list (14 clicks on "Tilføj", a "Fjern" per answer). Now, in Debian's Chromium on the real
 * service, found by labels and roles: 14 boxes named "Spørgsmål 1" ... "Spørgsmål 14", typed straight
 * through with Tab; a box left empty says "Svar mangler" at the box and in the step's error summary
 * (never "Forkert type"); the draft holds exactly the 14 integers typed, and with every box cleared
 * no list at all.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, SCREENSHOTS } from './browser.js';
import { exact, formDriver } from './form-driver.js';
import { openNewHandover, type SenderSession } from './sender-session.js';

let session: SenderSession;
let page: Page;

beforeAll(async () => {
  session = await openNewHandover();
  page = session.page;
});
afterAll(async () => {
  await session?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
/** The screen around one place of a long page (the review's row). */
const shotAt = async (name: string, at: ReturnType<Page['locator']>) => {
  await at.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
};
const summaryLinks = () => page.locator('.error-summary').getByRole('link').allTextContents();
/** What a field's aria-describedby says (its message), as a screen reader reads it after its name. */
const description = (box: ReturnType<Page['getByRole']>) =>
  box.evaluate((el) => {
    const doc = (el as unknown as { ownerDocument: { getElementById(id: string): { textContent: string | null } | null } }).ownerDocument;
    return ((el as unknown as { getAttribute(n: string): string | null }).getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => doc.getElementById(id)?.textContent ?? '')
      .join(' ');
  });
const isFocused = (box: ReturnType<Page['getByRole']>) => box.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement);

/** The sender's only draft, as the service holds it. */
async function savedDraft(): Promise<Record<string, any>> {
  await page.getByRole('button', { name: 'Gem kladde' }).click();
  await page.getByText(/Kladde gemt/).waitFor();
  const auth = { Authorization: `Bearer ${session.sender.token}` };
  const list = await request(session.t.app).get('/v1/drafts').set(auth).expect(200);
  expect(list.body.items).toHaveLength(1);
  return (await request(session.t.app).get(`/v1/drafts/${list.body.items[0].draftId}`).set(auth).expect(200)).body.document;
}

describe('a questionnaire’s answers (a list of fixed length) as numbered boxes', () => {
  it('the RHS-15 answers are 14 boxes typed through with Tab; a missing answer is said at its box and in the summary; the draft holds exactly the 14 integers, and nothing once every box is cleared', async () => {
    const f = formDriver(page);
    await f.goTo(/^Psykisk helbred: screening/);
    await page.locator('#step-heading').filter({ hasText: /Psykisk helbred: screening/ }).waitFor();
    await f.status('Screeningsinstrumenter', 'Vurderet, med fund');
    const section = f.group(page, 'Screeningsinstrumenter');
    await f.click(section, /^Tilføj/);
    await f.choose(section, 'RHS-15');

    const answers = section.getByRole('group', { name: exact('Svar på spørgsmål 1-14 (0-4)') });
    const box = (n: number) => answers.getByRole('textbox', { name: `Spørgsmål ${n}`, exact: true });
    // Fourteen boxes, nothing to add or remove; the list is not in the document until an answer is typed.
    expect(await answers.getByRole('textbox').count()).toBe(14);
    expect(await answers.getByRole('button').count()).toBe(0);
    expect(await section.getByRole('button', { name: /^Tilføj svar/ }).count()).toBe(0);
    const untouched = await savedDraft();
    expect(untouched.persons[0].healthScreening.mentalHealth.screenings).toEqual({ status: 'findings', entries: [{ instrument: 'RHS-15' }] });
    await expectNoAxeViolations(page, 'the RHS-15 answers, empty');
    await shot('rhs15-boxes-empty-da');

    // Typed by keyboard alone: a figure, Tab, the next. Answer 3 mistyped as 7 (the scale is 0-4),
    // seen, and corrected with Shift+Tab; answer 9 skipped with Tab.
    const typed = [2, 0, 1, 3, 4, 1, 2, 0, 3, 4, 2, 1, 0, 3];
    await box(1).focus();
    for (const [i, a] of typed.entries()) {
      const n = i + 1;
      if (n === 3) {
        await page.keyboard.type('7');
        await page.keyboard.press('Tab');
        await expect.poll(() => description(box(3))).toContain('For stor');
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Backspace');
      }
      if (n !== 9) await page.keyboard.type(String(a));
      if (n < 14) await page.keyboard.press('Tab');
      expect(await isFocused(box(n < 14 ? n + 1 : 14))).toBe(true);
    }
    await page.keyboard.press('Tab');
    expect(await description(box(3))).toBe('');
    // The one left empty says so at its box, in plain words.
    await expect.poll(() => description(box(9))).toBe('Fejl: Svar mangler');
    expect(await answers.innerText()).not.toMatch(/Forkert type|Skal være/);

    // The step checked (left and come back to): its summary names the box, and its link goes there.
    await f.click(page, 'Næste');
    await f.click(page, 'Tilbage');
    await page.locator('#step-heading').filter({ hasText: /Psykisk helbred: screening/ }).waitFor();
    const links = await summaryLinks();
    expect(links, links.join('\n')).toContain('Screeningsinstrumenter › Screeninger nr. 1 › Svar på spørgsmål 1-14 (0-4) › Spørgsmål 9: Svar mangler');
    for (const l of links) expect(l, l).not.toMatch(/Forkert type|Spørgsmål (?!9)\d+:/);
    await expectNoAxeViolations(page, 'the RHS-15 answers, one missing, the step checked');
    await shot('rhs15-boxes-missing-da');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.locator('.error-summary').getByRole('link', { name: /Screenings no\. 1 › Answers to items 1-14 \(0-4\) › Question 9: Answer missing$/ }).waitFor();
    await page.getByRole('group', { name: exact('Answers to items 1-14 (0-4)') }).getByRole('textbox', { name: 'Question 9', exact: true }).waitFor();
    await expectNoAxeViolations(page, 'the RHS-15 answers in English, one missing');
    await shot('rhs15-boxes-missing-en');
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    await page.locator('.error-summary').getByRole('link', { name: /Spørgsmål 9: Svar mangler$/ }).click();
    await expect.poll(() => isFocused(box(9))).toBe(true);
    await page.keyboard.type(String(typed[8]));
    await page.keyboard.press('Tab');
    await expect.poll(summaryLinks).not.toContainEqual(expect.stringMatching(/Svar på spørgsmål/));
    expect(await description(box(9))).toBe('');

    // What the service holds: the 14 integers typed, nothing else added to the entry.
    const filled = await savedDraft();
    expect(filled.persons[0].healthScreening.mentalHealth.screenings).toEqual({ status: 'findings', entries: [{ instrument: 'RHS-15', items: typed }] });
    await shot('rhs15-boxes-filled-da');

    // The rest of the screening as a nurse gives it; then shown compactly: on the entry's line (a
    // second screening opened closes the first, now without messages) and in "Tjek dine svar".
    const entry = section.locator('.list-entry').first();
    await f.fill(entry, 'Sprogversion', 'ar');
    await f.choose(f.group(entry, 'Form'), 'Selvudfyldt');
    await f.fill(entry, 'Udført af', 'Birgitte Lund, sygeplejerske');
    await f.fill(entry, 'Dato', '2026-11-20');
    await f.fill(entry, 'Distress-termometer (0-10)', '6');
    await f.fill(entry, 'Sum af spørgsmål 1-14', '26');
    await f.fill(entry, 'RHS-13 sum (spørgsmål 1-13)', '23');
    await f.choose(f.group(entry, 'Positiv screening'), 'Ja');
    const rest = { languageVersion: 'ar', mode: 'self-report', administeredBy: 'Birgitte Lund, sygeplejerske', date: '2026-11-20', distressThermometer: 6, total14: 26, total13: 23, positive: true };
    const compact = typed.map((a, i) => `${i + 1}: ${a}`).join(', ');
    await f.click(section, /^Tilføj/);
    await section.getByText(`Svar på spørgsmål 1-14 (0-4): ${compact}`, { exact: false }).waitFor();
    await shot('rhs15-entry-line-da');
    // The new entry's instrument not chosen yet: named as its choice is, never by the schema's property name.
    await expect.poll(async () => (await summaryLinks()).filter((l) => l.includes('Screeninger nr. 2'))).toEqual(['Screeningsinstrumenter › Screeninger nr. 2 › Screeningsredskab: Skal udfyldes']);
    await f.click(section, 'Fjern Screeninger nr. 2');
    await f.goTo(/^Tjek dine svar/);
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();
    const row = page.locator('.summary-row').filter({ hasText: 'Svar på spørgsmål 1-14 (0-4)' });
    expect(await row.count()).toBe(1);
    expect(await row.locator('dd').first().innerText()).toBe(compact);
    await shotAt('rhs15-review-da', row);
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    await shotAt('rhs15-review-en', page.locator('.summary-row').filter({ hasText: 'Answers to items 1-14 (0-4)' }));
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();

    // Every box cleared: the list is gone from the document, not fourteen blanks.
    await f.goTo(/^Psykisk helbred: screening/);
    await page.locator('#step-heading').filter({ hasText: /Psykisk helbred: screening/ }).waitFor();
    for (let n = 1; n <= 14; n++) await box(n).fill('');
    await page.keyboard.press('Tab');
    expect(await answers.innerText()).not.toContain('Svar mangler');
    // (RHS-13 is asked for only with the answers: its field goes with them, as the schema says.)
    const cleared = await savedDraft();
    const { total13: _, ...withoutAnswers } = rest;
    expect(cleared.persons[0].healthScreening.mentalHealth.screenings).toEqual({ status: 'findings', entries: [{ instrument: 'RHS-15', ...withoutAnswers }] });
    expect(session.pageErrors).toEqual([]);
  });
});
