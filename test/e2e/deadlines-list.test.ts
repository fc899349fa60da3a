/**
 * The coordinating department's deadlines list in Chromium when there are more than a page of
 * them: 130 households stored, the list shows the first hundred in the service's order, "Vis
 * flere frister" adds the rest after them, nothing twice, and the button goes once the list is
 * whole; axe-core finds no violation with the longer list, in Danish and English.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, singleAdult, storeInBulk } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';
import { expectNoAxeViolations, SCREENSHOTS, serveInChromium } from './browser.js';

let t: TestApp;
let w: World;
let served: Awaited<ReturnType<typeof serveInChromium>> | undefined;
let browser: Browser;
let page: Page;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  w = await setupWorld(t);
  await storeInBulk(t, w.drk, Array.from({ length: 130 }, () => singleAdult('751')));
  served = await serveInChromium(t.app);
  ({ base, browser } = served);
  page = await (await browser.newContext({ locale: 'da-DK' })).newPage();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});

/** The rows of the deadlines table as a caseworker reads them: date, person, what. */
async function shownRows(): Promise<string[]> {
  const rows = page.getByRole('table', { name: /^(Frister|Deadlines)$/ }).getByRole('row');
  const texts = await rows.allTextContents();
  return texts.slice(1);
}

describe('the deadlines list, more than a page', () => {
  it('shows the first hundred, then the rest on "Vis flere frister", in the service\'s order, each once', async () => {
    const all = (await request(t.app).get('/v1/municipalities/751/deadlines?within=60d&limit=500').set(as(w.aarhus.token)).expect(200)).body.deadlines as { personName: string }[];
    expect(all.length).toBeGreaterThan(100);

    await page.goto(base);
    await page.getByLabel('Adgangsnøgle').fill(w.aarhus.token);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Frister' }).waitFor();
    const table = page.getByRole('table', { name: 'Frister' });
    await expect.poll(() => table.getByRole('row').count()).toBe(101);
    const first = await shownRows();
    all.slice(0, 100).forEach((d, i) => expect(first[i]).toContain(d.personName));

    const more = page.getByRole('button', { name: 'Vis flere frister' });
    await more.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'deadlines-more-da.png'), fullPage: false });
    await more.click();
    await expect.poll(() => table.getByRole('row').count()).toBe(all.length + 1);
    const whole = await shownRows();
    all.forEach((d, i) => expect(whole[i]).toContain(d.personName));
    expect(whole.slice(0, 100)).toEqual(first);
    await expect.poll(() => more.count()).toBe(0);
    await expectNoAxeViolations(page, 'deadlines-whole');

    // In English from the start (the language is kept): the first hundred again, and the button in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.reload();
    await page.getByRole('heading', { name: 'Deadlines' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Deadlines' }).getByRole('row').count()).toBe(101);
    await page.getByRole('button', { name: 'Show more deadlines' }).scrollIntoViewIfNeeded();
    await expectNoAxeViolations(page, 'deadlines-en');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'deadlines-more-en.png'), fullPage: false });
  });
});
