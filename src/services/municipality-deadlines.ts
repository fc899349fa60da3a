/** GET /v1/municipalities/:code/deadlines: the current versions' deadlines due within a window, and those passed, read by month. */
import { daysBetween, formatIsoDate } from '../domain/dates.js';
import type { Deadline } from '../domain/deadlines.js';
import type { Caller } from '../domain/organisations.js';
import { healthWithheld, redactDeadlines } from '../domain/recipient-views.js';
import { invalidRequest } from '../errors.js';
import type { AuditFn } from './audit.js';
import { type RecipientDeps } from './recipient-access.js';
import { requireOwnMunicipality } from './own-organisation.js';

/** Exactly what the deadline list uses. */
type DeadlineDeps = Pick<RecipientDeps, 'clock' | 'handovers' | 'recipients'>;

/** How far back the deadline list shows deadlines that have passed: the integration period. */
const OVERDUE_LOOKBACK_MONTHS = 36;

/** The calendar months from `months` before today's to the one `days` after today, as "YYYY-MM". */
function monthsOfWindow(today: string, monthsBack: number, daysAhead: number): string[] {
  const start = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - monthsBack);
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + daysAhead);
  const out: string[] = [];
  for (const m = start; m <= end; m.setUTCMonth(m.getUTCMonth() + 1)) out.push(m.toISOString().slice(0, 7));
  return out;
}

/**
 * The municipality's deadlines due within the window (and those passed in the last three years),
 * read by month from the deadline index; only current versions count, health details withheld
 * where consent is missing.
 */
export async function municipalityDeadlines(d: DeadlineDeps, caller: Caller, code: string, withinParam: string | undefined, audit: AuditFn) {
  const municipalityCode = requireOwnMunicipality(caller, code);
  const m = /^(\d{1,3})d$/.exec(withinParam ?? '30d');
  if (!m) throw invalidRequest([{ pointer: '/query/within', keyword: 'pattern', message: 'must be a number of days like 30d (at most 999d)' }]);
  const within = Number(m[1]);
  const today = formatIsoDate(d.clock());
  const months = monthsOfWindow(today, OVERDUE_LOOKBACK_MONTHS, within).map((month) => `${municipalityCode}:${month}`);
  const rows = (await d.handovers.deadlinesInMonths(months)).filter((r) => daysBetween(today, r.deadline.date) <= within);
  const handoverIds = [...new Set(rows.map((r) => r.handoverId))];
  // Per handover in the window: which version is current, and whose health is withheld from the coordinating department.
  const current = new Map(
    await Promise.all(
      handoverIds.map(async (id) => {
        const state = await d.recipients.versionState(id);
        if (state?.currentVersion === undefined) return [id, undefined] as const;
        const [meta, changes] = await Promise.all([d.handovers.findVersionMeta(id, state.currentVersion), d.recipients.consentChanges(id)]);
        if (!meta?.feedSummary || meta.municipalityCode !== municipalityCode) return [id, undefined] as const;
        const withheld = healthWithheld(meta.feedSummary.consents, changes, meta.feedSummary.persons.map((p) => p.personRef));
        return [id, { version: state.currentVersion, withheld }] as const;
      }),
    ),
  );
  const out: (Deadline & { handoverId: string; overdue: boolean; daysLeft: number })[] = [];
  for (const r of rows) {
    const c = current.get(r.handoverId);
    if (!c || c.version !== r.version) continue;
    const [dl] = redactDeadlines([r.deadline], c.withheld);
    const daysLeft = daysBetween(today, dl!.date);
    out.push({ ...dl!, handoverId: r.handoverId, overdue: daysLeft < 0, daysLeft });
  }
  out.sort((a, b) => a.date.localeCompare(b.date) || a.handoverId.localeCompare(b.handoverId) || a.personRef.localeCompare(b.personRef) || a.kind.localeCompare(b.kind));
  await audit({ action: 'deadlines.list', outcome: 'ok', section: `items:${out.length}` });
  return { municipalityCode, today, withinDays: within, deadlines: out };
}
