/**
 * The sender's step-by-step form in Debian's Chromium (issue 29), on the real service and database,
 * found by visible labels and roles only: an untouched person adds no answer (the draft holds only
 * what identifies the handover, its sender and the person), the first step is usable at once, and
 * a draft can be deleted. The whole family's journey is in sender-form-family.test.ts.
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
let admin: string;
let sender: TestOrg;
let aarhus: TestOrg;
let page: Page;
const problems: string[] = [];
const shots = path.join(SCREENSHOTS, 'sender-form');
const heights: Record<string, number> = {};
let f: ReturnType<typeof formDriver>;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The step now shown: measured, checked by axe, photographed; then "Næste". */
async function step(name: string, next = true) {
  await page.locator('#step-heading').waitFor();
  const title = (await page.locator('#step-heading').textContent())!;
  heights[title] = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  await expectNoAxeViolations(page, title);
  await page.screenshot({ path: path.join(shots, `${String(Object.keys(heights).length).padStart(2, '0')}-${name}.png`), fullPage: true });
  if (next) await f.click(page, 'Næste');
}

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  admin = await adminToken(t);
  sender = await createOrg(t, admin, { id: 'drk-sandholm', type: 'asylum-centre-operator', name: 'Dansk Røde Kors Asylafdeling' }, 'sender');
  aarhus = await createOrg(t, admin, { id: 'aarhus', type: 'municipality', name: 'Aarhus Kommune', municipalityCode: '751' }, 'municipality');
  server = http.createServer(t.app);
  base = await listenLocally(server);
  chromium = await launchChromium();
  browser = chromium.browser;
  fs.mkdirSync(shots, { recursive: true });
  const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy|EvalError/i.test(m.text())) problems.push(m.text());
  });
  page.on('dialog', (d) => void d.accept());
  f = formDriver(page);
  await page.goto(base);
  await page.getByLabel('Adgangsnøgle').fill(sender.token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
});
// A failed step leaves its picture behind, to see what the person saw.
afterEach(async (c) => {
  if (c.task.result?.state === 'fail') await page.screenshot({ path: path.join(shots, 'failed.png'), fullPage: true });
});
afterAll(async () => {
  await chromium?.close();
  await closeServer(server);
  await t?.close();
});

describe('the sender’s form in steps, in Chromium', () => {
  it('an untouched person adds no answer: the draft holds only what identifies the handover, its sender and the person; the draft can be deleted', async () => {
    const started = Date.now();
    await page.goto(`${base}/new`);
    await page.getByLabel(exact('Kommunekode')).waitFor();
    // The first step, usable: measured from the address typed to its first field drawn.
    console.log(`first usable form step: ${Date.now() - started} ms`);
    await page.getByRole('button', { name: 'Gem kladde' }).click();
    await page.getByText(/Kladde gemt/).waitFor();
    const list = await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200);
    expect(list.body.items).toHaveLength(1);
    const saved = await request(t.app).get(`/v1/drafts/${list.body.items[0].draftId}`).set(as(sender.token)).expect(200);
    const { handoverId, createdAt, ...rest } = saved.body.document;
    expect(typeof handoverId).toBe('string');
    expect(typeof createdAt).toBe('string');
    expect(rest).toEqual({
      documentType: 'handover',
      schemaVersion: '1.2',
      version: 1,
      sender: { organisationId: 'drk-sandholm', organisationType: 'asylum-centre-operator', organisationName: 'Dansk Røde Kors Asylafdeling' },
      persons: [{ personRef: 'P1', socialInformation: { personRef: 'P1' }, healthScreening: { personRef: 'P1' } }],
    });
    await page.getByRole('button', { name: 'Slet kladde' }).click();
    await page.getByRole('heading', { name: 'Sendte overdragelser' }).waitFor();
    expect((await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200)).body.items).toEqual([]);
  });

  it('speaks English when asked: the standard 1.2 fields by their English labels, partial dates said so, a long section split over steps; axe finds nothing', async () => {
    await page.goto(`${base}/new`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel(exact('Municipality code')).waitFor();
    const shotsEn = process.env.SENDER_SHOTS ?? '/tmp/shots-sender';
    fs.mkdirSync(shotsEn, { recursive: true });
    await page.screenshot({ path: path.join(shotsEn, 'en-01-recipient-and-arrival.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^Identity/ }).click();
    await page.getByRole('checkbox', { name: 'Has no family name' }).check();
    await page.getByText('As precisely as it is known: a year (2024), a year and month (2024-09) or the whole date (2024-09-30)').first().waitFor();
    await expectNoAxeViolations(page, 'identity in English');
    await page.screenshot({ path: path.join(shotsEn, 'en-02-identity.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^Infectious diseases: tuberculosis/ }).click();
    await page.getByRole('group', { name: exact('Tuberculosis') }).getByRole('radio', { name: 'Assessed, with findings' }).check();
    await page.getByRole('group', { name: exact('Follow-up') }).waitFor();
    await expectNoAxeViolations(page, 'infectious diseases in English');
    await page.screenshot({ path: path.join(shotsEn, 'en-03-infectious-diseases.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^Vaccinations/ }).click();
    await page.getByRole('group', { name: exact('Vaccinations') }).getByRole('radio', { name: 'Assessed, with findings' }).check();
    await page.getByRole('button', { name: 'Add to Vaccines' }).click();
    // A vaccine's status first: what it takes (a date, or a reason) is drawn once it is chosen.
    const vaccine = page.locator('.list-entry').last();
    await vaccine.getByLabel(exact('Vaccine')).waitFor();
    expect(await vaccine.getByLabel(exact('Given (date, month or year)')).count()).toBe(0);
    expect(await vaccine.getByRole('combobox', { name: exact('Not documented because') }).count()).toBe(0);
    await vaccine.getByRole('group', { name: exact('Status') }).getByRole('radio', { name: 'Given', exact: true }).check();
    await page.getByLabel(exact('Given (date, month or year)')).waitFor();
    await expectNoAxeViolations(page, 'vaccinations in English');
    await page.screenshot({ path: path.join(shotsEn, 'en-04-vaccinations.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('button', { name: 'Slet kladde' }).click();
    await page.getByRole('heading', { name: 'Sendte overdragelser' }).waitFor();
  });
});
