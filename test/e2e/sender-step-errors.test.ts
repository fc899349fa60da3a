/**
 * When the sender's form speaks of errors, and what each step says it is, in Debian's Chromium on
 * the real service, found by labels and roles (issue 29, what was left):
 * - a new form opened with "36 fejl i alt" before anything was done: errors are counted and
 *   summarised once a step is left or "Tjek dine svar" opened, and the count agrees with the summary;
 * - a step's own error summary said "Dato: Skal udfyldes" without the list entry it belongs to,
 *   where "Tjek dine svar" says "Husstanden: Hastende forhold nr. 1 › Dato: Skal udfyldes";
 * - a step with some sections "Ikke vurderet" read "Besvaret" in the step list.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, SCREENSHOTS } from './browser.js';
import { exact } from './form-driver.js';
import { openNewHandover, type SenderSession } from './sender-session.js';

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

const steps = () => page.getByRole('navigation', { name: 'Trin' });
const bar = () => page.getByRole('status').filter({ hasText: /fejl i alt|Ingen fejl|Fuldstændighed|Kladde|problems in all|No problems|Completeness|Draft/ }).first();
const summaryLinks = () => page.locator('.error-summary').getByRole('link').allTextContents();
const total = async () => Number(/(\d+) (?:fejl i alt|problems in all)/.exec(await page.locator('.progress').innerText())?.[1] ?? 0);
/** An urgent matter's date, as the handover's layout words it (the schema says only "Dato"). */
const URGENT_DATE = 'Dato det sker (medicin slipper op, termin, 18-årsdag)';
const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

