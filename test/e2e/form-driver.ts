/** Drives the sender's step-by-step form as a person does, by visible labels and roles only, counting clicks and keystrokes. */
import type { Locator, Page } from 'playwright-core';

type Scope = Page | Locator;

/** A label as shown, with or without the mark of a field the service requires. */
export const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(skal udfyldes\\)| \\(required\\))?$`);

export function formDriver(page: Page) {
  const actions = { clicks: 0, keys: 0 };
  /** A group of fields (a fieldset) by its visible legend. */
  const group = (scope: Scope, legend: string) => scope.getByRole('group', { name: exact(legend) }).first();
  const fill = async (scope: Scope, label: string, text: string) => {
    await scope.getByLabel(exact(label)).first().fill(text);
    actions.clicks += 1;
    actions.keys += text.length;
  };
  const choose = async (scope: Scope, option: string) => {
    await scope.getByRole('radio', { name: option, exact: true }).first().check();
    actions.clicks += 1;
  };
  const select = async (scope: Scope, label: string, option: string) => {
    await scope.getByLabel(exact(label)).first().selectOption({ label: option });
    actions.clicks += 2;
  };
  const click = async (scope: Scope, name: string | RegExp) => {
    await scope.getByRole('button', { name }).first().click();
    actions.clicks += 1;
  };
  const tick = async (scope: Scope, name: string) => {
    await scope.getByRole('checkbox', { name }).first().check();
    actions.clicks += 1;
  };
  /** A section's status; for "not assessed" its reason too. */
  const status = async (section: string, choice: string, reason?: string) => {
    const g = group(page, section);
    await choose(g, choice);
    if (reason) await select(g, 'Årsag', reason);
  };
  const notAssessed = (section: string) => status(section, 'Ikke vurderet', 'Ingen tid før overdragelse');
  /** A step by its name in the step list (the nth, counting the household's and each person's). */
  const goTo = async (name: RegExp, nth = 0) => {
    await page.getByRole('navigation', { name: 'Trin' }).getByRole('link', { name }).nth(nth).click();
    actions.clicks += 1;
  };
  /** Every section of the step whose status is still unanswered: not assessed, for want of time. */
  const notAssessedRest = async () => {
    const groups = page.getByRole('radiogroup', { name: 'Status' });
    for (let i = 0; i < (await groups.count()); i++) {
      const g = groups.nth(i);
      if ((await g.getByRole('radio', { checked: true }).count()) > 0) continue;
      await choose(g, 'Ikke vurderet');
      const reasons = page.getByRole('combobox', { name: exact('Årsag') });
      for (let r = 0; r < (await reasons.count()); r++) {
        if ((await reasons.nth(r).inputValue()) !== '') continue;
        await reasons.nth(r).selectOption({ label: 'Ingen tid før overdragelse' });
        actions.clicks += 2;
      }
    }
  };
  return { actions, group, fill, choose, select, click, tick, status, notAssessed, notAssessedRest, goTo };
}
