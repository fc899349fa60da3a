/**
 * Figures that show whether the reform works: the national audit found that psychological
 * problems registered in the asylum centres reached the municipality in 5% of cases. Per sender
 * and per municipality, over a period: handovers received, the time from submission to first
 * retrieval and to acknowledgement (median, p90), how persons' mental health was handed over
 * (assessed, with findings, not assessed by reason, declined), completeness, and open questions
 * with their age. No personal data: counts and durations only, and every count from 1 to
 * SUPPRESS_BELOW - 1 is suppressed (null), with every statistic built on it, so that no person
 * can be singled out.
 */
import type { Handover } from './handover-types.js';
import { addValue, countWhere, maxOf, medianOf, observations, percentileOf, type Histogram } from './histogram.js';

/**
 * Why a section was not assessed, as the CSV's fixed columns count it: every reason of every
 * version of the standard (1.2 adds not-in-protocol), then "unknown" for a section without one. A
 * reason a later standard adds is counted under "other" until it gets its column, so every caller
 * gets the same columns in the same order.
 */
export const NOT_ASSESSED_REASONS = ['no-time', 'no-interpreter', 'no-records', 'not-senders-remit', 'not-in-protocol', 'person-unavailable', 'awaiting-examination', 'records-unreliable', 'other', 'unknown'] as const;
const reasonColumn = (reason: string | undefined): string => (reason === undefined ? 'unknown' : (NOT_ASSESSED_REASONS as readonly string[]).includes(reason) ? reason : 'other');

/** Counts below this (and above 0) are not shown. */
export const SUPPRESS_BELOW = 5;

export type MentalHealthState = 'findings' | 'no-findings' | 'not-assessed' | 'declined' | 'not-applicable';

/** What the figures need of one person, kept with each stored version (no personal data). */
export interface PersonFigureFacts {
  mentalHealth: MentalHealthState;
  /** Why, when not assessed: the screening's reason, else the first section's. */
  notAssessedReason?: string;
}

export interface FigureFacts {
  persons: PersonFigureFacts[];
}

const MENTAL_HEALTH_SECTIONS = ['screenings', 'traumaExposure', 'diagnoses', 'psychiatricTreatment', 'traumaRehabilitationReferral'] as const;

/**
 * A person's mental health as handed over: with findings when any of its sections has findings;
 * assessed without findings when a professional assessed at least one and found nothing; else
 * declined, not assessed (with the reason), or not applicable.
 */
export function mentalHealthStateOf(mentalHealth: Record<string, { status: string; reason?: string } | undefined>): PersonFigureFacts {
  const sections = MENTAL_HEALTH_SECTIONS.map((k) => mentalHealth[k]).filter((s): s is { status: string; reason?: string } => s !== undefined);
  const has = (status: string) => sections.some((s) => s.status === status);
  if (has('findings')) return { mentalHealth: 'findings' };
  if (has('no-findings')) return { mentalHealth: 'no-findings' };
  if (has('declined')) return { mentalHealth: 'declined' };
  const notAssessed = sections.find((s) => s.status === 'not-assessed');
  if (notAssessed) return { mentalHealth: 'not-assessed', ...(notAssessed.reason ? { notAssessedReason: notAssessed.reason } : {}) };
  return { mentalHealth: 'not-applicable' };
}

/** The facts of a handover version the figures read, taken when it is stored. */
export function figureFactsOf(doc: Handover): FigureFacts {
  return { persons: doc.persons.map((p) => mentalHealthStateOf(p.healthScreening.mentalHealth as unknown as Record<string, { status: string; reason?: string }>)) };
}

/** One handover as the figures see it: its first version's receipt, what happened since, its current version's facts. */
export interface HandoverFigureInput {
  senderOrganisationId: string;
  municipalityCode: string;
  receivedAt: Date;
  firstRetrievedAt?: Date;
  acknowledgedAt?: Date;
  /** The municipality answered the current version with outcome error or fatal. */
  refused: boolean;
  completenessScore: number;
  persons: readonly PersonFigureFacts[];
  /** Days each of its still-open questions has waited. */
  openQuestionAgesDays: readonly number[];
}

/** A count, or null when it is small enough to single someone out. */
export type Count = number | null;

