/**
 * No step of the sender's form is taller than three screens at 1280x900 (design.md's web target,
 * issue 29 item 1), measured in Debian's Chromium on the real service: every step of a one-person
 * household, each section of it opened as "Vurderet, med fund" (the status that asks the most), the
 * person's source given once as a nurse gives it. Steps as a family fills them, list entries
 * included, are measured by sender-family.test.ts against the same budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exact } from './form-driver.js';
import { openNewHandover, type SenderSession } from './sender-session.js';

/** Three screens of 900 px, the design's budget for one step. */
const BUDGET = 2700;
const shots = process.env.SENDER_SHOTS ?? '/tmp/shots-sender';

let session: SenderSession;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  session = await openNewHandover();
  page = session.page;
});
afterAll(async () => {
  await session?.close();
});

const stepLinks = () => page.getByRole('navigation', { name: 'Trin' }).getByRole('link');
const form = () => page.locator('section[aria-labelledby="step-heading"]');

/** Every section of the step with findings, the status that asks the most, until no section opens another. */
async function openEverySection() {
  for (let round = 0; round < 4; round++) {
    let opened = 0;
    const statuses = form().getByRole('radiogroup', { name: 'Status' });
    for (let i = 0; i < (await statuses.count()); i++) {
      const findings = statuses.nth(i).getByRole('radio', { name: 'Vurderet, med fund', exact: true });
      if ((await findings.count()) > 0 && !(await findings.isChecked())) {
        await findings.check();
        opened++;
      }
    }
    if (opened === 0) return;
  }
}

/** The person-level source of the health form (method, role, date), which every section then takes. */
async function giveSource() {
  await page.getByRole('radio', { name: 'Sygeplejerskesamtale på asylcenter', exact: true }).check();
  await page.getByLabel(exact('Undersøgerens rolle')).first().selectOption({ label: 'Sygeplejerske' });
  await page.getByLabel(exact('Dato')).first().fill('2026-11-20');
}

describe('every step of the sender’s form fits in three screens at 1280x900', () => {
  it(`each step, every section of it with findings, is at most ${BUDGET} px tall; the tallest is printed`, async () => {
    const heights: Record<string, number> = {};
    const count = await stepLinks().count();
    for (let i = 0; i < count; i++) {
      const link = stepLinks().nth(i);
      await link.click();
      await page.locator('#step-heading').waitFor();
      const title = (await page.locator('#step-heading').textContent())!;
      if (title === 'Tjek dine svar' || title === 'Personer') continue;
      // The person's source, given once where the health form starts, as the family test gives it.
      if (title.endsWith(': Screening og fysiske sygdomme')) await giveSource();
      await openEverySection();
      heights[title] = (await page.evaluate('document.documentElement.scrollHeight')) as number;
      if (heights[title]! > BUDGET) await page.screenshot({ path: path.join(shots, `too-tall-${i}.png`), fullPage: true });
    }
    const sorted = Object.entries(heights).sort((a, b) => b[1] - a[1]);
    console.log(`step heights at 1280x900, every section with findings: ${JSON.stringify(Object.fromEntries(sorted))}`);
    console.log(`tallest step: "${sorted[0]![0]}" ${sorted[0]![1]} px (budget ${BUDGET} px)`);
    expect(Object.keys(heights).length).toBeGreaterThan(20);
    expect(sorted.filter(([, h]) => h > BUDGET)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
