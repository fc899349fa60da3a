/** GET /v1/municipalities/:code/deadlines: the current versions' deadlines due within a window, and those passed, read by month. */
import { daysBetween, formatIsoDate } from '../domain/dates.js';
import type { Deadline } from '../domain/deadlines.js';
import type { Caller } from '../domain/organisations.js';
import { healthWithheld, redactDeadlines } from '../domain/recipient-views.js';
import { invalidRequest, queryProblem } from '../errors.js';
import type { AuditFn } from './audit.js';
import { type RecipientDeps } from './recipient-access.js';
import { feedSettledBefore } from './feed-scan.js';
import { requireOwnMunicipality } from './own-organisation.js';

/** Exactly what the deadline list uses. */
type DeadlineDeps = Pick<RecipientDeps, 'clock' | 'feedSettleMs' | 'handovers' | 'recipients'>;

/** A handover's current version in the window, whose health is withheld from the coordinating department, and its persons' names. */
type Current = { version: number; withheld: string[]; names: Map<string, string> } | undefined;

const namesOf = (persons: readonly { personRef: string; name: string }[]) => new Map(persons.map((p) => [p.personRef, p.name]));

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
  if (!m) throw invalidRequest([queryProblem('within', 'pattern', 'must be a number of days like 30d (at most 999d)')]);
  const within = Number(m[1]);
  const today = formatIsoDate(d.clock());
  const months = monthsOfWindow(today, OVERDUE_LOOKBACK_MONTHS, within).map((month) => `${municipalityCode}:${month}`);
  const rows = (await d.handovers.deadlinesInMonths(months)).filter((r) => daysBetween(today, r.deadline.date) <= within);
  const current = await currentVersions(d, municipalityCode, rows);
  const out: (Deadline & { handoverId: string; personName?: string; overdue: boolean; daysLeft: number })[] = [];
  for (const r of rows) {
    const c = current.get(r.handoverId);
    if (!c || c.version !== r.version) continue;
    const [dl] = redactDeadlines([r.deadline], c.withheld);
    const daysLeft = daysBetween(today, dl!.date);
    // The person's name with the deadline, so a caseworker sees whose it is without opening the handover.
    const personName = c.names.get(dl!.personRef);
    out.push({ ...dl!, handoverId: r.handoverId, ...(personName ? { personName } : {}), overdue: daysLeft < 0, daysLeft });
  }
  out.sort((a, b) => a.date.localeCompare(b.date) || a.handoverId.localeCompare(b.handoverId) || a.personRef.localeCompare(b.personRef) || a.kind.localeCompare(b.kind));
  await audit({ action: 'deadlines.list', outcome: 'ok', section: `items:${out.length}` });
  return { municipalityCode, today, withinDays: within, deadlines: out };
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
