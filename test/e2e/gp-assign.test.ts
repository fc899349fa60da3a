/**
 * The caseworker assigns a person's GP practice, in Debian's Chromium on the real service, found by
 * labels and roles: the form started with the first person and the first practice chosen, so one
 * click assigned someone nobody chose. Both now start at "Vælg"; assigning with either not chosen
 * says so at the field, moves the focus there and assigns nobody; chosen, the person is assigned.
 * An assignment could only be replaced: it can now be ended (DELETE .../gp-assignments/:personRef).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createOrg, setupWorld, withNewId, type TestOrg, type World } from '../helpers/world.js';
import { expectNoAxeViolations, SCREENSHOTS, serveInChromium } from './browser.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let served: Awaited<ReturnType<typeof serveInChromium>> | undefined;
let page: Page;
let family: Doc;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  await createOrg(t, w.admin, { id: 'gp-assign-a', type: 'gp-practice', name: 'Lægehuset Aarhus C' }, 'gp');
  gp = await createOrg(t, w.admin, { id: 'gp-assign-b', type: 'gp-practice', name: 'Lægerne i Viby' }, 'gp');
  family = withoutAttachments(withNewId(readValidFixture<Doc>('02-family-of-five-blind-child')));
  family.recipient.municipalityCode = '751';
  await submit(t, w.drk, family);
  served = await serveInChromium(t.app);
  page = await (await served.browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } })).newPage();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(served.base);
  await page.getByLabel('Adgangsnøgle').fill(w.aarhus.token);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Indbakke' }).waitFor();
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});

const assignedToGp = async () => (await request(t.app).get('/v1/gp/persons').set(as(gp.token)).expect(200)).body.persons as unknown[];

describe('assigning a GP practice', () => {
  it('starts with no person and no practice chosen, says at each field what is missing, and assigns only what was chosen', async () => {
    await page.goto(`${served!.base}/handovers/${family.handoverId}`);
    const form = page.getByRole('region', { name: 'Tilknyt egen læge' });
    await form.waitFor();
    const person = form.getByLabel('Person', { exact: true });
    const practice = form.getByLabel('Lægepraksis', { exact: true });
    await expect.poll(() => practice.locator('option').count()).toBe(3);
    const chosenText = (select: typeof person) => select.evaluate((el) => (el as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text);
    expect(await chosenText(person)).toBe('Vælg');
    expect(await chosenText(practice)).toBe('Vælg');

    await form.getByRole('button', { name: 'Tilknyt egen læge' }).click();
    await form.getByText('Vælg den person, der skal tilknyttes en læge').waitFor();
    await form.getByText('Vælg personens lægepraksis').waitFor();
    await expect.poll(() => person.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    expect(await person.getAttribute('aria-invalid')).toBe('true');
    expect(await assignedToGp()).toEqual([]);
    await expectNoAxeViolations(page, 'the GP assignment with nothing chosen');
    await form.screenshot({ path: path.join(SCREENSHOTS, 'gp-assign-nothing-chosen-da.png') });

    // The person chosen: only the practice is still missing.
    const names = (await person.locator('option').allTextContents()).slice(1);
    await person.selectOption({ label: names[1]! });
    await form.getByRole('button', { name: 'Tilknyt egen læge' }).click();
    expect(await form.getByText('Vælg den person, der skal tilknyttes en læge').count()).toBe(0);
    await form.getByText('Vælg personens lægepraksis').waitFor();
    await expect.poll(() => practice.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    expect(await assignedToGp()).toEqual([]);

    await practice.selectOption({ label: 'Lægerne i Viby' });
    await form.getByRole('button', { name: 'Tilknyt egen læge' }).click();
    await page.getByRole('status').filter({ hasText: `${names[1]} er tilknyttet Lægerne i Viby` }).waitFor();
    await expect.poll(async () => (await assignedToGp()).length).toBe(1);
    // Ready for the next person: nothing chosen again.
    expect(await chosenText(person)).toBe('Vælg');
    expect(await chosenText(practice)).toBe('Vælg');
    await expectNoAxeViolations(page, 'the GP assignment done');

    // Ended again: the person chosen first (nothing is), then the practice no longer has the person.
    const end = page.getByRole('region', { name: 'Fjern tilknytningen til egen læge' });
    const endPerson = end.getByLabel('Person', { exact: true });
    expect(await chosenText(endPerson)).toBe('Vælg');
    await end.getByRole('button', { name: 'Fjern tilknytningen til egen læge' }).click();
    await end.getByText('Vælg den person, hvis tilknytning skal fjernes').waitFor();
    expect(await assignedToGp()).toHaveLength(1);
    await endPerson.selectOption({ label: names[1]! });
    await end.getByRole('button', { name: 'Fjern tilknytningen til egen læge' }).click();
    await end.getByRole('status').filter({ hasText: `${names[1]} er ikke længere tilknyttet en lægepraksis` }).waitFor();
    expect(await assignedToGp()).toEqual([]);
    await expectNoAxeViolations(page, 'the GP assignment ended');
    await end.screenshot({ path: path.join(SCREENSHOTS, 'gp-assign-ended-da.png') });
    await endPerson.selectOption({ label: names[1]! });
    await end.getByRole('button', { name: 'Fjern tilknytningen til egen læge' }).click();
    await end.getByRole('alert').filter({ hasText: `${names[1]} er ikke tilknyttet en lægepraksis` }).waitFor();

    await page.getByRole('button', { name: 'English', exact: true }).click();
    const enEnd = page.getByRole('region', { name: 'End the GP assignment' });
    await enEnd.getByRole('button', { name: 'End the GP assignment' }).click();
    await enEnd.getByRole('alert').filter({ hasText: `${names[1]} is not assigned to a GP practice` }).waitFor();
    await enEnd.getByLabel('Person', { exact: true }).selectOption({ label: 'Choose' });
    await enEnd.getByRole('button', { name: 'End the GP assignment' }).click();
    await enEnd.getByText('Choose the person whose assignment is to end').waitFor();
    await enEnd.screenshot({ path: path.join(SCREENSHOTS, 'gp-assign-end-en.png') });
    const en = page.getByRole('region', { name: 'Assign a GP' });
    await en.getByRole('button', { name: 'Assign a GP' }).click();
    await en.getByText('Choose the person to assign a GP to').waitFor();
    await en.getByText("Choose the person's GP practice").waitFor();
    await en.screenshot({ path: path.join(SCREENSHOTS, 'gp-assign-nothing-chosen-en.png') });
  });
});
