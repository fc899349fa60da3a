/**
 * The coordinating department in a real browser (Debian's Chromium), on the real service and
 * database: a caseworker signs in (built-in sign-in), sees the family in the inbox and its
 * deadlines, switches to English, opens the handover (the sections not assessed shown with their
 * reasons, from the schemas' labels), downloads the PDF, acknowledges, and signs out. Keyboard
 * only where a person would type; axe-core finds no WCAG 2.1 A/AA violation on any screen; the
 * page runs under its Content-Security-Policy without a violation; the session cookie is HttpOnly
 * and SameSite=Strict, a change through it without the application's header is refused, and
 * signing out ends it on the server. Screenshots of each screen go to test-output/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, nextVersion, singleAdult, submit, submitFamilyWithRecord, type Doc } from '../helpers/handovers.js';
import { pdfText } from '../helpers/pdf-reader.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';
import { expectNoAxeViolations, SCREENSHOTS, serveInChromium } from './browser.js';

let t: TestApp;
let w: World;
let served: Awaited<ReturnType<typeof serveInChromium>> | undefined;
let base: string;
let browser: Browser;
let page: Page;
let family: Doc;
/** A second household, sent in two versions: one row in each list all the same. */
let single: Doc;
const cspViolations: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  w = await setupWorld(t);
  family = (await submitFamilyWithRecord(t, w, '751')).doc;
  single = singleAdult('751');
  await submit(t, w.drk, single);
  await submit(t, w.drk, nextVersion(single));
  // The caseworker has asked the sender one question about the family, not yet answered.
  await request(t.app).post(`/v1/handovers/${family.handoverId}/questions`).set(as(w.aarhus.token)).send({ text: 'Hvilken skole har Maryam gået i?' }).expect(201);
  served = await serveInChromium(t.app);
  ({ base, browser } = served);
  const context = await browser.newContext({ acceptDownloads: true, locale: 'da-DK' });
  page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
const familyName = () => family.persons[0].socialInformation.identity.familyName as string;
const singleName = () => single.persons[0].socialInformation.identity.familyName as string;

describe('the coordinating department’s inbox in Chromium', () => {
  it('serves the application under a strict Content-Security-Policy and the usual security headers', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // The JavaScript a browser downloads, compressed: within the 400 KB budget.
    const scripts = [...res.text.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
  });

  it('signs a caseworker in with the keyboard; the session cookie is HttpOnly and SameSite=Strict; the inbox shows the family', async () => {
    await page.goto(base);
    await page.getByRole('heading', { name: 'Log ind' }).waitFor();
    await expectNoAxeViolations(page, 'sign-in');
    await shot('01-sign-in');
    await page.getByLabel('Adgangsnøgle').focus();
    await page.keyboard.type(w.aarhus.token);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Indbakke' }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'hx_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain('hx1.');
    const row = page.getByRole('table', { name: 'Indbakke' }).getByRole('row').filter({ hasText: familyName() });
    await row.first().waitFor();
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Ikke kvitteret');
    // Completeness on its scale, the open question flagged on the family's row, none on the other's.
    expect(await row.textContent()).toMatch(/\d+ af 100/);
    await expect.poll(() => row.textContent()).toContain('1 åbent spørgsmål');
    const singleRow = page.getByRole('table', { name: 'Indbakke' }).getByRole('row').filter({ hasText: singleName() });
    // Two versions, one row.
    await expect.poll(() => singleRow.count()).toBe(1);
    expect(await singleRow.textContent()).not.toContain('spørgsmål');
    await page.getByRole('heading', { name: 'Frister' }).waitFor();
    // The deadlines as the service lists them; an empty list is said in words, never a blank table.
    const due = (await request(t.app).get('/v1/municipalities/751/deadlines?within=60d').set(as(w.aarhus.token)).expect(200)).body.deadlines as unknown[];
    if (due.length > 0) await expect.poll(() => page.getByRole('table', { name: 'Frister' }).getByRole('row').count()).toBe(due.length + 1);
    else await page.getByText('Ingen frister de næste 60 dage og ingen overskredne.').waitFor();
    await expectNoAxeViolations(page, 'inbox');
    await shot('02-inbox-da');
  });

  it('refuses a change through the session cookie without the application’s header', async () => {
    const res = await page.request.post(`${base}/v1/handovers/${family.handoverId}/acknowledgements`, { data: {} });
    expect(res.status()).toBe(401);
    expect((await request(t.app).get(`/v1/handovers/${family.handoverId}/status`).set(as(w.drk.token))).body.versions[0].acknowledged).toBeNull();
  });

  it('switches to English, opens the handover with the sections not assessed and why, and downloads its PDF', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await shot('03-inbox-en');
    await page.getByRole('link', { name: new RegExp(familyName()) }).first().click();
    await page.getByRole('heading', { name: 'Not assessed' }).first().waitFor();
    const list = (await page.locator('ul.not-assessed').allTextContents()).join('\n');
    // The section's label and the reason's label, both from the schemas.
    expect(list).toContain('Work and skills');
    expect(list).toContain('No time before the handover');
    await expectNoAxeViolations(page, 'handover');
    await shot('04-handover-en');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
    const file = await download.path();
    const text = await pdfText(fs.readFileSync(file!));
    expect(text).toContain('Handover of residents to the municipality');
    expect(text).toContain(familyName());
  });

  it('acknowledges receipt; the sender sees it acknowledged', async () => {
    await page.getByLabel('Caseworker').fill('Mette Holm');
    await page.getByRole('button', { name: 'Acknowledge receipt' }).click();
    await page.getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
    await expectNoAxeViolations(page, 'handover acknowledged');
    await shot('05-acknowledged');
    const status = await request(t.app).get(`/v1/handovers/${family.handoverId}/status`).set(as(w.drk.token)).expect(200);
    expect(status.body.status).toBe('acknowledged');
    expect(status.body.versions[0].acknowledged.by).toBe('aarhus');
  });

  it('signs out: the session ends on the server, the old cookie is worth nothing', async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'hx_session')!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const replay = await request(t.app).get('/v1/session').set('Cookie', `hx_session=${cookie.value}`);
    expect(replay.status).toBe(401);
    expect(cspViolations).toEqual([]);
  });

  it('the sender’s list: one row per handover, the municipality by name, the open question flagged', async () => {
    await page.getByLabel(/Adgangsnøgle|Credential token/).focus();
    await page.keyboard.type(w.drk.token);
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', { name: /Sendte overdragelser|Sent handovers/ });
    await table.waitFor();
    const row = table.getByRole('row').filter({ hasText: familyName() });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toMatch(/1 (åbent spørgsmål|open question)/);
    expect(await row.textContent()).toMatch(/Aarhus (Kommune|Municipality)/);
    expect(await row.textContent()).not.toContain('751');
    const singleRow = table.getByRole('row').filter({ hasText: singleName() });
    await expect.poll(() => singleRow.count()).toBe(1);
    expect(await singleRow.textContent()).not.toMatch(/spørgsmål|question/);
    await expectNoAxeViolations(page, 'sender list');
    await shot('06-sender-list');
  });
});
