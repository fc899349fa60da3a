/**
 * The GP's clinical summary in Chromium (issue 31.2): two fixture families (the asylum centre's
 * family of five, IOM's 1.2 family as written) assigned to one practice, the mother of the first
 * having withdrawn her consent to the GP. Every health fact of each person the GP may see is read
 * from that person's page text, Danish and English, in the schemas' labels (fields with findings
 * by their values, parts assessed without findings by name, parts not assessed with their reasons),
 * with language and interpreter; the withheld mother is neither a link nor named on her husband's
 * page. The result form stands with the summary. axe finds no violation; screenshots of both languages.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabelBook } from '../../src/pdf/label-book.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { expectedFacts, freeTexts } from '../helpers/form-facts.js';
import { as, gpPractice, submit, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, withNewId, type TestOrg, type World } from '../helpers/world.js';
import { closeServer, expectNoAxeViolations, launchChromium, listenLocally, SCREENSHOTS } from './browser.js';
import { exact } from './form-driver.js';

let t: TestApp;
let w: World;
let gp: TestOrg;
let server: http.Server;
let base: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;
const families: Record<'drk' | 'iom', Doc> = {} as Record<'drk' | 'iom', Doc>;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'gp-clinical-e2e');
  families.drk = withoutAttachments(withNewId(readValidFixture<Doc>('02-family-of-five-blind-child')));
  families.drk.recipient.municipalityCode = '751';
  families.iom = withoutAttachments(withNewId(readValidFixture<Doc>('12-v1-2-iom-family-as-written')));
  families.iom.recipient.municipalityCode = '751';
  await submit(t, w.drk, families.drk);
  await submit(t, w.iom, families.iom);
  // Zahra (F2) withdraws her consent to the GP seeing her health.
  await request(t.app)
    .post(`/v1/handovers/${families.drk.handoverId}/consent-changes`)
    .set(as(w.aarhus.token))
    .send({ personRef: 'F2', audience: 'gp', scope: 'health', action: 'withdrawn', obtainedHow: 'Samtale med tolk' })
    .expect(201);
  for (const doc of Object.values(families)) {
    for (const p of doc.persons as Doc[]) {
      await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: p.personRef, gpOrganisationId: gp.id }).expect(201);
    }
  }
  server = http.createServer(t.app);
  base = await listenLocally(server);
  chromium = await launchChromium();
  browser = chromium.browser;
  page = await (await browser.newContext({ locale: 'da-DK', viewport: { width: 1100, height: 900 } })).newPage();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(base);
  await page.getByLabel('Adgangsnøgle').fill(gp.token);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Tilknyttede personer' }).waitFor();
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  await closeServer(server);
  await t?.close();
});

const nameOf = (p: Doc) => [p.socialInformation.identity.givenNames, p.socialInformation.identity.familyName].filter(Boolean).join(' ');

async function open(doc: Doc, p: Doc, lang: 'da' | 'en') {
  await page.goto(`${base}/gp/${doc.handoverId}/${p.personRef}`);
  await page.locator('article.clinical-summary').waitFor();
  // The language chosen last is remembered: switch only when the page is in the other one.
  const other = page.getByRole('button', { name: lang === 'da' ? 'Dansk' : 'English', exact: true });
  if (await other.count()) await other.click();
  await page.locator(`article.clinical-summary[lang="${lang}"]`).waitFor();
  await page.getByRole('heading', { name: nameOf(p) }).waitFor();
}

describe("the GP's clinical summary in Chromium", () => {
  it('lists the persons assigned, the one whose consent does not cover the GP without her name', async () => {
    const rows = page.getByRole('row');
    await rows.filter({ hasText: 'Mohammad Karim Rahimi' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain('Zahra');
    expect(await page.getByRole('link', { name: 'Yasin Rahimi' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'GP list');
  });

  for (const which of ['drk', 'iom'] as const) {
    for (const lang of ['da', 'en'] as const) {
      it(`shows every health fact of the ${which} family, person by person, in ${lang}; only what consent allows`, async () => {
        const doc = families[which];
        const book = new LabelBook(t.deps.submission.standard.catalogue('handover', doc.schemaVersion), lang);
        for (const [i, p] of (doc.persons as Doc[]).entries()) {
          if (which === 'drk' && p.personRef === 'F2') continue;
          await open(doc, p, lang);
          const text = (await page.locator('article.clinical-summary').innerText()).replace(/\s+/g, ' ');
          const facts = [...expectedFacts(book, p.healthScreening, ['persons', i, 'healthScreening'], []), ...expectedFacts(book, p.socialInformation.languages, ['persons', i, 'socialInformation', 'languages'], [])];
          const missing = [...new Set(facts)].filter((f) => !text.includes(f.replace(/\s+/g, ' ')));
          expect(missing, `${which} ${p.personRef} ${lang}`).toEqual([]);
          if (which === 'drk') {
            // Zahra is not named, nor is anything of her health that is hers alone.
            expect(text).not.toContain('Zahra');
            const own = freeTexts(p.healthScreening);
            for (const h of freeTexts(doc.persons[1].healthScreening).filter((x) => !own.some((o) => o.includes(x)))) expect(text, h).not.toContain(h);
          }
          // Nothing of the social information beyond language: not the work or schooling.
          for (const part of ['work', 'education', 'housing', 'goalsAndResources']) for (const f of freeTexts(p.socialInformation[part]).filter((x) => !freeTexts(p.healthScreening).some((o) => o.includes(x)))) expect(text, f).not.toContain(f);
          // The result form stands with the summary.
          await page.getByRole('heading', { name: lang === 'da' ? 'Resultat af den helbredsmæssige vurdering' : 'Result of the health assessment' }).waitFor();
          // Its yes/no questions start unanswered, the required one too: a blank is never read as "no".
          const form = page.locator('.gp-result');
          // (the second is asked once the person declined, as the schema's condition says)
          const outcome = (o: string) => form.getByRole('radio', { name: o, exact: true }).check();
          await outcome(lang === 'da' ? 'Afslået' : 'Declined');
          for (const question of lang === 'da' ? ['Eksisterende helbredsoplysninger inddraget', 'Informeret om at vurderingen kan tages senere'] : ['Existing health information considered', 'Told the assessment can be taken later']) {
            const group = form.getByRole('group', { name: exact(question) });
            await group.waitFor();
            expect(await group.getByRole('radio', { checked: true }).count(), question).toBe(1);
            expect(await group.getByRole('radio', { name: lang === 'da' ? 'Ikke besvaret' : 'Not answered' }).isChecked(), question).toBe(true);
          }
          await outcome(lang === 'da' ? 'Modtaget' : 'Accepted');
          // Dates typed as the sender's form takes them and read back in the page's language (issue 31.4): no browser date picker in its own locale ("mm/dd/yyyy").
          expect(await page.locator('.gp-result input[type="date"]').count()).toBe(0);
          const offered = form.getByLabel(exact(lang === 'da' ? 'Tilbudt den' : 'Offered on'));
          expect(await offered.getAttribute('type')).toBe('text');
          await offered.fill('2026-12-01');
          await page.locator('.gp-result').getByText(lang === 'da' ? '1. december 2026' : '1 December 2026', { exact: true }).waitFor();
          expect(await page.locator('.gp-result').innerText()).toContain(lang === 'da' ? 'ÅÅÅÅ-MM-DD' : 'YYYY-MM-DD');
          expect(await page.locator('.gp-result').innerText()).not.toMatch(/mm\/dd\/yyyy/i);
          // A result records what was done: a day not yet come is refused at its field, in the page's language.
          const performed = form.getByLabel(exact(lang === 'da' ? 'Udført den' : 'Performed on'));
          await performed.fill('2099-01-01');
          await performed.press('Tab');
          await page.locator('.gp-result').getByText(lang === 'da' ? 'Datoen ligger efter i dag. Skriv den dato, det skete' : 'This date is after today. Write the date it happened').first().waitFor();
          await performed.fill('');
          // Each vaccine a row of a table, not one run-on line.
          if (p.healthScreening.vaccinations?.status === 'findings') expect(text).not.toMatch(/Vaccine: [^;]+; (Status|Dato|Date)/);
        }
        await expectNoAxeViolations(page, `GP summary ${which} ${lang}`);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1100);
        await page.screenshot({ path: path.join(SCREENSHOTS, `gp-clinical-${which}-${lang}.png`), fullPage: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `gp-clinical-${which}-${lang}-top.png`) });
      });
    }
  }
});
