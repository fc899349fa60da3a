/**
 * The funnel page in Debian's Chromium, on the real service and database: six single adults with
 * mental-health findings handed over to Aarhus, five of them read by Aarhus; the caseworker opens
 * "Tragten" from the header and reads, by the table's row and column names, how many with
 * mental-health findings were handed over and retrieved, in Danish and in English; the charts are
 * images named by their counts; axe-core finds no WCAG 2.1 A/AA violation. Screenshots of both
 * languages go to test-output/screenshots.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, singleAdult, submit } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';
import { closeServer, expectNoAxeViolations, launchChromium, listenLocally, SCREENSHOTS } from './browser.js';

let t: TestApp;
let w: World;
let server: http.Server;
let base: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  w = await setupWorld(t);
  for (let i = 0; i < 6; i++) {
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    if (i < 5) await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token)).expect(200);
  }
  server = http.createServer(t.app);
  base = await listenLocally(server);
  chromium = await launchChromium();
  page = await (await chromium.browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } })).newPage();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
  await closeServer(server);
  await t?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
/** The count in a stage's row of the funnel's table. */
const count = (stage: string) => page.getByRole('table').first().getByRole('row', { name: new RegExp(`^${stage}`) }).getByRole('cell').first().textContent();

describe('the funnel page in Chromium', () => {
  it('shows a municipality how many with mental-health findings were handed over and retrieved, in Danish and English, with no axe violation', async () => {
    await page.goto(base);
    await page.getByLabel('Adgangsnøgle').fill(w.aarhus.token);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('heading', { name: 'Indbakke' }).waitFor();
    await page.getByRole('link', { name: 'Tragten' }).click();
    await page.getByRole('heading', { name: 'Når helbredsoplysningerne frem?' }).waitFor();
    await page.getByRole('radio', { name: 'Med psykiske fund' }).check();
    await page.getByLabel('Opdelt på').selectOption({ label: 'Aarhus Kommune' });
    expect(await count('Overleveret')).toBe('6');
    expect(await count('Hentet af kommunen')).toBe('5');
    expect(await count('Læge tilknyttet')).toBe('0');
    // The chart says what it shows to those who cannot see it.
    expect(await page.getByRole('img', { name: /^Søjler pr. trin: Overleveret 6; Hentet af kommunen 5/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Hent som CSV' }).getAttribute('href')).toMatch(/^\/v1\/funnel\?from=\d{4}-\d{2}&to=\d{4}-\d{2}&format=csv$/);
    await expectNoAxeViolations(page, 'funnel (da)');
    await shot('funnel-da');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Does the health information arrive?' }).waitFor();
    await page.getByRole('radio', { name: 'With mental-health findings' }).check();
    expect(await count('Handed over')).toBe('6');
    expect(await count('Retrieved by the municipality')).toBe('5');
    expect(await count('GP returned the result')).toBe('0');
    await page.getByRole('radio', { name: 'With medication that must not be interrupted' }).check();
    expect(await count('Handed over')).toBe('0');
    await page.getByRole('radio', { name: 'With mental-health findings' }).check();
    await expectNoAxeViolations(page, 'funnel (en)');
    await shot('funnel-en');
  });
});
