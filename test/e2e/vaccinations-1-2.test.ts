/**
 * Standard 1.2's vaccinations hold two lists: the old "Registreringer" (entries: a vaccine, a date, a
 * dose) and "Vacciner" (vaccines: each with its status, given, not given or not documented), which 1.2
 * added to replace it (the schema requires the old one only where the new one is absent). The
 * sender's form offers a new draft only "Vacciner", required as the old list was; a draft that holds
 * entries in the old list still shows them, and saving it keeps them. In Debian's Chromium, by visible
 * labels and roles; the draft read back through the API.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './browser.js';
import { exact } from './form-driver.js';
import { openNewHandover, type SenderSession } from './sender-session.js';

const shots = process.env.SENDER_SHOTS ?? '/tmp/shots-sender';
let session: SenderSession;
let page: Page;

beforeAll(async () => {
  session = await openNewHandover();
  page = session.page;
});
afterAll(async () => {
  await session?.close();
});

const steps = () => page.getByRole('navigation', { name: 'Trin' });
const form = () => page.locator('section[aria-labelledby="step-heading"]');

describe('vaccinations in standard 1.2: the list the standard intends, and nothing entered vanishes', () => {
  it('a new draft offers only "Vacciner", required, with its message there; never the old "Registreringer"', async () => {
    await steps().getByRole('link', { name: /^Vaccinationer/ }).click();
    await page.locator('#step-heading').filter({ hasText: /: Vaccinationer$/ }).waitFor();
    const g = form().getByRole('group', { name: exact('Vaccinationer') }).first();
    await g.getByRole('radio', { name: 'Vurderet, med fund', exact: true }).check();
    await g.getByRole('group', { name: 'Vacciner (skal udfyldes)', exact: true }).waitFor();
    expect(await g.getByRole('group', { name: exact('Registreringer') }).count()).toBe(0);
    expect(await g.getByRole('button', { name: /Registreringer/ }).count()).toBe(0);
    // Left and come back to: the list to fill is said at "Vacciner", in the summary and at the list.
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.locator('#step-heading').filter({ hasNotText: /: Vaccinationer$/ }).waitFor();
    await page.getByRole('button', { name: 'Tilbage' }).click();
    await page.locator('#step-heading').filter({ hasText: /: Vaccinationer$/ }).waitFor();
    const summary = page.locator('.error-summary');
    await summary.getByRole('link', { name: 'Vaccinationer › Vacciner: Skal udfyldes' }).waitFor();
    expect(await summary.getByRole('link', { name: /Registreringer/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'vaccinations-1-2-new-da.png'), fullPage: true });
    await expectNoAxeViolations(page, 'a new draft\'s 1.2 vaccinations step');
    await page.getByRole('button', { name: 'English' }).click();
    const en = form().getByRole('group', { name: exact('Vaccinations') }).first();
    await en.getByRole('group', { name: 'Vaccines (required)', exact: true }).waitFor();
    expect(await en.getByRole('group', { name: exact('Entries') }).count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'vaccinations-1-2-new-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dansk' }).click();
    await g.getByRole('group', { name: 'Vacciner (skal udfyldes)', exact: true }).waitFor();
  });

  it('a draft holding entries in the old list shows them beside "Vacciner", and saving it keeps them exactly', async () => {
    const id = crypto.randomUUID();
    const source = { method: 'nurse-interview', examinerRole: 'nurse', date: '2026-11-20' };
    const entries = [
      { vaccine: 'BCG', date: '2019' },
      { vaccine: 'Polio', date: '2020-03', dose: 2 },
    ];
    const document = {
      documentType: 'handover',
      schemaVersion: '1.2',
      handoverId: crypto.randomUUID(),
      version: 1,
      createdAt: new Date().toISOString(),
      sender: { organisationId: session.sender.id, organisationType: 'asylum-centre-operator', organisationName: 'Dansk Røde Kors Avnstrup' },
      persons: [
        {
          personRef: 'P1',
          socialInformation: { personRef: 'P1', identity: { givenNames: 'Samir', familyName: 'Nasser' } },
          healthScreening: { personRef: 'P1', screening: source, vaccinations: { status: 'findings', source, recordAvailable: true, danishChildhoodProgramme: 'unknown', entries } },
        },
      ],
    };
    const auth = { Authorization: `Bearer ${session.sender.token}` };
    await request(session.t.app).put(`/v1/drafts/${id}`).set(auth).send({ document }).expect(200);
    await page.goto(new URL(`/drafts/${id}`, page.url()).toString());
    await steps().getByRole('link', { name: /^Vaccinationer/ }).click();
    await page.locator('#step-heading').filter({ hasText: 'Samir Nasser: Vaccinationer' }).waitFor();
    const g = form().getByRole('group', { name: exact('Vaccinationer') }).first();
    const old = g.getByRole('group', { name: exact('Registreringer') });
    await old.getByText('BCG · Dato: 2019').waitFor();
    await old.getByText('Polio · Dato: marts 2020 · Dosis nr.: 2').waitFor();
    await g.getByRole('group', { name: exact('Vacciner') }).waitFor();
    await page.screenshot({ path: path.join(shots, 'vaccinations-1-2-old-entries-da.png'), fullPage: true });
    await expectNoAxeViolations(page, 'the 1.2 vaccinations step holding old entries');
    await page.getByRole('button', { name: 'Gem kladde' }).click();
    await page.getByText(/Kladde gemt/).waitFor();
    const saved = (await request(session.t.app).get(`/v1/drafts/${id}`).set(auth).expect(200)).body.document;
    expect(saved.persons[0].healthScreening.vaccinations).toEqual({ status: 'findings', source, recordAvailable: true, danishChildhoodProgramme: 'unknown', entries });
    expect(session.pageErrors).toEqual([]);
  });
});