export interface Timing {
  count: Count;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface FigureGroup {
  scope: 'sender' | 'municipality';
  id: string;
  handoversReceived: Count;
  persons: Count;
  firstRetrieval: Timing & { notYetRetrieved: Count };
  acknowledgement: Timing & { refused: Count; notYetAcknowledged: Count };
  mentalHealth: {
    assessed: Count;
    withFindings: Count;
    noFindings: Count;
    notAssessed: Count;
    notAssessedByReason: Record<string, Count>;
    declined: Count;
    notApplicable: Count;
    /** Shares of all persons, 0-1, when both counts can be shown. */
    assessedShare: number | null;
    withFindingsShare: number | null;
  };
  completeness: { medianScore: number | null; distribution: Record<CompletenessBand, Count> };
  openQuestions: { count: Count; medianAgeDays: number | null; oldestAgeDays: number | null };
}

const BANDS = ['0-19', '20-39', '40-59', '60-79', '80-100'] as const;
export type CompletenessBand = (typeof BANDS)[number];

const bandOf = (score: number): CompletenessBand => BANDS[Math.min(4, Math.floor(score / 20))]!;

/** n itself when 0 or at least SUPPRESS_BELOW; null when it could single someone out. */
export function suppress(n: number): Count {
  return n === 0 || n >= SUPPRESS_BELOW ? n : null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Median and p90 of a sample (kept in units of 1/`perUnit`), shown only when the sample itself may be shown. */
function statistics(sample: Histogram, perUnit = 1): { median: number | null; p90: number | null } {
  if (observations(sample) < SUPPRESS_BELOW) return { median: null, p90: null };
  return { median: round1(medianOf(sample) / perUnit), p90: round1(percentileOf(sample, 0.9) / perUnit) };
}

function share(part: number, whole: number): number | null {
  return suppress(part) === null || whole < SUPPRESS_BELOW ? null : Math.round((part / whole) * 1000) / 1000;
}

/**
 * What a group's figures are made of, summed over its handovers: counts, and the samples whose
 * median and p90 are shown, as histograms (durations in tenths of an hour, completeness scores,
 * ages of open questions). Kept per day, municipality and sender as the handovers change
 * (domain/figure-counters.ts), so a report adds a handful of these instead of reading every
 * handover, and a counter's size is bounded by the distinct values, not by the handovers.
 */
export interface FigureTally {
  handovers: number;
  /** Per retrieved handover: tenths of an hour from its receipt by the holder to the holder's first retrieval. */
  retrievalTenths: Histogram;
  /** Per acknowledged handover: tenths of an hour from its receipt by the holder to the holder's acknowledgement. */
  acknowledgementTenths: Histogram;
  refused: number;
  completenessScores: Histogram;
  /** Persons by how their mental health was handed over. */
  mentalHealth: Record<MentalHealthState, number>;
  /** Persons not assessed, by reason column (NOT_ASSESSED_REASONS). */
  notAssessedByReason: Record<string, number>;
  openQuestionAgesDays: Histogram;
}

export const MENTAL_HEALTH_STATES: readonly MentalHealthState[] = ['findings', 'no-findings', 'not-assessed', 'declined', 'not-applicable'];

export const emptyTally = (): FigureTally => ({ handovers: 0, retrievalTenths: new Map(), acknowledgementTenths: new Map(), refused: 0, completenessScores: new Map(), mentalHealth: { findings: 0, 'no-findings': 0, 'not-assessed': 0, declined: 0, 'not-applicable': 0 }, notAssessedByReason: {}, openQuestionAgesDays: new Map() });

const MS_PER_TENTH_OF_HOUR = 360_000;

/**
 * A duration as the figures keep it: in tenths of an hour, the precision they show (a median or
 * percentile of the rounded durations is the rounded one of the durations; an even count's median,
 * the mean of two, may differ from it by a tenth).
 */
export const tenthsOfHour = (from: Date, to: Date): number => tenthsOfHourOfMs(to.getTime() - from.getTime());
export const tenthsOfHourOfMs = (ms: number): number => Math.round(ms / MS_PER_TENTH_OF_HOUR);

/** Adds one handover to a tally (in place). */
export function addToTally(t: FigureTally, h: HandoverFigureInput): FigureTally {
  t.handovers += 1;
  if (h.firstRetrievedAt) addValue(t.retrievalTenths, tenthsOfHour(h.receivedAt, h.firstRetrievedAt));
  if (h.acknowledgedAt) addValue(t.acknowledgementTenths, tenthsOfHour(h.receivedAt, h.acknowledgedAt));
  if (h.refused) t.refused += 1;
  addValue(t.completenessScores, h.completenessScore);
  for (const p of h.persons) {
    t.mentalHealth[p.mentalHealth] += 1;
    if (p.mentalHealth === 'not-assessed') t.notAssessedByReason[reasonColumn(p.notAssessedReason)] = (t.notAssessedByReason[reasonColumn(p.notAssessedReason)] ?? 0) + 1;
  }
  for (const age of h.openQuestionAgesDays) addValue(t.openQuestionAgesDays, age);
  return t;
}

/** One group's figures from its tally: the counts suppressed, the statistics shown only where their samples may be. */
export function figuresOfTally(scope: FigureGroup['scope'], id: string, t: FigureTally): FigureGroup {
  const retrieved = observations(t.retrievalTenths);
  const acknowledged = observations(t.acknowledgementTenths);
  const persons = MENTAL_HEALTH_STATES.reduce((n, s) => n + t.mentalHealth[s], 0);
  const count = (state: MentalHealthState) => t.mentalHealth[state];
  const assessed = count('findings') + count('no-findings');
  const ages = t.openQuestionAgesDays;
  const ageStats = statistics(ages);
  const retrievalStats = statistics(t.retrievalTenths, 10);
  const ackStats = statistics(t.acknowledgementTenths, 10);
  const distribution = Object.fromEntries(BANDS.map((b) => [b, suppress(countWhere(t.completenessScores, (score) => bandOf(score) === b))])) as Record<CompletenessBand, Count>;
  return {
    scope,
    id,
    handoversReceived: suppress(t.handovers),
    persons: suppress(persons),
    firstRetrieval: { count: suppress(retrieved), medianHours: retrievalStats.median, p90Hours: retrievalStats.p90, notYetRetrieved: suppress(t.handovers - retrieved) },
    acknowledgement: { count: suppress(acknowledged), medianHours: ackStats.median, p90Hours: ackStats.p90, refused: suppress(t.refused), notYetAcknowledged: suppress(t.handovers - acknowledged) },
    mentalHealth: {
      assessed: suppress(assessed),
      withFindings: suppress(count('findings')),
      noFindings: suppress(count('no-findings')),
      notAssessed: suppress(count('not-assessed')),
      notAssessedByReason: Object.fromEntries(NOT_ASSESSED_REASONS.map((r) => [r, suppress(t.notAssessedByReason[r] ?? 0)])),
      declined: suppress(count('declined')),
      notApplicable: suppress(count('not-applicable')),
      assessedShare: share(assessed, persons),
      withFindingsShare: share(count('findings'), persons),
    },
    completeness: { medianScore: statistics(t.completenessScores).median, distribution },
    openQuestions: { count: suppress(observations(ages)), medianAgeDays: ageStats.median, oldestAgeDays: observations(ages) >= SUPPRESS_BELOW ? maxOf(ages) : null },
  };
}

/** The figures per sender and per municipality (in id order) of the handovers given. */
export function computeFigures(items: readonly HandoverFigureInput[], scopes: readonly FigureGroup['scope'][]): FigureGroup[] {
  const out: FigureGroup[] = [];
  for (const scope of scopes) {
    const key = (h: HandoverFigureInput) => (scope === 'sender' ? h.senderOrganisationId : h.municipalityCode);
    const ids = [...new Set(items.map(key))].sort();
    for (const id of ids) out.push(figuresOfTally(scope, id, items.filter((h) => key(h) === id).reduce(addToTally, emptyTally())));
  }
  return out;
}

/** The figures as flat rows for CSV: one per group, suppressed cells as "<5"; the same columns for every caller (FIGURE_COLUMNS). */
export function figureRows(groups: readonly FigureGroup[]): { header: string[]; rows: (string | number)[][] } {
  const reasons = NOT_ASSESSED_REASONS;
  const cell = (v: number | null) => (v === null ? `<${SUPPRESS_BELOW}` : v);
  const stat = (v: number | null) => (v === null ? '' : v);
  const header = [
    'scope',
    'id',
    'handoversReceived',
    'persons',
    'retrieved',
    'notYetRetrieved',
    'hoursToFirstRetrievalMedian',
    'hoursToFirstRetrievalP90',
    'acknowledged',
    'refused',
    'notYetAcknowledged',
    'hoursToAcknowledgementMedian',
    'hoursToAcknowledgementP90',
    'mentalHealthAssessed',
    'mentalHealthWithFindings',
    'mentalHealthNoFindings',
    'mentalHealthNotAssessed',
    ...reasons.map((r) => `mentalHealthNotAssessed:${r}`),
    'mentalHealthDeclined',
    'mentalHealthNotApplicable',
    'mentalHealthAssessedShare',
    'mentalHealthWithFindingsShare',
    'completenessMedian',
    ...BANDS.map((b) => `completeness:${b}`),
    'openQuestions',
    'openQuestionAgeDaysMedian',
    'openQuestionAgeDaysOldest',
  ];
  const rows = groups.map((g) => [
    g.scope,
    g.id,
    cell(g.handoversReceived),
    cell(g.persons),
    cell(g.firstRetrieval.count),
    cell(g.firstRetrieval.notYetRetrieved),
    stat(g.firstRetrieval.medianHours),
    stat(g.firstRetrieval.p90Hours),
    cell(g.acknowledgement.count),
    cell(g.acknowledgement.refused),
    cell(g.acknowledgement.notYetAcknowledged),
    stat(g.acknowledgement.medianHours),
    stat(g.acknowledgement.p90Hours),
    cell(g.mentalHealth.assessed),
    cell(g.mentalHealth.withFindings),
    cell(g.mentalHealth.noFindings),
    cell(g.mentalHealth.notAssessed),
    ...reasons.map((r) => cell(g.mentalHealth.notAssessedByReason[r] ?? 0)),
    cell(g.mentalHealth.declined),
    cell(g.mentalHealth.notApplicable),
    stat(g.mentalHealth.assessedShare),
    stat(g.mentalHealth.withFindingsShare),
    stat(g.completeness.medianScore),
    ...BANDS.map((b) => cell(g.completeness.distribution[b])),
    cell(g.openQuestions.count),
    stat(g.openQuestions.medianAgeDays),
    stat(g.openQuestions.oldestAgeDays),
  ]);
  return { header, rows };
}

/** The CSV's columns, in order: fixed, whoever asks and whatever the period holds (docs/api.md lists them). */
export const FIGURE_COLUMNS: readonly string[] = figureRows([]).header;
