/**
 * What a tester with fresh eyes broke in the sender's form (a household we did not build the form
 * around), each in Debian's Chromium on the real service, found by labels and roles:
 * - adding a country to "Statsborgerskab" turned the whole page white (the page's validator
 *   refused the blank entry, `undefined`, and threw);
 * - "Ikke besvaret" under "Danskniveau" chose "Intet" (both radios had one id, as the value of
 *   "Intet" is "none"), so a blank was stored as an answer;
 * - an e-mail address the service refuses ("mette.jensen@rodekors", no dot in its domain) passed
 *   the page and "Tjek dine svar", and sending failed with an English message.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../helpers/handovers.js';
import type { TestApp } from '../helpers/test-app.js';
import type { TestOrg } from '../helpers/world.js';
import { expectNoAxeViolations } from './browser.js';
import { exact } from './form-driver.js';
import { openNewHandover, type SenderSession } from './sender-session.js';

let session: SenderSession;
let t: TestApp;
let sender: TestOrg;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  session = await openNewHandover();
  ({ t, sender, page, pageErrors } = session);
});
afterAll(async () => {
  await session?.close();
});

/** The draft as the service holds it, after "Gem kladde". */
async function savedDraft(): Promise<Record<string, any>> {
  const before = await savedAt();
  await page.getByRole('button', { name: 'Gem kladde' }).click();
  // "Kladde gemt" may show from an earlier save: the draft's own time of saving tells this one.
  await expect.poll(savedAt).not.toBe(before);
  return storedDraft();
}

async function savedAt(): Promise<string | undefined> {
  const list = await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200);
  return list.body.items[0]?.savedAt;
}

async function storedDraft(): Promise<Record<string, any>> {
  const list = await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200);
  const saved = await request(t.app).get(`/v1/drafts/${list.body.items[0].draftId}`).set(as(sender.token)).expect(200);
  return saved.body.document;
}

const steps = () => page.getByRole('navigation', { name: 'Trin' });

describe('the sender’s form holds where a tester broke it', () => {
  it('a country added to citizenship and not yet chosen is a question still to answer, not a white page', async () => {
    await steps().getByRole('link', { name: /^Identitet/ }).first().click();
    const citizenship = page.getByRole('group', { name: exact('Statsborgerskab') }).first();
    await citizenship.getByRole('button', { name: /^Tilføj/ }).first().click();
    // The page is still there, the blank entry is asked for in Danish, and nothing was thrown.
    await page.locator('#step-heading').waitFor();
    await page.getByRole('button', { name: 'Næste' }).first().click();
    await steps().getByRole('link', { name: /^Identitet/ }).first().click();
    await expect.poll(async () => citizenship.getByText('Skal udfyldes').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
    await expectNoAxeViolations(page, 'citizenship with a blank entry');
    // Removed again, the list is unanswered as before: nothing of it is stored.
    await citizenship.getByRole('button', { name: /^Fjern/ }).first().click();
    const doc = await savedDraft();
    expect(doc.persons[0].socialInformation.identity?.citizenship).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('"Ikke besvaret" under Danskniveau leaves it unanswered, and "Intet" is its own answer', async () => {
    await steps().getByRole('link', { name: /^Opholdsgrundlag og sprog/ }).first().click();
    const level = page.getByRole('group', { name: exact('Danskniveau') }).first();
    const none = level.getByRole('radio', { name: 'Intet', exact: true });
    const unanswered = level.getByRole('radio', { name: 'Ikke besvaret', exact: true });
    await none.check();
    expect(await none.isChecked()).toBe(true);
    expect((await savedDraft()).persons[0].socialInformation.languages.danishLevel).toBe('none');
    await unanswered.check();
    expect(await unanswered.isChecked()).toBe(true);
    expect(await none.isChecked()).toBe(false);
    expect((await savedDraft()).persons[0].socialInformation.languages?.danishLevel).toBeUndefined();
  });

  it('an e-mail address the service would refuse is said at its field, in Danish, before signing', async () => {
    await steps().getByRole('link').first().click();
    const email = page.getByLabel(exact('E-mail')).first();
    await email.fill('mette.jensen@rodekors');
    await email.blur();
    await expect.poll(async () => page.getByText('Skriv en gyldig e-mailadresse, fx navn@eksempel.dk').count()).toBeGreaterThan(0);
    await email.fill('mette.jensen@rodekors.dk');
    await email.blur();
    await expect.poll(async () => page.getByText('Skriv en gyldig e-mailadresse, fx navn@eksempel.dk').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('a date typed as Danes write it (01.02.2026) is taken as the date it is, and a year and month (2024-09) is kept where the schema takes a month', async () => {
    await steps().getByRole('link', { name: /^Opholdsgrundlag og sprog/ }).first().click();
    await page.getByLabel(exact('Tilladelse givet den')).first().fill('01.02.2026');
    await page.getByLabel(exact('Tilladelse givet den')).first().blur();
    expect(await page.getByLabel(exact('Tilladelse givet den')).first().inputValue()).toBe('2026-02-01');
    await steps().getByRole('link', { name: /^Identitet/ }).first().click();
    await page.getByLabel(exact('Fødselsdato')).first().fill('2024-09');
    await page.getByLabel(exact('Fødselsdato')).first().blur();
    const doc = await savedDraft();
    expect(doc.persons[0].socialInformation.residence.permitGrantedOn).toBe('2026-02-01');
    expect(doc.persons[0].socialInformation.identity.dateOfBirth).toBe('2024-09');
    expect(pageErrors).toEqual([]);
  });
});
