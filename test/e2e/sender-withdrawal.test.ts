/**
 * The sender's withdrawal in Chromium, drawn from the withdrawal schema by the sender's form's own
 * renderer (web/src/WithdrawalForm.tsx, schemas/handover-withdrawal/layout.json), found by visible
 * labels and roles: withdrawing without a reason shows the error summary at the top, its link
 * moves the focus to the reason; Enter in a field withdraws nothing; "Er du sikker?" names the
 * handover, the version and the municipality, and going back from it sends nothing; confirmed, the
 * signed withdrawal holds exactly what was entered, as the service stored it. Danish and English,
 * axe on the form with errors shown and on the confirmation, screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, nextVersion, singleAdult, submit, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';
import { expectNoAxeViolations, SCREENSHOTS, serveInChromium } from './browser.js';

let t: TestApp;
let w: World;
let served: Awaited<ReturnType<typeof serveInChromium>>;
let browser: Browser;
let page: Page;
/** Each withdrawal the browser posted: the handover's URL and the signed bytes. */
const posted: { url: string; body: string }[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  w = await setupWorld(t);
  served = await serveInChromium(t.app);
  browser = served.browser;
  page = await (await browser.newContext({ locale: 'da-DK', viewport: { width: 1100, height: 900 } })).newPage();
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/withdrawals')) posted.push({ url: r.url(), body: r.postData() ?? '' });
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(served.base);
  await page.getByLabel('Adgangsnøgle').fill(w.drk.token);
  await page.keyboard.press('Enter');
  await page.getByText(/Logget ind som/).waitFor();
  // This browser's own key, registered by the administrator: the withdrawal is really signed here.
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Signeringsnøgle' }).click();
  await page.getByRole('button', { name: 'Lav nøgle' }).click();
  await page.getByRole('heading', { name: 'Denne browsers nøgle' }).waitFor();
  const jwk = JSON.parse(await page.getByLabel('Offentlig nøgle (send til administratoren)').inputValue()) as Record<string, unknown>;
  await request(t.app).post(`/v1/admin/organisations/${w.drk.id}/keys`).set(as(w.admin)).send({ jwk, alg: 'ES256' }).expect(201);
}, 120_000);
afterAll(async () => {
  await served?.close();
  await t?.close();
});

const WORDS = {
  da: { reason: 'Årsag', text: 'Uddybning', other: 'Anden årsag', duplicate: 'Dublet', one: 'Der er 1 fejl på denne side', required: 'Skal udfyldes', municipality: 'Aarhus Kommune', yes: 'Ja, signér og tilbagekald', no: 'Nej, gå tilbage', withdraw: 'Tilbagekald version', sure: 'Er du sikker på, at du vil tilbagekalde version', done: 'er tilbagekaldt' },
  en: { reason: 'Reason', text: 'Explanation', other: 'Other reason', duplicate: 'Duplicate', one: 'There is 1 problem on this page', required: 'Required', municipality: 'Aarhus Municipality', yes: 'Yes, sign and withdraw', no: 'No, go back', withdraw: 'Withdraw version', sure: 'Are you sure you want to withdraw version', done: 'is withdrawn' },
} as const;

/** A handover of two versions sent by the asylum centre, and its household as the sender's page names it. */
async function twoVersions(): Promise<{ handoverId: string; household: string }> {
  const doc: Doc = singleAdult('751');
  await submit(t, w.drk, doc);
  await submit(t, w.drk, nextVersion(doc));
  const status = await request(t.app).get(`/v1/handovers/${doc.handoverId}/status`).set(as(w.drk.token)).expect(200);
  return { handoverId: doc.handoverId, household: (status.body.household as string[]).join(', ') };
}

async function open(handoverId: string, lang: 'da' | 'en') {
  await page.goto(`${served.base}/sent/${handoverId}`);
  const other = page.getByRole('button', { name: lang === 'da' ? 'Dansk' : 'English', exact: true });
  await page.getByRole('region', { name: /Tilbagekald version|Withdraw version/ }).waitFor();
  if (await other.count()) await other.click();
  const region = page.getByRole('region', { name: `${WORDS[lang].withdraw} 2` });
  await region.getByRole('group', { name: new RegExp(`^${WORDS[lang].reason}`) }).waitFor();
  return region;
}

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Doc;

