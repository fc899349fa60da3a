/**
 * The GP's result form as the tester met it (2026-12-07): Enter in the language search box chose
 * "kurmanji (kmr)" and at once signed and sent the unfinished result; choosing the conclusion's
 * status showed the validator's own English ('Instance has "status" but does not match dependant
 * schema.'), "Ukendt felt" and a message under the status just chosen. Now Enter chooses and never
 * sends, and the form speaks as the sender's does: no message before a field was left, none under
 * a valid choice, only the page's language; signing is the button's alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createOrg, setupWorld, withNewId, type TestOrg, type World } from '../helpers/world.js';
import { expectNoAxeViolations, SCREENSHOTS, serveInChromium } from './browser.js';
import { exact } from './form-driver.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let served: Awaited<ReturnType<typeof serveInChromium>>;
let browser: Browser;
let page: Page;
let family: Doc;
const posted: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  w = await setupWorld(t);
  // The practice's key is made in the browser below, as a practice does: a result could really be signed and sent.
  gp = await createOrg(t, w.admin, { id: 'gp-result-e2e', type: 'gp-practice', name: 'Lægehuset Resultat' }, 'gp');
  family = withoutAttachments(withNewId(readValidFixture<Doc>('02-family-of-five-blind-child')));
  family.recipient.municipalityCode = '751';
  await submit(t, w.drk, family);
  await request(t.app).post(`/v1/handovers/${family.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'F1', gpOrganisationId: gp.id }).expect(201);
  served = await serveInChromium(t.app);
  browser = served.browser;
  page = await (await browser.newContext({ locale: 'da-DK', viewport: { width: 1100, height: 900 } })).newPage();
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/v1/health-assessments')) posted.push(r.url());
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(served.base);
  await page.getByLabel('Adgangsnøgle').fill(gp.token);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Tilknyttede personer' }).waitFor();
  await page.getByRole('link', { name: 'Signeringsnøgle' }).click();
  await page.getByRole('button', { name: 'Lav nøgle' }).click();
  await page.getByRole('heading', { name: 'Denne browsers nøgle' }).waitFor();
  const jwk = JSON.parse(await page.getByLabel('Offentlig nøgle (send til administratoren)').inputValue()) as Record<string, unknown>;
  await request(t.app).post(`/v1/admin/organisations/${gp.id}/keys`).set(as(w.admin)).send({ jwk, alg: 'ES256' }).expect(201);
}, 120_000);
afterAll(async () => {
  await served?.close();
  await t?.close();
});

async function openResult(lang: 'da' | 'en') {
  await page.goto(`${served.base}/gp/${family.handoverId}/F1`);
  await page.locator('article.clinical-summary').waitFor();
  const other = page.getByRole('button', { name: lang === 'da' ? 'Dansk' : 'English', exact: true });
  if (await other.count()) await other.click();
  await page.locator(`article.clinical-summary[lang="${lang}"]`).waitFor();
  const form = page.locator('.gp-result');
  await form.getByRole('button', { name: lang === 'da' ? 'Signér og send' : 'Sign and send' }).waitFor();
  // The conclusion is asked for once the person came (the schema's condition on the outcome).
  await form.getByRole('radio', { name: lang === 'da' ? 'Modtaget' : 'Accepted', exact: true }).check();
  return form;
}

const WORDS = {
  da: { conclusion: 'Lægefaglig konklusion', findings: 'Vurderet, med fund', noFindings: 'Vurderet af fagperson, intet fundet', language: 'Samtalesprog', doctor: 'Læge', sent: 'Resultatet er sendt til kommunen.' },
  en: { conclusion: 'Medical conclusion', findings: 'Assessed, with findings', noFindings: 'Assessed by a professional, nothing found', language: 'Language of the consultation', doctor: 'Doctor', sent: 'The result has been sent to the municipality.' },
} as const;
/** What a page in Danish or English must never show: the validator's own words, JSON Schema's keywords, the form library's. */
const RAW = /Instance|dependant|does not match|must|schema|Ukendt felt|Unknown field|Må ikke udfyldes sammen|oneOf|anyOf|discriminator/;

describe("the GP's result form", () => {
  for (const lang of ['da', 'en'] as const) {
    it(`Enter in the language search chooses "kurmanji (kmr)" and sends nothing; nor does Enter in any other field (${lang})`, async () => {
      const form = await openResult(lang);
      const words = WORDS[lang];
      const conclusion = form.getByRole('group', { name: exact(words.conclusion) });
      await conclusion.getByRole('radio', { name: words.findings, exact: true }).check();
      // Every code search of the form: each chooses with Enter, none sends.
      // (a text box that is a combobox, not a list box: <select> shares the role)
      const boxes = form.getByRole('combobox').and(form.locator('input'));
      const languageBox = form.getByRole('combobox', { name: exact(words.language) });
      await languageBox.waitFor();
      expect(await boxes.count()).toBeGreaterThan(0);
      for (let i = 0; i < (await boxes.count()); i++) {
        const box = boxes.nth(i);
        await box.fill('');
        await box.pressSequentially('kurmanji');
        const kurmanji = page.getByRole('option', { name: /^kurmanji \(kmr\)$/i });
        await kurmanji.waitFor();
        await box.press('Enter');
        expect((await box.inputValue()).toLowerCase()).toBe('kurmanji (kmr)');
        expect(await kurmanji.count()).toBe(0);
      }
      // Enter in every text box of the form (a name, a date, a number) sends nothing either.
      for (const input of await form.locator('input[type="text"]:visible').all()) await input.press('Enter');
      await page.waitForTimeout(500);
      expect(posted).toEqual([]);
      expect(await page.getByText(words.sent).count()).toBe(0);
      await form.getByRole('button', { name: lang === 'da' ? 'Signér og send' : 'Sign and send' }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, `gp-result-enter-${lang}.png`), fullPage: true });
    });

    it(`choosing the conclusion's status shows no message yet, none under the choice, and every message later is the page's own words (${lang})`, async () => {
      const form = await openResult(lang);
      const words = WORDS[lang];
      const conclusion = form.getByRole('group', { name: exact(words.conclusion) });
      await conclusion.getByRole('radio', { name: words.findings, exact: true }).check();
      await conclusion.getByRole('radio', { name: words.findings, exact: true }).press('Tab');
      // Nothing filled yet: no message anywhere, least of all under the status just chosen.
      expect(await form.locator('.form-error-message').count()).toBe(0);
      expect(await form.innerText()).not.toMatch(RAW);
      // A field left empty says so in the page's language, at that field.
      const doctor = form.getByLabel(exact(words.doctor));
      await doctor.focus();
      await doctor.press('Tab');
      await form.locator('.form-error-message').first().waitFor();
      // Switching to "nothing found" and back keeps it plain; then signing is tried: every message in words, with the summary.
      await conclusion.getByRole('radio', { name: words.noFindings, exact: true }).check();
      await conclusion.getByRole('radio', { name: words.findings, exact: true }).check();
      await form.getByRole('button', { name: lang === 'da' ? 'Signér og send' : 'Sign and send' }).click();
      await form.getByRole('alert').waitFor();
      const text = await form.innerText();
      expect(text).not.toMatch(RAW);
      // The status chosen is valid: no message under it.
      expect(await conclusion.getByRole('radiogroup').locator('.form-error-message').count()).toBe(0);
      expect(posted).toEqual([]);
      await expectNoAxeViolations(page, `GP result with messages ${lang}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `gp-result-messages-${lang}.png`), fullPage: true });
    });
  }
});