describe('errors in the sender’s form: when they show, and where they are', () => {
  it('a new form shows no errors; leaving a step counts and lists its own, and the total always agrees with the summaries', async () => {
    await page.locator('#step-heading').getByText('Modtager og ankomst').waitFor();
    // A moment for the page's and the service's checks to have run on the new form.
    await page.waitForTimeout(1200);
    expect(await page.locator('.progress').innerText()).not.toMatch(/fejl/);
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await steps().innerText()).not.toContain('Har fejl');
    await expectNoAxeViolations(page, 'a new form');
    await shot('new-form-no-errors-da');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.locator('#step-heading').getByText('Recipient and arrival').waitFor();
    expect(await page.locator('.progress').innerText()).not.toMatch(/problem/);
    await shot('new-form-no-errors-en');
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    await page.locator('#step-heading').getByText('Modtager og ankomst').waitFor();

    // "Næste" on the untouched first step: the step is checked, its problems counted.
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.locator('#step-heading').getByText('Personer').waitFor();
    await expect.poll(total).toBeGreaterThan(0);
    expect(await steps().getByRole('link', { name: /^Modtager og ankomst/ }).innerText()).toContain('Har fejl');
    const first = await total();
    await steps().getByRole('link', { name: /^Modtager og ankomst/ }).click();
    await page.locator('#step-heading').getByText('Modtager og ankomst').waitFor();
    const links = await summaryLinks();
    expect(links.length, links.join('\n')).toBe(first);
    expect(await page.locator('.error-summary h3').innerText()).toBe(links.length === 1 ? 'Der er 1 fejl på denne side' : `Der er ${links.length} fejl på denne side`);
    // Leaving "Personer" checked it too: the total is the two steps' summaries together.
    await steps().getByRole('link', { name: /^Personer/ }).click();
    await page.locator('#step-heading').getByText('Personer').waitFor();
    // A person's section not begun is the person's step's problem, not the list of persons'.
    expect(await summaryLinks()).toEqual([]);
    expect(await total()).toBe(links.length);
    await steps().getByRole('link', { name: /^Smitsomme sygdomme: tuberkulose/ }).click();
    await page.locator('#step-heading').getByText(/Smitsomme sygdomme: tuberkulose/).waitFor();
    expect(await summaryLinks()).toEqual([]);
    await steps().getByRole('link', { name: /^Modtager og ankomst/ }).click();
    await page.locator('#step-heading').getByText('Modtager og ankomst').waitFor();
    expect(await steps().getByRole('link', { name: /^Smitsomme sygdomme: tuberkulose/ }).innerText()).toContain('Har fejl');
    expect(await steps().getByRole('link', { name: /^Personer/ }).innerText()).not.toContain('Har fejl');
    await steps().getByRole('link', { name: /^Smitsomme sygdomme: tuberkulose/ }).click();
    await page.locator('#step-heading').getByText(/Smitsomme sygdomme: tuberkulose/).waitFor();
    const tb = await summaryLinks();
    expect(tb.length, tb.join('\n')).toBeGreaterThan(0);
    for (const l of tb) expect(l, l).not.toMatch(/^: /);
    await shot('tb-step-checked-da');
    // Its link goes to the first field of the section on this step.
    await page.locator('.error-summary').getByRole('link', { name: 'Screening for smitsomme sygdomme: Skal udfyldes' }).click();
    const tbFirst = page.getByRole('group', { name: exact('Tuberkulose') }).getByRole('radio', { name: 'Vurderet, med fund', exact: true });
    await expect.poll(() => tbFirst.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    expect(await total(), tb.join('\n')).toBe(links.length + tb.length);
    await expectNoAxeViolations(page, 'the first step, checked');

    // "Tjek dine svar" lists every problem of the form: the total is its summary's count.
    await steps().getByRole('link', { name: /^Tjek dine svar/ }).click();
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();
    await expect.poll(async () => (await summaryLinks()).length).toBeGreaterThan(links.length);
    expect(await total()).toBe((await summaryLinks()).length);
    await expect.poll(() => page.locator('.error-summary h3').innerText()).toBe(`${(await summaryLinks()).length} fejl skal rettes, før der kan signeres`);
    expect(pageErrors).toEqual([]);
  });

  it('a step’s own error summary names the list entry and group of each field, and its link moves the focus to the field', async () => {
    await steps().getByRole('link', { name: /^Hastende forhold/ }).first().click();
    await page.locator('#step-heading').getByText(/Hastende forhold/).waitFor();
    await page.locator('main section').getByRole('button', { name: /^Tilføj/ }).first().click();
    // Medication running out needs the date it runs out.
    await page.locator('.list-entry').first().getByLabel(exact('Type')).selectOption({ label: 'Medicin slipper op' });
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.getByRole('button', { name: 'Tilbage' }).click();
    await page.locator('#step-heading').getByText(/Hastende forhold/).waitFor();
    const links = await summaryLinks();
    expect(links, links.join('\n')).toContain(`Hastende forhold nr. 1 › ${URGENT_DATE}: Skal udfyldes`);
    for (const l of links) expect(l, l).toMatch(/^Hastende forhold nr\. 1 › /);
    await expectNoAxeViolations(page, 'the urgent matters step with its summary');
    await shot('step-summary-entry-da');
    await page.locator('.error-summary').getByRole('link', { name: `Hastende forhold nr. 1 › ${URGENT_DATE}: Skal udfyldes` }).click();
    const date = page.locator('.list-entry').first().getByLabel(exact(URGENT_DATE)).first();
    await expect.poll(() => date.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.locator('.error-summary').getByRole('link', { name: 'Urgent flags no. 1 › Date it happens (medication runs out, due date, 18th birthday): Required' }).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('step-summary-entry-en');
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();
    await page.locator('#step-heading').getByText(/Hastende forhold/).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('a step with some sections not assessed says so in the step list, naming them and their reason, in Danish and English', async () => {
    // A new form: the step is not checked yet (a checked step with problems reads "Har fejl" first).
    await page.goto(new URL('/new', page.url()).href);
    await page.getByLabel(exact('Kommunekode')).waitFor();
    const link = () => steps().getByRole('link', { name: /^Bolig og familie/ }).first();
    await link().click();
    const section = (name: string) => page.getByRole('group', { name: exact(name) }).first();
    await section('Boligbehov og ønsker').getByRole('radio', { name: 'Vurderet af fagperson, intet fundet', exact: true }).check();
    await section('Familie andre steder').getByRole('radio', { name: 'Ikke vurderet', exact: true }).check();
    await section('Familie andre steder').getByLabel(exact('Årsag')).first().selectOption({ label: 'Ingen tid før overdragelse' });
    await expect.poll(() => link().innerText()).toContain('Delvist ikke vurderet: Familie andre steder (Ingen tid før overdragelse)');
    expect(await link().innerText()).not.toContain('Besvaret');
    await shot('step-partly-not-assessed-da');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^Housing and family/ }).first().innerText()).toContain('Partly not assessed: Family elsewhere (No time before the handover)');
    await shot('step-partly-not-assessed-en');
    await page.getByRole('button', { name: 'Dansk', exact: true }).click();

    // Every section not assessed: "Ikke vurderet" with the reason, as before.
    await section('Boligbehov og ønsker').getByRole('radio', { name: 'Ikke vurderet', exact: true }).check();
    await section('Boligbehov og ønsker').getByLabel(exact('Årsag')).first().selectOption({ label: 'Ingen tid før overdragelse' });
    await section('Socialt netværk og støttebehov').getByRole('radio', { name: 'Ikke vurderet', exact: true }).check();
    await section('Socialt netværk og støttebehov').getByLabel(exact('Årsag')).first().selectOption({ label: 'Ingen tid før overdragelse' });
    await expect.poll(() => link().innerText()).toContain('Ikke vurderet: Ingen tid før overdragelse');
    expect(await link().innerText()).not.toContain('Delvist');
    await expectNoAxeViolations(page, 'a step not assessed');
    expect(pageErrors).toEqual([]);
  });
});
