/**
 * Every problem in the page's language, and what a tester with fresh eyes found outside the form
 * (issues 29.3 and 31.3), in Debian's Chromium on the real service and database, by labels and roles.
 * The browser runs in UTC, so a time of day said in Danish time is the page's doing:
 * - a nurse whose browser key is not registered is told so before she fills anything, with the way
 *   to the key page; "Signér og send" then says the service's refusal in Danish words she can act on
 *   (no JSON Pointer, no "kid", no English), and in English on the English page;
 * - the recipient is "Københavns Kommune" as everywhere else; "Kladde gemt" in Danish time;
 * - after sending, the address is the sent handover's, and her list tells two handovers apart by
 *   name, municipality and time sent; the key page leads back to her pages;
 * - a consent refusal on the municipality's page in Danish and English;
 * - the administrator's list names the organisations' types and municipalities in words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createOrg, setupWorld, withNewId, type World } from '../helpers/world.js';
import { expectNoAxeViolations, SCREENSHOTS, serveInChromium } from './browser.js';
import { exact, formDriver } from './form-driver.js';

let t: TestApp;
let w: World;
let served: Awaited<ReturnType<typeof serveInChromium>> | undefined;
let base: string;
let browser: Browser;
let family: Doc;
const shots = path.join(SCREENSHOTS, 'problems-in-danish');
const pageErrors: string[] = [];

async function signedIn(token: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await page.goto(base);
  await page.getByLabel('Adgangsnøgle').fill(token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
/** A time of day as a Dane reads it off the clock in Copenhagen. */
const copenhagenClock = (iso: string) => new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Copenhagen' }).format(new Date(iso));
/** What no Danish page may show of a problem: a pointer, a rule keyword, the catalogue's English. */
const NOT_FOR_PEOPLE = /\/protected|\bkid\b|The signing key|registered key|see errors|content is invalid/;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  w = await setupWorld(t);
  // A family whose youngest (F5) the health visitors may not see: routing him is refused.
  family = withoutAttachments(withNewId(readValidFixture<Doc>('02-family-of-five-blind-child')));
  family.recipient.municipalityCode = '751';
  await submit(t, w.drk, family);
  await createOrg(t, w.admin, { id: 'aarhus-sundhedspleje', type: 'health-visitors', name: 'Sundhedsplejen, Aarhus Kommune', municipalityCode: '751' }, 'child-services');
  for (const scope of ['social', 'health']) {
    await request(t.app)
      .post(`/v1/handovers/${family.handoverId}/consent-changes`)
      .set(as(w.aarhus.token))
      .send({ personRef: 'F5', audience: 'health-visitors', scope, action: 'withdrawn', obtainedHow: 'Samtale med forældrene og tolk' })
      .expect(201);
  }
  served = await serveInChromium(t.app);
  ({ base, browser } = served);
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});