describe('the sender withdraws a version by the withdrawal schema, in Chromium', () => {
  for (const lang of ['da', 'en'] as const) {
    it(`corrects a missing reason, goes back once from "are you sure", then withdraws exactly what was entered (${lang})`, async () => {
      const W = WORDS[lang];
      const { handoverId, household } = await twoVersions();
      const before = posted.length;
      const region = await open(handoverId, lang);
      const reason = region.getByRole('group', { name: new RegExp(`^${W.reason}`) });
      // Marked as the service requires it; nothing chosen for the sender.
      await expect.poll(() => reason.textContent()).toContain(lang === 'da' ? 'skal udfyldes' : 'required');
      expect(await region.getByRole('radio', { checked: true }).count()).toBe(0);

      // Withdrawing with no reason: the summary at the top, its link to the reason.
      await region.getByRole('button', { name: `${W.withdraw} 2` }).click();
      const summary = region.getByRole('alert').filter({ hasText: W.one });
      await summary.waitFor();
      await expect.poll(() => page.evaluate("document.activeElement.classList.contains('error-summary')")).toBe(true);
      await summary.getByRole('link', { name: `${W.reason}: ${W.required}` }).click();
      await expect.poll(() => page.evaluate('document.activeElement.type')).toBe('radio');
      await expectNoAxeViolations(page, `withdrawal with errors (${lang})`);
      await shot(`withdrawal-errors-${lang}`);

      // The reason chosen (with its explanation when it is "other"): the summary goes once nothing is wrong.
      const text = lang === 'da' ? 'Dosis var rigtig i version 1; version 2 blev sendt ved en fejl.' : 'The dose in version 1 was right; version 2 was sent by mistake.';
      const chosen = lang === 'da' ? W.other : W.duplicate;
      await region.getByRole('radio', { name: chosen, exact: true }).check();
      if (lang === 'da') {
        const box = region.getByLabel(new RegExp(`^${W.text}`));
        await box.fill(text);
        // Enter in a text box writes a new line, never withdraws: the text is given again as it was.
        await box.press('Enter');
        await box.fill(text);
      } else {
        // An explanation nobody must write is offered by name and written here too.
        await region.getByRole('button', { name: 'Write explanation' }).click();
        await region.getByLabel(new RegExp(`^${W.text}`)).fill(text);
      }
      // Enter in each field of the withdrawal withdraws nothing.
      for (const field of await region.locator('input:visible, textarea:visible').all()) if ((await field.getAttribute('type')) !== 'checkbox') await field.press('Enter');
      await region.getByLabel(new RegExp(`^${W.text}`)).fill(text);
      await region.getByRole('radio', { name: chosen, exact: true }).check();
      await page.waitForTimeout(500);
      expect(posted.length).toBe(before);
      expect(await region.getByRole('heading', { name: new RegExp(W.sure) }).count()).toBe(0);
      await expect.poll(() => summary.count()).toBe(0);

      // "Are you sure?" names the handover, the version and the municipality; going back sends nothing and keeps what was entered.
      await region.getByRole('button', { name: `${W.withdraw} 2` }).click();
      const question = region.getByRole('heading', { name: `${W.sure} 2?` });
      await question.waitFor();
      const confirmation = await region.textContent();
      expect(confirmation).toContain(household);
      expect(confirmation).toContain(W.municipality);
      expect(confirmation).toContain(lang === 'da' ? 'Version 2 af overdragelsen' : 'Version 2 of the handover');
      // What will be signed, as entered.
      expect(confirmation).toContain(`${W.reason}${chosen}`);
      expect(confirmation).toContain(`${W.text}${text}`);
      await expectNoAxeViolations(page, `withdrawal confirmation (${lang})`);
      await shot(`withdrawal-confirm-${lang}`);
      await region.getByRole('button', { name: W.no }).click();
      await region.getByRole('button', { name: `${W.withdraw} 2` }).waitFor();
      expect(await region.getByRole('radio', { name: chosen, exact: true }).isChecked()).toBe(true);
      expect(await region.getByLabel(new RegExp(`^${W.text}`)).inputValue()).toBe(text);
      expect(posted.length).toBe(before);
      expect((await request(t.app).get(`/v1/handovers/${handoverId}/status`).set(as(w.drk.token)).expect(200)).body.currentVersion).toBe(2);

      // Confirmed: signed and withdrawn.
      await region.getByRole('button', { name: `${W.withdraw} 2` }).click();
      await region.getByRole('button', { name: W.yes }).click();
      await page.getByRole('status').filter({ hasText: `Version 2 ${W.done}` }).waitFor({ timeout: 30_000 });
      await page.getByRole('region', { name: `${W.withdraw} 1` }).waitFor();
      await shot(`withdrawal-done-${lang}`);

      // Exactly one withdrawal posted, holding exactly what was entered and what the page fills itself.
      expect(posted.length).toBe(before + 1);
      const sent = posted[before]!;
      expect(sent.url).toBe(`${served.base}/v1/handovers/${handoverId}/withdrawals`);
      const payload = payloadOf(sent.body);
      expect(payload).toEqual({
        documentType: 'handover-withdrawal',
        schemaVersion: '1.1',
        handoverId,
        version: 2,
        senderOrganisationId: w.drk.id,
        withdrawnAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        reason: lang === 'da' ? 'other' : 'duplicate',
        reasonText: text,
      });
      // The service holds these very bytes: version 2 withdrawn, 1 current again, and the same
      // withdrawal sent again is the one stored (200, its receipt), not a second one.
      const status = await request(t.app).get(`/v1/handovers/${handoverId}/status`).set(as(w.drk.token)).expect(200);
      expect(status.body.currentVersion).toBe(1);
      expect(status.body.versions.find((v: Doc) => v.version === 2).status).toBe('withdrawn');
      await request(t.app).post(`/v1/handovers/${handoverId}/withdrawals`).set(as(w.drk.token)).set('Content-Type', 'application/jose').send(sent.body).expect(200);
      const stored = await t.deps.handovers.findWithdrawal(handoverId, 2);
      expect(stored?.reason).toBe(`${payload.reason}: ${text}`);
      expect(pageErrors).toEqual([]);
    });
  }

  it("shows the service's refusal of a field at that field, and withdraws once it is changed", async () => {
    const { handoverId } = await twoVersions();
    // The service's own answer to an explanation it refuses (a control character the page's check
    // would also refuse, so it is made here): its problem+json, with the field's JSON Pointer.
    const refused = { documentType: 'handover-withdrawal', schemaVersion: '1.1', handoverId, version: 2, senderOrganisationId: w.drk.id, withdrawnAt: new Date().toISOString(), reason: 'other', reasonText: 'Fejl\u0007' };
    const answer = await postCompact(t, w.drk.token, await signCompact(refused, w.drk.key, { typ: 'handover-withdrawal+jws' }), `/v1/handovers/${handoverId}/withdrawals`);
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((e: Doc) => e.pointer)).toContain('/reasonText');
    // That answer is what the page gets for its next withdrawal (once), whatever it sent.
    await page.route(`**/v1/handovers/${handoverId}/withdrawals`, (route) => route.fulfill({ status: answer.status, contentType: 'application/problem+json', body: JSON.stringify(answer.body) }), { times: 1 });
    const region = await open(handoverId, 'da');
    await region.getByRole('radio', { name: 'Anden årsag', exact: true }).check();
    await region.getByLabel(/^Uddybning/).fill('Sendt to gange');
    await region.getByRole('button', { name: 'Tilbagekald version 2' }).click();
    await region.getByRole('button', { name: 'Ja, signér og tilbagekald' }).click();
    // At its field, and in the summary that links to it; nothing withdrawn.
    const summary = region.getByRole('alert').filter({ hasText: 'Der er 1 fejl på denne side' });
    await summary.getByRole('link', { name: 'Uddybning: Ugyldigt format' }).waitFor();
    await expect.poll(() => region.locator('.form-error').textContent()).toContain('Ugyldigt format');
    await expectNoAxeViolations(page, 'withdrawal refused at its field');
    await shot('withdrawal-refused-da');
    expect((await request(t.app).get(`/v1/handovers/${handoverId}/status`).set(as(w.drk.token)).expect(200)).body.currentVersion).toBe(2);
    // Changed, the refusal is gone from the field; withdrawn for real this time.
    await region.getByLabel(/^Uddybning/).fill('Sendt to gange ved en fejl');
    await expect.poll(() => region.locator('.form-error').count()).toBe(0);
    await region.getByRole('button', { name: 'Tilbagekald version 2' }).click();
    await region.getByRole('button', { name: 'Ja, signér og tilbagekald' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 2 er tilbagekaldt' }).waitFor({ timeout: 30_000 });
    expect(payloadOf(posted.at(-1)!.body).reasonText).toBe('Sendt to gange ved en fejl');
    expect(pageErrors).toEqual([]);
  });
});
