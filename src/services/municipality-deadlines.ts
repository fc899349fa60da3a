/** GET /v1/municipalities/:code/deadlines: the current versions' deadlines due within a window, and those passed, a page at a time in date order. */
import { addDays, daysBetween, formatIsoDate } from '../domain/dates.js';
import { dayOfPosition } from '../domain/deadline-positions.js';
import type { Deadline } from '../domain/deadlines.js';
import type { Caller } from '../domain/organisations.js';
import { healthWithheld, redactDeadlines } from '../domain/recipient-views.js';
import { encodeCursor, readPageRequest } from '../domain/pagination.js';
import { invalidRequest, queryProblem, type FieldError } from '../errors.js';
import type { AuditFn } from './audit.js';
import { type RecipientDeps } from './recipient-access.js';
import { feedSettledBefore } from './feed-scan.js';
import { requireOwnMunicipality } from './own-organisation.js';

/** Exactly what the deadline list uses. */
type DeadlineDeps = Pick<RecipientDeps, 'clock' | 'feedSettleMs' | 'handovers' | 'recipients' | 'settleDerived'>;

/** A handover's current version in the window, whose health is withheld from the coordinating department, and its persons' names. */
type Current = { version: number; withheld: string[]; names: Map<string, string> } | undefined;

const namesOf = (persons: readonly { personRef: string; name: string }[]) => new Map(persons.map((p) => [p.personRef, p.name]));

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
  await d.settleDerived();
  const today = formatIsoDate(d.clock());
  const first = windowStart(today, OVERDUE_LOOKBACK_MONTHS);
  const last = addDays(today, within);
  // A cursor from a page read with another window or on another day still starts where it says.
  const from = page.afterPosition > 0 && dayOfPosition(page.afterPosition) > first ? dayOfPosition(page.afterPosition) : first;
  const out: (Listed & { position: number })[] = [];
  // The years' days at once (small answers); the slots in order until the page is full, and one more to know whether another page follows.
  const years = await Promise.all(yearsBetween(from, last).map((year) => d.handovers.deadlineDaysOf(municipalityCode, year)));
  const slot = async (day: string, bucket: number) => {
    const rows = (await d.handovers.deadlinesInSlot(municipalityCode, day, bucket)).filter((r) => r.position > page.afterPosition);
    return { rows, current: rows.length > 0 ? await currentVersions(d, municipalityCode, rows) : new Map<string, Current>() };
  };
  fill: for (const day of years.flat().filter((day) => day >= from && day <= last)) {
    const buckets = await d.handovers.deadlineSlotsOf(municipalityCode, day);
    // The day's next slot is read while this one is listed: a page spans slots in a row, and reads at most one slot too many.
    let reading = buckets.length > 0 ? slot(day, buckets[0]!) : undefined;
    for (let i = 0; reading; i++) {
      const { rows, current } = await reading;
      reading = i + 1 < buckets.length ? slot(day, buckets[i + 1]!) : undefined;
      for (const r of rows) {
        const listed = listedRow(r, current.get(r.handoverId), today);
        if (listed) out.push(listed);
        if (out.length > page.limit) {
          // The slot read ahead is not needed; its failure must not go unhandled.
          reading?.catch(() => undefined);
          break fill;
        }
      }
    }
  }
  const shown = out.slice(0, page.limit);
  const next = out.length > page.limit ? encodeCursor('deadlines', shown[shown.length - 1]!.position) : null;
  await audit({ action: 'deadlines.list', outcome: 'ok', section: `items:${shown.length}` });
  return { municipalityCode, today, withinDays: within, deadlines: shown.map(({ position: _p, ...rest }) => rest), next };
}

/** A row as listed, if its version is the current one; health details withheld where consent is missing. */
function listedRow(r: { handoverId: string; version: number; position: number; deadline: Deadline }, c: Current, today: string): (Listed & { position: number }) | undefined {
  if (!c || c.version !== r.version) return undefined;
  const [dl] = redactDeadlines([r.deadline], c.withheld);
  const daysLeft = daysBetween(today, dl!.date);
  // The person's name with the deadline, so a caseworker sees whose it is without opening the handover.
  const personName = c.names.get(dl!.personRef);
  return { ...dl!, handoverId: r.handoverId, ...(personName ? { personName } : {}), overdue: daysLeft < 0, daysLeft, position: r.position };
}

/**
 * Which version of each handover in the window is current, and whose health is withheld. Most
 * rows (first versions) are settled from their version's feed bucket: the entry there (its summary
 * with consents and persons) and the bucket's later facts (superseded, withdrawn, consent changes),
 * a few queries per hundred handovers. A row not settled that way (a later version, whose consent
 * changes may be tagged with an earlier version's bucket; a version superseded or withdrawn, where
 * an earlier one may be current again; written before rows kept their feed number; not yet
 * settled in the feed) is looked up handover by handover.
 */
async function currentVersions(d: DeadlineDeps, municipalityCode: string, rows: readonly { handoverId: string; version: number; feedSeq?: number }[]): Promise<Map<string, Current>> {
  const current = new Map<string, Current>();
  const seqs = [...new Set(rows.flatMap((r) => (r.feedSeq === undefined ? [] : [r.feedSeq])))];
  const [entries, facts] = await Promise.all([
    d.recipients.feedEntriesAt(municipalityCode, seqs, feedSettledBefore(d)),
    d.recipients.feedPageFacts(municipalityCode, seqs),
  ]);
  for (const r of rows) {
    const entry = r.feedSeq === undefined ? undefined : entries.get(r.feedSeq);
    const id = `${r.handoverId}:${r.version}`;
    // A later version is looked up on its own: consent changes recorded before it are tagged with the earlier versions' buckets only.
    if (r.version > 1 || !entry?.facts || entry.handoverId !== r.handoverId || entry.version !== r.version || facts.superseded.has(id) || facts.withdrawn.has(id)) continue;
    const summary = entry.facts.feedSummary;
    current.set(r.handoverId, { version: r.version, withheld: healthWithheld(summary.consents, facts.consentChanges.get(r.handoverId) ?? [], summary.persons.map((p) => p.personRef)), names: namesOf(summary.persons) });
  }
  const rest = [...new Set(rows.map((r) => r.handoverId))].filter((id) => !current.has(id));
  await Promise.all(rest.map(async (id) => current.set(id, await currentVersionOf(d, municipalityCode, id))));
  return current;
}

/** One handover's current version and withheld persons, from its own records. */
async function currentVersionOf(d: DeadlineDeps, municipalityCode: string, handoverId: string): Promise<Current> {
  const state = await d.recipients.versionState(handoverId);
  if (state?.currentVersion === undefined) return undefined;
  const [meta, changes] = await Promise.all([d.handovers.findVersionMeta(handoverId, state.currentVersion), d.recipients.consentChanges(handoverId)]);
  if (!meta?.feedSummary || meta.municipalityCode !== municipalityCode) return undefined;
  return { version: state.currentVersion, withheld: healthWithheld(meta.feedSummary.consents, changes, meta.feedSummary.persons.map((p) => p.personRef)), names: namesOf(meta.feedSummary.persons) };
}
