/**
 * Keys in Debian's Chromium (issue 29.7), on the real service and database, by labels and roles:
 * the sender's key page says whether its key is registered (another key first, then this one),
 * and the administrator sees the pasted key's fingerprint, the same as the sender's page shows,
 * before registering it; GET /v1/signing-keys answers the signing organisation alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { adminToken, createOrg, type TestOrg } from '../helpers/world.js';
import { expectNoAxeViolations, SCREENSHOTS, serveInChromium } from './browser.js';

let t: TestApp;
let served: Awaited<ReturnType<typeof serveInChromium>> | undefined;
let base: string;
let browser: Browser;
let admin: string;
let sender: TestOrg;
let aarhus: TestOrg;
const shots = path.join(SCREENSHOTS, 'signing-key');

async function signedIn(token: string, locale: 'da' | 'en' = 'da'): Promise<Page> {
  const page = await (await browser.newContext({ locale: locale === 'da' ? 'da-DK' : 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(base);
  await page.getByLabel('Adgangsnøgle').fill(token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
  return page;
}

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  admin = await adminToken(t);
  // The organisation already has a key registered (made elsewhere): this browser's is another.
  sender = await createOrg(t, admin, { id: 'drk-keys', type: 'asylum-centre-operator', name: 'Dansk Røde Kors Asylafdeling' }, 'sender', 'ES256');
  aarhus = await createOrg(t, admin, { id: 'aarhus-keys', type: 'municipality', name: 'Aarhus Kommune', municipalityCode: '751' }, 'municipality');
  served = await serveInChromium(t.app);
  ({ base, browser } = served);
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});

describe('signing keys, in Chromium', () => {
  it('the sender sees "another key registered", the administrator sees the pasted key’s fingerprint before registering it, then the sender sees "registered"', async () => {
    const senderPage = await signedIn(sender.token);
    await senderPage.getByRole('link', { name: 'Signeringsnøgle' }).click();
    await senderPage.getByRole('button', { name: 'Lav nøgle' }).click();
    await senderPage.getByRole('heading', { name: 'Denne browsers nøgle' }).waitFor();
    await senderPage.getByRole('status').filter({ hasText: 'En anden nøgle er registreret for organisationen' }).waitFor();
    const fingerprint = (await senderPage.locator('dt', { hasText: /^Fingeraftryk$/ }).locator('xpath=following-sibling::dd[1]').textContent())!;
    expect(fingerprint).toMatch(/^([A-Za-z0-9_-]{4} ){10}[A-Za-z0-9_-]{3}$/);
    await expectNoAxeViolations(senderPage, 'key page, another key registered');
    await senderPage.screenshot({ path: path.join(shots, '01-sender-other-key.png'), fullPage: true });
    const jwk = await senderPage.getByLabel('Offentlig nøgle (send til administratoren)').inputValue();

    // The administrator pastes it: first something that is no key, then the key, whose fingerprint is the sender's.
    const adminPage = await signedIn(admin);
    await adminPage.goto(`${base}/admin/${sender.id}`);
    await adminPage.getByRole('heading', { name: 'Signeringsnøgler' }).waitFor();
    const field = adminPage.getByLabel('Offentlig nøgle (JWK)');
    await field.fill('{"kty": "EC"');
    await adminPage.getByText('Teksten er ikke en offentlig nøgle (JWK) endnu').waitFor();
    await field.fill(jwk);
    await adminPage.getByText(`Fingeraftryk for den indsatte nøgle: ${fingerprint}`).waitFor();
    await expectNoAxeViolations(adminPage, 'admin, pasted key');
    await adminPage.screenshot({ path: path.join(shots, '02-admin-pasted-fingerprint.png'), fullPage: true });
    await adminPage.getByRole('button', { name: 'Registrér offentlig nøgle' }).click();
    await adminPage.getByRole('status').filter({ hasText: 'Nøglen er registreret' }).waitFor();

    // Back on the sender's page: registered.
    await senderPage.reload();
    await senderPage.getByRole('status').filter({ hasText: 'Nøglen er registreret. Du kan signere' }).waitFor();
    await senderPage.getByRole('button', { name: 'English' }).click();
    await senderPage.getByRole('status').filter({ hasText: 'The key is registered. You can sign' }).waitFor();
    await expectNoAxeViolations(senderPage, 'key page, registered, English');
    await senderPage.screenshot({ path: path.join(shots, '03-sender-registered-en.png'), fullPage: true });

    // The list behind it: the organisation's own keys, for a signing role only.
    const kid = (JSON.parse(jwk) as { kid: string }).kid;
    const own = await request(t.app).get('/v1/signing-keys').set(as(sender.token)).expect(200);
    expect(own.body.keys.map((k: { kid: string; state: string }) => [k.kid, k.state])).toEqual(expect.arrayContaining([[sender.key.kid, 'active'], [kid, 'active']]));
    const refused = await request(t.app).get('/v1/signing-keys').set(as(aarhus.token)).expect(403);
    expect(refused.body).toMatchObject({ status: 403, code: 'forbidden', title: 'Not allowed for this role' });
  });
});
