/**
 * Codes chosen by name in Debian's Chromium (issue 29.4), on the real service and database, found
 * by labels and roles only: the mother tongue by searching "arabisk" with the keyboard, the
 * interpreter's language typed as its code in capitals, a medicine by "metfor" and a diagnosis by
 * "diabet" with the mouse; the saved draft holds the codes, the review page names them, and axe
 * finds nothing with the suggestions open, in Danish and English.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { adminToken, createOrg, type TestOrg } from '../helpers/world.js';
import { closeServer, expectNoAxeViolations, launchChromium, listenLocally, SCREENSHOTS } from './browser.js';
import { exact, formDriver } from './form-driver.js';

let t: TestApp;
let server: http.Server;
let base: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let sender: TestOrg;
let page: Page;
const problems: string[] = [];
const shots = path.join(SCREENSHOTS, 'code-search');
let f: ReturnType<typeof formDriver>;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  const admin = await adminToken(t);
  sender = await createOrg(t, admin, { id: 'drk-codes', type: 'asylum-centre-operator', name: 'Dansk Røde Kors Asylafdeling' }, 'sender');
  server = http.createServer(t.app);
  base = await listenLocally(server);
  chromium = await launchChromium();
  browser = chromium.browser;
  fs.mkdirSync(shots, { recursive: true });
  page = await (await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  f = formDriver(page);
  await page.goto(base);
  await page.getByLabel('Adgangsnøgle').fill(sender.token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
});
afterEach(async (c) => {
  if (c.task.result?.state === 'fail') await page.screenshot({ path: path.join(shots, 'failed.png'), fullPage: true });
});
afterAll(async () => {
  await chromium?.close();
  await closeServer(server);
  await t?.close();
});

describe('codes chosen by name, in Chromium', () => {
  it('"arabisk", "AR", "metfor" and "diabet" are stored as ar, ar, A10BA02 and E11.9 and shown by name; axe finds nothing with the suggestions open', async () => {
    await page.goto(`${base}/new`);
    await page.getByLabel(exact('Kommunekode')).waitFor();

    // The mother tongue by keyboard: type part of the name, arrow down to the suggestion, Enter.
    await f.goTo(/^Opholdsgrundlag og sprog/);
    const motherTongue = page.getByRole('combobox', { name: exact('Modersmål') });
    await motherTongue.pressSequentially('arabisk');
    await expect.poll(() => page.getByRole('listbox').getByRole('option').first().textContent()).toBe('arabisk (ar)');
    await expect.poll(() => motherTongue.getAttribute('aria-expanded')).toBe('true');
    await expectNoAxeViolations(page, 'sprog, forslag åbne');
    await page.screenshot({ path: path.join(shots, '01-modersmaal-forslag.png') });
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('option', { name: 'arabisk (ar)' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await motherTongue.inputValue()).toBe('arabisk (ar)');
    expect(await motherTongue.getAttribute('aria-expanded')).toBe('false');

    // The interpreter's language typed as its code in capitals: stored in the schema's small letters, shown by name on leaving the box.
    await f.choose(f.group(page, 'Tolk nødvendig'), 'Ja');
    const interpreterLanguage = f.group(page, 'Tolkebehov').getByRole('combobox', { name: exact('Tolkesprog') });
    await interpreterLanguage.fill('AR');
    await interpreterLanguage.blur();
    expect(await interpreterLanguage.inputValue()).toBe('arabisk (ar)');

    // A medicine by part of its name, chosen with the mouse.
    await f.goTo(/^Medicin/);
    await f.status('Medicin', 'Vurderet, med fund');
    const medicines = f.group(page, 'Medicin');
    await f.click(medicines, /^Tilføj/);
    await medicines.getByRole('combobox', { name: exact('ATC-kode') }).pressSequentially('metfor');
    await page.getByRole('option', { name: 'metformin (A10BA02)' }).click();
    expect(await medicines.getByRole('combobox', { name: exact('ATC-kode') }).inputValue()).toBe('metformin (A10BA02)');

    // A diagnosis by part of its name.
    await f.goTo(/^Screening og fysiske sygdomme/);
    await f.status('Fysiske sygdomme og tilstande', 'Vurderet, med fund');
    const conditions = f.group(page, 'Fysiske sygdomme og tilstande');
    await f.click(conditions, /^Tilføj/);
    await conditions.getByRole('combobox', { name: exact('ICD-10-kode') }).pressSequentially('diabet');
    await expectNoAxeViolations(page, 'fysiske sygdomme, forslag åbne');
    await page.screenshot({ path: path.join(shots, '02-diagnose-forslag.png') });
    await page.getByRole('option', { name: 'Type 2-diabetes uden komplikationer (E11.9)' }).click();

    // The saved draft holds the codes, and the names picking them filled in their empty name fields.
    await page.getByRole('button', { name: 'Gem kladde' }).click();
    await page.getByText(/Kladde gemt/).waitFor();
    const list = await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200);
    const draft = (await request(t.app).get(`/v1/drafts/${list.body.items[0].draftId}`).set(as(sender.token)).expect(200)).body.document;
    const person = draft.persons[0];
    expect(person.socialInformation.languages).toEqual({ motherTongue: 'ar', interpreter: { needed: true, language: 'ar' } });
    expect(person.healthScreening.medications.entries).toEqual([{ atc: 'A10BA02', name: 'metformin' }]);
    expect(person.healthScreening.physicalConditions.entries).toEqual([{ icd10: 'E11.9', description: 'Type 2-diabetes uden komplikationer' }]);

    // The review page names each code.
    await f.goTo(/^Tjek dine svar/);
    const review = await page.locator('main').innerText();
    expect(review).toContain('arabisk (ar)');
    expect(review).toContain('metformin (A10BA02)');
    expect(review).toContain('Type 2-diabetes uden komplikationer (E11.9)');
    await expectNoAxeViolations(page, 'tjek dine svar');

    // In English the same codes read in English, and English names find them too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /Check your answers/ }).first().waitFor();
    const reviewEn = await page.locator('main').innerText();
    expect(reviewEn).toContain('Arabic (ar)');
    expect(reviewEn).toContain('Type 2 diabetes mellitus without complications (E11.9)');
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^Residence and languages/ }).first().click();
    const motherTongueEn = page.getByRole('combobox', { name: exact('Mother tongue') });
    expect(await motherTongueEn.inputValue()).toBe('Arabic (ar)');
    await motherTongueEn.fill('');
    await motherTongueEn.pressSequentially('dari');
    await page.getByRole('option', { name: 'Dari (prs)' }).waitFor();
    await expectNoAxeViolations(page, 'languages, suggestions open');
    await page.screenshot({ path: path.join(shots, '03-mother-tongue-suggestions-en.png') });
    await page.keyboard.press('Enter');
    // Enter with no suggestion chosen keeps what was typed, which is a name written out: stored as its code.
    await motherTongueEn.blur();
    expect(await motherTongueEn.inputValue()).toBe('Dari (prs)');
    expect(problems).toEqual([]);
  });

  it('Enter with suggestions open chooses the first (none pointed at), in every kind of code search: language, country, ATC, ICD-10 (tester 2026-12-07)', async () => {
    await page.goto(`${base}/new`);
    // (the test before ends in English)
    await page.getByRole('heading', { name: /Ny overdragelse|New handover/ }).first().waitFor();
    const danish = page.getByRole('button', { name: 'Dansk', exact: true });
    if (await danish.count()) await danish.click();
    await page.getByLabel(exact('Kommunekode')).waitFor();
    const enterChooses = async (box: ReturnType<Page['getByRole']>, typed: string, shown: string) => {
      await box.fill('');
      await box.pressSequentially(typed);
      await page.getByRole('option', { name: shown }).waitFor();
      await box.press('Enter');
      expect(await box.inputValue()).toBe(shown);
      expect(await box.getAttribute('aria-expanded')).toBe('false');
    };
    await f.goTo(/^Opholdsgrundlag og sprog/);
    await enterChooses(page.getByRole('combobox', { name: exact('Modersmål') }), 'kurmanji', 'kurmanji (kmr)');
    await f.goTo(/^Identitet/);
    const citizenship = f.group(page, 'Statsborgerskab');
    await f.click(citizenship, /^Tilføj/);
    await enterChooses(citizenship.getByRole('combobox').first(), 'syri', 'Syrien (SY)');
    await f.goTo(/^Medicin/);
    await f.status('Medicin', 'Vurderet, med fund');
    const medicines = f.group(page, 'Medicin');
    if ((await medicines.getByRole('combobox', { name: exact('ATC-kode') }).count()) === 0) await f.click(medicines, /^Tilføj/);
    await enterChooses(medicines.getByRole('combobox', { name: exact('ATC-kode') }).first(), 'metfor', 'metformin (A10BA02)');
    await f.goTo(/^Screening og fysiske sygdomme/);
    await f.status('Fysiske sygdomme og tilstande', 'Vurderet, med fund');
    const conditions = f.group(page, 'Fysiske sygdomme og tilstande');
    if ((await conditions.getByRole('combobox', { name: exact('ICD-10-kode') }).count()) === 0) await f.click(conditions, /^Tilføj/);
    await enterChooses(conditions.getByRole('combobox', { name: exact('ICD-10-kode') }).first(), 'type 2-diabetes uden', 'Type 2-diabetes uden komplikationer (E11.9)');
    expect(problems).toEqual([]);
  });
});