describe('problems in the page’s language, in Chromium', () => {
  it('tells the nurse before she fills anything that her key is not registered, and says the refusal at "Signér og send" in Danish and English', async () => {
    const page = await signedIn(w.iom.token);
    // Her browser's key, made on the key page; the organisation has another key registered.
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Signeringsnøgle' }).click();
    await page.getByRole('button', { name: 'Lav nøgle' }).click();
    await page.getByRole('heading', { name: 'Denne browsers nøgle' }).waitFor();
    const jwk = JSON.parse(await page.getByLabel('Offentlig nøgle (send til administratoren)').inputValue()) as { kid: string };
    // The key page leads back to her pages, and the application's name leads home.
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Ny overdragelse' }).click();
    await page.getByLabel(exact('Kommunekode')).waitFor();
    await page.getByRole('link', { name: 'Signeringsnøgle' }).first().click();
    await page.getByRole('heading', { name: 'Signeringsnøgle' }).waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Overlevering af flygtninges oplysninger' }).click();
    await page.getByRole('heading', { name: 'Sendte overdragelser' }).waitFor();

    // A household ready to send, as a draft for Copenhagen.
    const doc = withoutAttachments(withNewId(readValidFixture<Doc>('12-v1-2-iom-family-as-written')));
    doc.recipient.municipalityCode = '101';
    const draftId = randomUUID();
    await request(t.app).put(`/v1/drafts/${draftId}`).set(as(w.iom.token)).send({ document: doc }).expect(200);
    await page.goto(`${base}/drafts/${draftId}`);
    const warning = page.getByRole('status').filter({ hasText: 'En anden nøgle er registreret for organisationen, ikke denne browsers' });
    await warning.waitFor();
    expect(await warning.getByRole('link', { name: 'Gå til signeringsnøglen' }).getAttribute('href')).toBe('/key');
    // The recipient by its official name, as every other page says it.
    await expect.poll(() => page.getByLabel(exact('Kommunekode')).locator('option:checked').textContent()).toBe('Københavns Kommune');
    expect(await page.getByLabel(exact('Kommunekode')).locator('option', { hasText: 'København Kommune' }).count()).toBe(0);
    // Saved at a time of day in Danish time, though the browser runs in UTC.
    await page.getByRole('button', { name: 'Gem kladde' }).click();
    const saved = await page.getByText(/Kladde gemt \d\d\.\d\d$/).textContent();
    const savedAt = (await request(t.app).get(`/v1/drafts/${draftId}`).set(as(w.iom.token)).expect(200)).body.savedAt as string;
    expect(saved?.replace(/^[\s·]+/, '')).toBe(`Kladde gemt ${copenhagenClock(savedAt)}`);
    expect(copenhagenClock(savedAt)).not.toBe(new Date(savedAt).toISOString().slice(11, 16).replace(':', '.'));

    const f = formDriver(page);
    await f.goTo(/^Tjek dine svar/);
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();
    await warning.waitFor();
    await page.getByRole('button', { name: 'Signér og send' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Ikke sendt' });
    await refusal.waitFor();
    const da = (await refusal.innerText()).trim();
    expect(da).toBe('Ikke sendt: Denne browsers signeringsnøgle er ikke registreret. Bed jeres administrator registrere den (se "Signeringsnøgle"), og send så igen.');
    expect(da).not.toMatch(NOT_FOR_PEOPLE);
    await expectNoAxeViolations(page, 'review, key not registered, refused');
    await shot(page, '01-da-refused-key-not-registered');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('status').filter({ hasText: 'Another key is registered for the organisation' }).waitFor();
    await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    await page.getByRole('button', { name: 'Sign and submit' }).click();
    const en = page.getByRole('alert').filter({ hasText: 'Not submitted' });
    await en.waitFor();
    expect((await en.innerText()).trim()).toBe('Not submitted: This browser\'s signing key is not registered. Ask your administrator to register it (see "Signing key"), then send again.');
    await shot(page, '02-en-refused-key-not-registered');
    await page.getByRole('button', { name: 'Dansk' }).click();

    // Registered, the warning goes; sent, the address is the sent handover's own.
    await request(t.app).post(`/v1/admin/organisations/${w.iom.id}/keys`).set(as(w.admin)).send({ jwk, alg: 'ES256' }).expect(201);
    await page.goto(`${base}/drafts/${draftId}`);
    await page.getByLabel(exact('Kommunekode')).waitFor();
    await f.goTo(/^Tjek dine svar/);
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();
    expect(await page.getByRole('link', { name: 'Gå til signeringsnøglen' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Signér og send' }).click();
    await page.getByRole('heading', { name: 'Overdragelsen er modtaget' }).waitFor();
    expect(page.url()).toBe(`${base}/sent/${doc.handoverId}`);

    // Her list: the same household sent twice is told apart by municipality and time, not an id's first letters.
    const again = withoutAttachments(withNewId(readValidFixture<Doc>('12-v1-2-iom-family-as-written')));
    again.recipient.municipalityCode = '751';
    await submit(t, w.iom, again);
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Sendte overdragelser' }).click();
    const table = page.getByRole('table', { name: 'Sendte overdragelser' });
    await table.getByRole('row').nth(2).waitFor();
    const rows = (await table.getByRole('row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    expect(rows[0]).toContain('Sendt');
    expect(rows.some((r) => r.includes('Københavns Kommune') && /\d{1,2}\. december \d{4} kl\. \d\d\.\d\d/.test(r))).toBe(true);
    expect(rows.some((r) => r.includes('Aarhus Kommune'))).toBe(true);
    expect(rows.join(' ')).not.toContain(doc.handoverId.slice(0, 8));
    await expectNoAxeViolations(page, 'sent list');
    await shot(page, '03-da-sent-list');
    expect(pageErrors).toEqual([]);
  });

  it('says a consent refusal on the municipality’s page in Danish and English', async () => {
    const page = await signedIn(w.aarhus.token);
    await page.goto(`${base}/handovers/${family.handoverId}`);
    const routing = page.getByRole('region', { name: 'Send barnets oplysninger til sundhedsplejen eller PPR' });
    await routing.getByLabel('Barn', { exact: true }).selectOption({ label: 'Ali Rahimi' });
    await routing.getByRole('button', { name: 'Send til enheden' }).click();
    const refusal = routing.getByRole('alert');
    await refusal.waitFor();
    const da = (await refusal.innerText()).trim();
    expect(da).toMatch(/^Personens samtykke dækker ikke denne modtager/);
    expect(da).not.toMatch(/consent|reader/i);
    await shot(page, '04-da-consent-refused');
    await page.getByRole('button', { name: 'English' }).click();
    const routingEn = page.getByRole('region', { name: "Route the child's information to the health visitors or PPR" });
    await routingEn.getByLabel('Child', { exact: true }).selectOption({ label: 'Ali Rahimi' });
    await routingEn.getByRole('button', { name: 'Route to the unit' }).click();
    await expect.poll(async () => (await routingEn.getByRole('alert').innerText()).trim()).toMatch(/^The person's consent does not cover this reader/);
    await shot(page, '05-en-consent-refused');
  });

  it('names the organisations’ types and municipalities in words on the administrator’s list, in Danish and English', async () => {
    const page = await signedIn(w.admin);
    const table = page.getByRole('table').first();
    await table.getByRole('row').filter({ hasText: 'Aarhus Kommune' }).first().waitFor();
    const text = (await table.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Kommune (Aarhus Kommune)');
    expect(text).toContain('Asylcenteroperatør');
    expect(text).toContain('IOM-mission');
    expect(text).toContain('Sundhedspleje (Aarhus Kommune)');
    expect(text).not.toMatch(/asylum-centre-operator|iom-mission|\(751\)/);
    await shot(page, '06-da-admin-organisations');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(async () => (await table.innerText()).replace(/\s+/g, ' ')).toContain('Municipality (Aarhus Municipality)');
    expect((await table.innerText()).replace(/\s+/g, ' ')).toContain('Asylum centre operator');
    await shot(page, '07-en-admin-organisations');
  });
});
