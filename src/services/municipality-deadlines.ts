/** GET /v1/municipalities/:code/deadlines: the current versions' deadlines due within a window, and those passed, a page at a time in date order. */
import { addDays, daysBetween, formatIsoDate } from '../domain/dates.js';
import { dayOfPosition } from '../domain/deadline-positions.js';
import type { Deadline } from '../domain/deadlines.js';
import type { Caller } from '../domain/organisations.js';
import { encodeCursor, readPageRequest } from '../domain/pagination.js';
import { invalidRequest, queryProblem, type FieldError } from '../errors.js';
import type { AuditFn } from './audit.js';
import { type RecipientDeps } from './recipient-access.js';
import { rowViews } from './deadline-rows.js';
import { requireOwnMunicipality } from './own-organisation.js';

/** Exactly what the deadline list uses. */
type DeadlineDeps = Pick<RecipientDeps, 'clock' | 'handovers' | 'recipients' | 'settleVersions'>;

/** How far back the deadline list shows deadlines that have passed: the integration period. */
const OVERDUE_LOOKBACK_MONTHS = 36;

/** The first day of the list's window: the first of the month `monthsBack` before today's. */
function windowStart(today: string, monthsBack: number): string {
  const start = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - monthsBack);
  return formatIsoDate(start);
}

/** The years ("YYYY") from the one of `from` to the one of `to`. */
function yearsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push(String(y).padStart(4, '0'));
  return out;
}

type Listed = Deadline & { handoverId: string; personName?: string; overdue: boolean; daysLeft: number };

/**
 * The municipality's deadlines due within the window (and those passed in the last three years),
 * a page at a time in date order (then the order the handovers arrived in), read slot by slot
 * from the deadline index (storage/deadline-index.ts): a page reads the days of the years it
 * crosses, the slots of the days it reaches and those slots' rows, however much is stored. Only
 * current versions count; health details are withheld where consent is missing.
 */
export async function municipalityDeadlines(d: DeadlineDeps, caller: Caller, code: string, query: { within?: string; limit?: string; after?: string }, audit: AuditFn) {
  const municipalityCode = requireOwnMunicipality(caller, code);
  const errors: FieldError[] = [];
  const m = /^(\d{1,3})d$/.exec(query.within ?? '30d');
  if (!m) errors.push(queryProblem('within', 'pattern', 'must be a number of days like 30d (at most 999d)'));
  const page = readPageRequest('deadlines', query, errors);
  if (errors.length > 0) throw invalidRequest(errors);
  const within = Number(m![1]);
  // Every version answered 201 has its deadlines filed before they are listed (the worker files them: derivations.ts).
  await d.settleVersions();
  const today = formatIsoDate(d.clock());
  const first = windowStart(today, OVERDUE_LOOKBACK_MONTHS);
  const last = addDays(today, within);
  // A cursor from a page read with another window or on another day still starts where it says.
  const from = page.afterPosition > 0 && dayOfPosition(page.afterPosition) > first ? dayOfPosition(page.afterPosition) : first;
  const out: (Listed & { position: number })[] = [];
  // The years' days at once (small answers); the slots in order until the page is full, and one more to know whether another page follows.
  const years = await Promise.all(yearsBetween(from, last).map((year) => d.handovers.deadlineDaysOf(municipalityCode, year)));
  const rowsOf = (day: string, bucket: number) => {
    const rows = d.handovers.deadlinesInSlot(municipalityCode, day, bucket).then((all) => all.filter((r) => r.position > page.afterPosition));
    // Read ahead, perhaps never awaited (the page filled first, or the slot before failed): its failure is handled where it is awaited, or not at all.
    rows.catch(() => undefined);
    return rows;
  };
  fill: for (const day of years.flat().filter((day) => day >= from && day <= last)) {
    const buckets = await d.handovers.deadlineSlotsOf(municipalityCode, day);
    // The day's next slot is read while this one's versions are settled: a page spans slots in a row, and reads at most one slot too many.
    let reading = buckets.length > 0 ? rowsOf(day, buckets[0]!) : undefined;
    for (let i = 0; reading; i++) {
      const rows = await reading;
      reading = i + 1 < buckets.length ? rowsOf(day, buckets[i + 1]!) : undefined;
      const views = await rowViews(d, municipalityCode, rows);
      for (const [j, r] of rows.entries()) {
        const v = views[j];
        if (!v) continue;
        const daysLeft = daysBetween(today, v.deadline.date);
        // The person's name with the deadline, so a caseworker sees whose it is without opening the handover.
        out.push({ ...v.deadline, handoverId: r.handoverId, ...(v.personName ? { personName: v.personName } : {}), overdue: daysLeft < 0, daysLeft, position: r.position });
        if (out.length > page.limit) break fill;
      }
    }
  }
  const shown = out.slice(0, page.limit);
  const next = out.length > page.limit ? encodeCursor('deadlines', shown[shown.length - 1]!.position) : null;
  await audit({ action: 'deadlines.list', outcome: 'ok', section: `items:${shown.length}` });
  return { municipalityCode, today, withinDays: within, deadlines: shown.map(({ position: _p, ...rest }) => rest), next };
}
