/**
 * What a nurse trial found in the sender's form (issue 29), each in Debian's Chromium on the real
 * service, found by labels and roles:
 * - choosing the first person of a second relation folded that entry into its line, so it could not
 *   be finished;
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../helpers/handovers.js';
import type { TestApp } from '../helpers/test-app.js';
import type { TestOrg } from '../helpers/world.js';
import { expectNoAxeViolations } from './browser.js';
import { exact, formDriver } from './form-driver.js';
import { openNewHandover, type SenderSession } from './sender-session.js';

let session: SenderSession;
let t: TestApp;
let sender: TestOrg;
let page: Page;
let pageErrors: string[];
let f: ReturnType<typeof formDriver>;

beforeAll(async () => {
  session = await openNewHandover();
  ({ t, sender, page, pageErrors } = session);
  f = formDriver(page);
});
afterAll(async () => {
  await session?.close();
});

/** The draft as the service holds it, after "Gem kladde". */
async function savedDraft(): Promise<Record<string, any>> {
  const before = await savedAt();
  await page.getByRole('button', { name: 'Gem kladde' }).click();
  await expect.poll(savedAt).not.toBe(before);
  const list = await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200);
  return (await request(t.app).get(`/v1/drafts/${list.body.items[0].draftId}`).set(as(sender.token)).expect(200)).body.document;
}

async function savedAt(): Promise<string | undefined> {
  return (await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200)).body.items[0]?.savedAt;
}

const steps = () => page.getByRole('navigation', { name: 'Trin' });
const heading = () => page.locator('#step-heading');

describe('the sender’s form holds where the nurse trial broke it', () => {
  it('relations added two at a time stay open while their persons are chosen, and the draft holds exactly the three relations entered', async () => {
    await steps().getByRole('link', { name: /^Personer/ }).click();
    await f.click(page, 'Tilføj person');
    await f.click(page, 'Tilføj person');
    for (const [i, given] of ['Amina', 'Yusuf', 'Leila'].entries()) {
      await steps().getByRole('link', { name: /^Identitet/ }).nth(i).click();
      await f.fill(page, 'Fornavne (som i opholdstilladelsen)', given);
    }
    await steps().getByRole('link', { name: /^Husstand/ }).click();
    const relations = f.group(page, 'Relationer');
    // Two relations added before either is filled (the first folded as its person was chosen), then a third.
    await f.click(relations, 'Tilføj relation');
    await f.click(relations, 'Tilføj relation');
    const given = [['Amina', 'Forælder', 'Yusuf'], ['Amina', 'Forælder', 'Leila'], ['Yusuf', 'Søskende', 'Leila']] as const;
    for (const [i, [from, type, to]] of given.entries()) {
      if (i === 2) await f.click(relations, 'Tilføj relation');
      const entry = relations.locator('.list-entry').nth(i);
      await f.select(entry, 'Person', from);
      // Still open, a moment later too (after the page's and the service's checks): the rest can be given.
      await page.waitForTimeout(800);
      expect(await entry.getByLabel(exact('er')).count(), `relation ${i + 1} open`).toBe(1);
      await f.select(entry, 'er', type);
      await f.select(entry, 'til (den anden person)', to);
      await relations.getByRole('group', { name: exact(`${from} er ${type.toLowerCase()} til ${to}`) }).waitFor();
    }
    // Each finished relation is its sentence on a line; the last one stays open.
    await relations.getByText('Amina er forælder til Yusuf:').waitFor();
    await relations.getByText('Amina er forælder til Leila:').waitFor();
    await expectNoAxeViolations(page, 'three relations');
    const doc = await savedDraft();
    expect(doc.household).toEqual({
      relations: [
        { from: 'P1', type: 'parent', to: 'P2' },
        { from: 'P1', type: 'parent', to: 'P3' },
        { from: 'P2', type: 'sibling', to: 'P3' },
      ],
    });
    expect(pageErrors).toEqual([]);
  });
});
