/** A sender signed in to the web application in Debian's Chromium at 1280x900, on a new handover's first step: the service, the browser and the page, and how to close them. */
import http from 'node:http';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { expect } from 'vitest';
import { as } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { adminToken, createOrg, type TestOrg } from '../helpers/world.js';
import { closeServer, launchChromium, listenLocally } from './browser.js';
import { exact } from './form-driver.js';

export interface SenderSession {
  t: TestApp;
  sender: TestOrg;
  page: Page;
  /** What the page threw, if anything. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openNewHandover(): Promise<SenderSession> {
  const t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  const admin = await adminToken(t);
  const sender = await createOrg(t, admin, { id: 'drk-avnstrup', type: 'asylum-centre-operator', name: 'Dansk Røde Kors Avnstrup' }, 'sender');
  await createOrg(t, admin, { id: 'aarhus', type: 'municipality', name: 'Aarhus Kommune', municipalityCode: '751' }, 'municipality');
  const server = http.createServer(t.app);
  const base = await listenLocally(server);
  const chromium = await launchChromium();
  const page = await (await chromium.browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } })).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await page.goto(base);
  await page.getByLabel('Adgangsnøgle').fill(sender.token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
  await page.goto(`${base}/new`);
  await page.getByLabel(exact('Kommunekode')).waitFor();
  return {
    t,
    sender,
    page,
    pageErrors,
    async close() {
      await chromium.close();
      await closeServer(server);
      await t.close();
    },
  };
}

/** The sender's newest draft as the service holds it, after "Gem kladde" is pressed now (read back through the API). */
export async function saveDraft({ t, sender, page }: SenderSession): Promise<Record<string, any>> {
  const drafts = async () => (await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200)).body.items as { draftId: string; savedAt: string }[];
  const before = (await drafts())[0]?.savedAt;
  await page.getByRole('button', { name: 'Gem kladde' }).click();
  // "Kladde gemt" may show from an earlier save: the draft's own time of saving tells this one.
  await expect.poll(async () => (await drafts())[0]?.savedAt).not.toBe(before);
  return (await request(t.app).get(`/v1/drafts/${(await drafts())[0]!.draftId}`).set(as(sender.token)).expect(200)).body.document;
}
