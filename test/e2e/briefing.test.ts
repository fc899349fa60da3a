/**
 * The caseworker's briefing in Chromium: two fixture families (the asylum centre's family of five,
 * IOM's family in standard 1.2 with facts as precise as they are known: birth dates as a year or a
 * month, a person with one name) opened by their municipality, Danish and English. Every fact of each person's forms is read from that person's part of the page text, in
 * the schemas' labels (fields with findings by their values, sections assessed without findings by
 * name, sections not assessed with their reasons); a person whose consent no longer covers the
 * department shows none of the health facts. axe finds no violation; screenshots of both languages.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personName } from '../../src/domain/person-name.js';
import { LabelBook } from '../../src/pdf/label-book.js';
import { expectedFacts, freeTexts } from '../helpers/form-facts.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, nextVersion, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createOrg, setupWorld, withNewId, type World } from '../helpers/world.js';
import { expectNoAxeViolations, SCREENSHOTS, serveInChromium } from './browser.js';

let t: TestApp;
let w: World;
let served: Awaited<ReturnType<typeof serveInChromium>> | undefined;
let base: string;
let browser: Browser;
let page: Page;
const families: Record<'drk' | 'iom', Doc> = {} as Record<'drk' | 'iom', Doc>;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  w = await setupWorld(t);
  families.drk = withoutAttachments(withNewId(readValidFixture<Doc>('02-family-of-five-blind-child')));
  families.drk.recipient.municipalityCode = '751';
  families.iom = withoutAttachments(withNewId(readValidFixture<Doc>('12-v1-2-iom-family-as-written')));
  families.iom.recipient.municipalityCode = '751';
  await submit(t, w.drk, families.drk);
  await submit(t, w.iom, families.iom);
  // Zahra withdraws her consent to the department seeing her health.
  await request(t.app)
    .post(`/v1/handovers/${families.drk.handoverId}/consent-changes`)
    .set(as(w.aarhus.token))
    .send({ personRef: 'F2', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', obtainedHow: 'Samtale med tolk' })
    .expect(201);
  // Ali (F5) may not be seen by the health visitors at all: routing him is refused.
  await createOrg(t, w.admin, { id: 'aarhus-sundhedspleje', type: 'health-visitors', name: 'Sundhedsplejen, Aarhus Kommune', municipalityCode: '751' }, 'child-services');
  for (const scope of ['social', 'health']) {
    await request(t.app)
      .post(`/v1/handovers/${families.drk.handoverId}/consent-changes`)
      .set(as(w.aarhus.token))
      .send({ personRef: 'F5', audience: 'health-visitors', scope, action: 'withdrawn', obtainedHow: 'Samtale med forældrene og tolk' })
      .expect(201);
  }
  served = await serveInChromium(t.app);
  ({ base, browser } = served);
  page = await (await browser.newContext({ locale: 'da-DK', viewport: { width: 1100, height: 900 } })).newPage();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(base);
  await page.getByLabel('Adgangsnøgle').fill(w.aarhus.token);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Indbakke' }).waitFor();
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});

async function open(doc: Doc, lang: 'da' | 'en') {
  await page.goto(`${base}/handovers/${doc.handoverId}`);
  await page.locator(`section[aria-labelledby="person-${doc.persons[0].personRef}"]`).waitFor();
  // The language chosen last is remembered: switch only when the page is in the other one.
  const other = page.getByRole('button', { name: lang === 'da' ? 'Dansk' : 'English', exact: true });
  if (await other.count()) await other.click();
  await page.locator(`section[aria-labelledby="person-${doc.persons[0].personRef}"]`).waitFor();
  await page.locator(`section[aria-labelledby="person-${doc.persons[0].personRef}"][lang="${lang}"]`).waitFor();
}

describe('the caseworker’s briefing in Chromium', () => {
  for (const which of ['drk', 'iom'] as const) {
    for (const lang of ['da', 'en'] as const) {
      it(`shows every fact of the ${which} family on the page, person by person, in ${lang}; health only within consent`, async () => {
        const doc = families[which];
        await open(doc, lang);
        const book = new LabelBook(t.deps.submission.standard.catalogue('handover', doc.schemaVersion), lang);
        for (const [i, p] of (doc.persons as Doc[]).entries()) {
          const text = (await page.locator(`section[aria-labelledby="person-${p.personRef}"]`).innerText()).replace(/\s+/g, ' ');
          const withheld = which === 'drk' && p.personRef === 'F2';
          const facts = [
            ...expectedFacts(book, p.socialInformation, ['persons', i, 'socialInformation'], []),
            ...(withheld ? [] : expectedFacts(book, p.healthScreening, ['persons', i, 'healthScreening'], [])),
          ];
          const missing = [...new Set(facts)].filter((f) => !text.includes(f.replace(/\s+/g, ' ')));
          expect(missing, `${which} ${p.personRef} ${lang}`).toEqual([]);
          if (withheld) {
            expect(text).toContain(lang === 'da' ? 'Helbredsoplysninger vises ikke' : 'Health information is not shown');
            // Not even the urgent flag's kind and date: only that a matter is urgent.
            expect(text).not.toMatch(lang === 'da' ? /Graviditet|februar 2027/ : /Pregnan|February 2027/);
            for (const h of freeTexts(p.healthScreening)) expect(text, h).not.toContain(h);
          }
          // Relations as sentences with both names; consents as who may see what.
          for (const r of (doc.household.relations as Doc[]).filter((r) => r.from === p.personRef)) expect(text).toContain(`${personName(p.socialInformation.identity)} ${lang === 'da' ? 'er' : 'is'}`);
          // One date format per language on the page: no ISO date in what the page says of the person.
          expect(text.match(/\b\d{4}-\d{2}-\d{2}\b/g), `${which} ${p.personRef} ${lang}`).toBeNull();
          expect(text).toContain(lang === 'da' ? 'Hvem må se hvad' : 'Who may see what');
        }
        await expectNoAxeViolations(page, `briefing ${which} ${lang}`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `briefing-${which}-${lang}.png`), fullPage: true });
        // The page fits its width: nothing runs off to the side.
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1100);
        await page.screenshot({ path: path.join(SCREENSHOTS, `briefing-${which}-${lang}-top.png`) });
        await page.locator(`section[aria-labelledby="person-${doc.persons[1].personRef}"]`).screenshot({ path: path.join(SCREENSHOTS, `briefing-${which}-${lang}-person2.png`) });
      });
    }
  }

  it('says in the page’s language why a child cannot be routed, and gives completeness on its scale in the inbox', async () => {
    // Who is a child is the domain's rule: Patrick, born "2016", and Divine, born March 2012, are; their mother is not.
    await open(families.iom, 'da');
    const children = page.getByRole('region', { name: 'Send barnets oplysninger til sundhedsplejen eller PPR' }).getByLabel('Barn', { exact: true }).locator('option');
    await children.first().waitFor({ state: 'attached' });
    expect(await children.allTextContents()).toEqual(['Divine Mukendi', 'Patrick Mukendi']);
    await open(families.drk, 'da');
    const routing = page.getByRole('region', { name: 'Send barnets oplysninger til sundhedsplejen eller PPR' });
    await routing.getByLabel('Barn', { exact: true }).selectOption({ label: 'Ali Rahimi' });
    await routing.getByRole('button', { name: 'Send til enheden' }).click();
    await expect.poll(() => routing.getByRole('alert').textContent()).toBe('Personens samtykke dækker ikke denne modtager: barnets oplysninger kan ikke sendes til enheden.');
    // A second version of the family: still one row for the one handover.
    await submit(t, w.drk, nextVersion(families.drk));
    await page.goto(base);
    const row = page.getByRole('table', { name: 'Indbakke' }).getByRole('row').filter({ hasText: 'Mukendi' });
    await row.first().waitFor();
    expect(await row.first().textContent()).toMatch(/\d+ af 100/);
    await page.getByRole('table', { name: 'Indbakke' }).getByRole('row').filter({ hasText: 'Rahimi' }).first().waitFor();
    expect(await page.getByRole('table', { name: 'Indbakke' }).getByRole('row').filter({ hasText: 'Rahimi' }).count()).toBe(1);
  });
});
