/**
 * A caseworker signs in as herself through her municipality's identity provider: a real OpenID
 * Provider (oidc-provider, started by the test, its own login and consent pages) and the real
 * service, in Debian's Chromium. The administrator configures the provider in the admin screen;
 * the sign-in is the authorization code flow with PKCE; the session then names the person, and the
 * audit log, the first retrieval and the acknowledgement name her by a pseudonymous id and her name.
 * A callback that this browser did not start is refused; removing the provider ends the session.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, submitFamilyWithRecord, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';
import { closeServer, expectNoAxeViolations, launchChromium, listenLocally, SCREENSHOTS } from './browser.js';

let t: TestApp;
let w: World;
let family: Doc;
let server: http.Server;
let idpServer: http.Server;
let base: string;
let issuer: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];


beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on', HANDOVER_OIDC_ALLOW_HTTP: 'true' });
  w = await setupWorld(t);
  family = (await submitFamilyWithRecord(t, w, '751')).doc;
  server = http.createServer(t.app);
  base = await listenLocally(server);

  // The municipality's identity provider: any login name is a person; her name comes with the profile.
  idpServer = http.createServer();
  issuer = await listenLocally(idpServer);
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'handover-exchange', client_secret: 'test-only-client-secret-0123456789abcdef', redirect_uris: [`${base}/v1/session/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, name: id === 'mette' ? 'Mette Holm' : id }) }),
    claims: { openid: ['sub'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-only-cookie-key'] },
  });
  idpServer.on('request', provider.callback());

  chromium = await launchChromium();
  browser = chromium.browser;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
  await closeServer(server);
  await closeServer(idpServer);
  await t?.close();
});

async function newPage(): Promise<Page> {
  const p = await (await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } })).newPage();
  p.on('console', (m) => {
    if (p.url().startsWith(base) && /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  p.on('pageerror', (e) => problems.push(e.message));
  return p;
}

describe('signing in as a person through the organisation’s identity provider', () => {
  it('the administrator configures Aarhus’s identity provider in the admin screen', async () => {
    const admin = await newPage();
    await admin.goto(base);
    await admin.getByLabel('Adgangsnøgle').fill(w.admin);
    await admin.getByRole('button', { name: 'Log ind' }).click();
    await admin.getByRole('link', { name: 'Aarhus Kommune' }).click();
    await admin.getByLabel('Udsteder (issuer)').fill(issuer);
    await admin.getByLabel('Klient-id').fill('handover-exchange');
    await admin.getByLabel('Klienthemmelighed').fill('test-only-client-secret-0123456789abcdef');
    await admin.getByLabel('Rolle').first().selectOption('municipality');
    await admin.getByRole('button', { name: 'Gem login-opsætning' }).click();
    await admin.getByRole('status').filter({ hasText: 'Login-opsætningen er gemt' }).waitFor();
    await expectNoAxeViolations(admin, 'admin identity provider');
    const stored = await request(t.app).get('/v1/admin/organisations/aarhus/identity-provider').set(as(w.admin)).expect(200);
    expect(stored.body).toMatchObject({ issuer, clientId: 'handover-exchange', clientSecret: 'set', role: 'municipality' });
    expect(JSON.stringify(stored.body)).not.toContain('test-only-client-secret');
  });

  it('a caseworker signs in at the provider (code flow with PKCE) and is named by it', async () => {
    page = await newPage();
    await page.goto(base);
    await page.getByRole('heading', { name: 'Log ind via din organisation' }).waitFor();
    await expectNoAxeViolations(page, 'sign-in with providers');
    await shot('20-sign-in-providers');
    await page.getByRole('link', { name: 'Log ind hos Aarhus Kommune' }).click();
    // The provider's own pages.
    await page.waitForURL((u) => u.href.startsWith(issuer));
    const authorize = new URL(page.url());
    await page.locator('input[name="login"]').fill('mette');
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.href.startsWith(base));
    await page.getByText('Logget ind som Mette Holm, Aarhus Kommune').waitFor();
    await page.getByRole('heading', { name: 'Indbakke' }).waitFor();
    await shot('21-signed-in-as-person');
    expect(authorize.href).toBeTruthy();
    const who = await page.evaluate(() => fetch('/v1/session', { headers: { Accept: 'application/json' } }).then((r) => r.json()));
    expect(who).toMatchObject({ organisationId: 'aarhus', role: 'municipality', person: { name: 'Mette Holm', id: expect.stringMatching(/^p_[A-Za-z0-9_-]{22}$/) } });
  });

  it('names her in the first retrieval, the acknowledgement and the audit log', async () => {
    await page.getByRole('row').filter({ hasText: family.persons[0].socialInformation.identity.familyName }).getByRole('link').first().click();
    await page.getByRole('button', { name: 'Kvittér for modtagelse' }).click();
    await page.getByRole('status').filter({ hasText: 'Kvitteret' }).waitFor();
    const status = await request(t.app).get(`/v1/handovers/${family.handoverId}/status`).set(as(w.drk.token)).expect(200);
    const version = status.body.versions[0];
    expect(version.firstRetrieved.person).toMatchObject({ name: 'Mette Holm' });
    expect(version.acknowledged).toMatchObject({ by: 'aarhus', caseworker: 'Mette Holm', person: { name: 'Mette Holm' } });
    const { events } = await t.deps.audit.query({ limit: 1000 });
    const ack = events.find((e) => e.action === 'acknowledgement.create' && e.handoverId === family.handoverId)!;
    expect(ack.actor).toMatchObject({ organisationId: 'aarhus', role: 'municipality', personName: 'Mette Holm', personId: version.acknowledged.person.id });
    expect(events.some((e) => e.action === 'session.start' && e.section === 'identity-provider' && e.actor.personName === 'Mette Holm')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('refuses a callback this browser did not start, and ends her session when the provider is removed', async () => {
    const forged = await request(t.app).get('/v1/session/oidc/callback?code=abc&state=not-started-here');
    expect(forged.status).toBe(303);
    expect(forged.headers.location).toBe('/?sign-in=failed');
    expect(String(forged.headers['set-cookie'] ?? '')).not.toContain('hx_session=');

    await request(t.app).delete('/v1/admin/organisations/aarhus/identity-provider').set(as(w.admin)).expect(204);
    const after = await page.evaluate(() => fetch('/v1/session', { headers: { Accept: 'application/json' } }).then((r) => r.status));
    expect(after).toBe(401);
  });
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
