/**
 * A parent gives the consents for her children in one step (issue 29 item 5, "children's consents
 * given by a parent in one step"): in the household's consents, the children ticked by name and the
 * consent filled once; the handover holds one consent per child exactly as the schema requires and as
 * if entered per child (given by a parent), nothing more. In Debian's Chromium, by visible labels and
 * roles; the saved draft read back through the API.
 */
import path from 'node:path';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './browser.js';
import { exact, formDriver } from './form-driver.js';
import { openNewHandover, type SenderSession } from './sender-session.js';

const shots = process.env.SENDER_SHOTS ?? '/tmp/shots-sender';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
let session: SenderSession;
let page: Page;
let f: ReturnType<typeof formDriver>;

beforeAll(async () => {
  session = await openNewHandover();
  page = session.page;
  f = formDriver(page);
});
afterAll(async () => {
  await session?.close();
});

describe('children’s consents given by a parent in one step', () => {
  it('a mother’s consent for her two children, filled once, is stored as one consent per child, exactly as chosen', async () => {
    await f.goTo(/^Personer/);
    await f.click(page, 'Tilføj person');
    await f.click(page, 'Tilføj person');
    for (const [i, name] of ['Amina', 'Yusuf', 'Leila'].entries()) {
      await f.goTo(/^Identitet/, i);
      await f.fill(page, 'Fornavne (som i opholdstilladelsen)', name);
    }
    await f.goTo(/^Samtykker/);
    await page.locator('#step-heading').filter({ hasText: 'Samtykker' }).waitFor();
    // The mother's own consent, one entry as before.
    await f.click(page, /^Tilføj til Samtykker/);
    const own = page.locator('.list-entry').first();
    await f.select(own, 'Person', 'Amina');
    await f.tick(own, 'Koordineringsansvarlig forvaltning');
    await f.tick(own, 'Sociale oplysninger');
    await f.fill(own, 'Givet den', day(-10));
    await f.choose(f.group(own, 'Indhentet'), 'Skriftligt');
    await f.choose(f.group(own, 'Givet af'), 'Personen selv');

    // Her children's, in one step: ticked by name; she is not offered, having her own.
    await f.click(page, 'Giv samtykke for flere børn på én gang');
    const panel = f.group(page, 'Samtykke for børnene, givet af en forælder');
    const children = f.group(panel, 'Børnene samtykket gælder');
    expect(await children.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => (b as unknown as { labels: ArrayLike<{ textContent: string | null }> | null }).labels?.[0]?.textContent))).toEqual(['Yusuf', 'Leila']);
    await panel.getByText('Givet af: Forælder').waitFor();
    await f.tick(children, 'Yusuf');
    await f.tick(children, 'Leila');
    // Nothing is added until the consent is whole: what it lacks is said at its fields.
    await f.click(panel, 'Tilføj samtykker for de valgte');
    expect(await panel.locator('.form-error-message').allTextContents()).toEqual(['Fejl: Skal udfyldes', 'Fejl: Skal udfyldes', 'Fejl: Skal udfyldes', 'Fejl: Skal udfyldes']);
    expect(await page.locator('.list-entry').count()).toBe(1);
    await expectNoAxeViolations(page, 'the children\'s consent panel with its messages');
    for (const audience of ['Egen læge', 'Sundhedsplejen']) await f.tick(panel, audience);
    await f.tick(panel, 'Helbredsoplysninger');
    await f.fill(panel, 'Givet den', day(-9));
    await f.choose(f.group(panel, 'Indhentet'), 'Mundtligt, dokumenteret');
    // Filled, its messages are gone.
    expect(await panel.locator('.form-error-message').allTextContents()).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'consents-children-panel-da.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await f.group(page, 'Consent for the children, given by a parent').waitFor();
    await page.screenshot({ path: path.join(shots, 'consents-children-panel-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk' }).click();
    await f.click(panel, 'Tilføj samtykker for de valgte');
    await page.getByRole('status').filter({ hasText: 'Samtykker tilføjet for Yusuf, Leila.' }).waitFor();
    // One entry per child, shown as the others are; nobody left to offer, so the button is gone.
    expect(await page.locator('.list-entry').count()).toBe(3);
    expect(await page.getByRole('button', { name: 'Giv samtykke for flere børn på én gang' }).count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'consents-children-added-da.png'), fullPage: true });
    await expectNoAxeViolations(page, 'the consents step with the children\'s consents added');

    await f.click(page, 'Gem kladde');
    await page.getByText(/Kladde gemt/).waitFor();
    const auth = { Authorization: `Bearer ${session.sender.token}` };
    const drafts = (await request(session.t.app).get('/v1/drafts').set(auth).expect(200)).body.items as { draftId: string }[];
    const saved = (await request(session.t.app).get(`/v1/drafts/${drafts[0]!.draftId}`).set(auth).expect(200)).body.document;
    const forChild = (personRef: string) => ({ personRef, givenBy: 'parent', audiences: ['gp', 'health-visitors'], scopes: ['health'], givenOn: day(-9), obtainedHow: 'oral-documented' });
    expect(saved.consents).toEqual([{ personRef: 'P1', audiences: ['coordinating-department'], scopes: ['social'], givenOn: day(-10), obtainedHow: 'written', givenBy: 'person' }, forChild('P2'), forChild('P3')]);
    expect(session.pageErrors).toEqual([]);
  });
});
