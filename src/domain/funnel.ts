/**
 * The funnel of the audit's figure: the national audit found psychological problems registered in
 * the asylum centres reached the municipality for 5% of refugees. Per municipality (the one
 * holding the person), per sender and per month, for everyone handed over and for three cohorts
 * of persons (mental-health findings recorded, a medication that must not be interrupted, any
 * health finding): how many were handed over, retrieved by the municipality (at all, within 7
 * and within 30 days of the expected arrival), assigned a GP, whose GP read the summary, and
 * whose GP returned a result. The counts are counters kept as events happen (services/funnel.ts);
 * this module says what is counted and how a report is read from them. No personal data.
 */
import type { Handover, HandoverPerson, Section } from './handover-types.js';
import { SUPPRESS_BELOW, suppress, type Count } from './figures.js';

export const FUNNEL_COHORTS = ['everyone', 'mentalHealthFindings', 'mustNotInterruptMedication', 'anyHealthFinding'] as const;
export type FunnelCohort = (typeof FUNNEL_COHORTS)[number];

/** The stages in order; each is a subset of the one before except where a later stage happened without an earlier one (a GP assigned before a read). */
export const FUNNEL_STAGES = ['handedOver', 'retrieved', 'retrievedWithin7Days', 'retrievedWithin30Days', 'gpAssigned', 'gpSummaryRead', 'gpResultReturned'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** The events that move a person along (handedOver is the anchor, written when a version is stored or a record handed on). */
export type FunnelEvent = 'retrieved' | 'gpAssigned' | 'gpSummaryRead' | 'gpResultReturned';

/** A counter's field: cohort and stage (flat, so one $inc on top-level fields updates any of them). */
export const counterField = (cohort: FunnelCohort, stage: FunnelStage) => `${cohort}:${stage}`;
export const COUNTER_FIELDS: readonly string[] = FUNNEL_COHORTS.flatMap((c) => FUNNEL_STAGES.map((s) => counterField(c, s)));

const isSection = (v: unknown): v is Section => typeof v === 'object' && v !== null && typeof (v as { status?: unknown }).status === 'string';

/** Every section of a person's health screening, the mental-health ones included. */
function healthSections(person: HandoverPerson): Section[] {
  const out: Section[] = [];
  for (const [key, value] of Object.entries(person.healthScreening)) {
    if (key === 'mentalHealth' && value && typeof value === 'object') out.push(...Object.values(value as Record<string, unknown>).filter(isSection));
    else if (isSection(value)) out.push(value);
  }
  return out;
}

/** The cohorts a person of a version belongs to ("everyone" always). */
export function cohortsOf(person: HandoverPerson): FunnelCohort[] {
  const cohorts: FunnelCohort[] = ['everyone'];
  const mental = Object.values(person.healthScreening.mentalHealth ?? {}).filter(isSection);
  if (mental.some((s) => s.status === 'findings')) cohorts.push('mentalHealthFindings');
  const meds = person.healthScreening.medications;
  if (meds?.status === 'findings' && (meds.entries ?? []).some((m) => m.mustNotInterrupt === true)) cohorts.push('mustNotInterruptMedication');
  if (healthSections(person).some((s) => s.status === 'findings')) cohorts.push('anyHealthFinding');
  return cohorts;
}

/** The calendar month (UTC) a date falls in, as YYYY-MM. */
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

const DAY_MS = 86_400_000;

/**
 * The retrieval stages a first retrieval at `at` reaches, for a person expected to arrive on
 * `arrivalOn` (YYYY-MM-DD): retrieved, and within 7 and 30 days of arrival (a retrieval before
 * arrival is within both).
 */
export function retrievalStages(at: Date, arrivalOn: string | undefined): FunnelStage[] {
  const stages: FunnelStage[] = ['retrieved'];
  const arrival = arrivalOn ? Date.parse(`${arrivalOn}T00:00:00Z`) : NaN;
  if (Number.isNaN(arrival)) return stages;
  // Counted by calendar day: the 7th day after arrival is still within 7 days.
  const days = Math.floor((Date.parse(`${at.toISOString().slice(0, 10)}T00:00:00Z`) - arrival) / DAY_MS);
  if (days <= 7) stages.push('retrievedWithin7Days');
  if (days <= 30) stages.push('retrievedWithin30Days');
  return stages;
}

/** The expected arrival of a handover's persons. */
export const arrivalOf = (doc: Handover): string | undefined => doc.expectedArrival?.date;

/** One counter document: the counts of one municipality, sender and month. */
export interface FunnelCounter {
  municipalityCode: string;
  senderOrganisationId: string;
  month: string;
  counts: Record<string, number>;
}

export type Funnel = Record<FunnelCohort, Record<FunnelStage, Count>>;

export interface FunnelGroup {
  scope: 'municipality' | 'sender';
  id: string;
  /** The whole period. */
  total: Funnel;
  /** Month by month, every month of the period in order. */
  months: { month: string; funnel: Funnel }[];
}

function sum(counters: readonly FunnelCounter[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(COUNTER_FIELDS.map((f) => [f, 0]));
  for (const c of counters) for (const f of COUNTER_FIELDS) out[f]! += c.counts[f] ?? 0;
  return out;
}

/** Counts as shown: 0 or at least SUPPRESS_BELOW, else null. */
function funnelOf(counts: Record<string, number>): Funnel {
  return Object.fromEntries(FUNNEL_COHORTS.map((c) => [c, Object.fromEntries(FUNNEL_STAGES.map((s) => [s, suppress(counts[counterField(c, s)] ?? 0)]))])) as Funnel;
}

/** Every month from `from` to `to` (YYYY-MM, both included). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to) return out;
    out.push(month);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/** The funnel per group (in id order) of the counters given, in the period's months. */
export function computeFunnel(counters: readonly FunnelCounter[], scopes: readonly FunnelGroup['scope'][], months: readonly string[]): FunnelGroup[] {
  const inPeriod = counters.filter((c) => months.includes(c.month));
  const out: FunnelGroup[] = [];
  for (const scope of scopes) {
    const key = (c: FunnelCounter) => (scope === 'sender' ? c.senderOrganisationId : c.municipalityCode);
    for (const id of [...new Set(inPeriod.map(key))].sort()) {
      const own = inPeriod.filter((c) => key(c) === id);
      out.push({ scope, id, total: funnelOf(sum(own)), months: months.map((month) => ({ month, funnel: funnelOf(sum(own.filter((c) => c.month === month))) })) });
    }
  }
  return out;
}

/** The funnel as flat rows for CSV: per group its total (month "all") then each month; suppressed cells as "<5". The columns are fixed. */
export function funnelRows(groups: readonly FunnelGroup[]): { header: string[]; rows: (string | number)[][] } {
  const cells = (f: Funnel) => FUNNEL_COHORTS.flatMap((c) => FUNNEL_STAGES.map((s) => f[c][s] ?? `<${SUPPRESS_BELOW}`));
  return {
    header: ['scope', 'id', 'month', ...COUNTER_FIELDS],
    rows: groups.flatMap((g) => [[g.scope, g.id, 'all', ...cells(g.total)], ...g.months.map((m) => [g.scope, g.id, m.month, ...cells(m.funnel)])]),
  };
}

export const FUNNEL_COLUMNS: readonly string[] = funnelRows([]).header;
