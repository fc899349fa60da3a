/**
 * The figures (domain/figures.ts) kept as counters, so a report reads a handful of documents
 * whatever is stored (issue 31.5, 33.5). Each handover has one share (its fact: what the figures
 * count of it, for the municipality holding it; no personal data), and per UTC day the holder
 * received it, municipality and sender one counter sums the shares. A period of whole days adds
 * the counters of its days: the same figures as counting the handovers one by one.
 */
import { monthOf, monthsBetween } from './funnel.js';
import { addHistogram, addValue, histogramFromPairs, histogramPairs } from './histogram.js';
import { addToTally, emptyTally, figuresOfTally, MENTAL_HEALTH_STATES, type FigureGroup, type FigureTally, type PersonFigureFacts } from './figures.js';

/** One handover's share of the figures, for the municipality holding it (the recipient of its current version). */
export interface HandoverFigureFact {
  handoverId: string;
  municipalityCode: string;
  senderOrganisationId: string;
  /** When the holder received its first version addressed to the holder. */
  receivedAt: Date;
  /** The holder's first retrieval of a version addressed to it. */
  firstRetrievedAt?: Date;
  /** The holder's first acknowledgement of a version addressed to it. */
  acknowledgedAt?: Date;
  /** The holder answered the current version with outcome error or fatal. */
  refused: boolean;
  completenessScore: number;
  persons: PersonFigureFacts[];
  /** When each of its questions still open was asked (the age is the report's). */
  openQuestionsAskedAt: Date[];
}

/**
 * The counts of one day, municipality and sender, as stored: a tally whose samples are kept as
 * histograms (each value once, ascending, with how many handovers had it: a day's counter holds
 * at most a few hundred numbers however many handovers it counts) and whose open questions by
 * when they were asked (their age is the report's; a handful, as questions get answered).
 */
export interface FigureCounter extends Omit<FigureTally, 'openQuestionAgesDays' | 'completenessScores' | 'retrievalTenths' | 'acknowledgementTenths'> {
  day: string;
  month: string;
  municipalityCode: string;
  senderOrganisationId: string;
  /** Tenths of an hour from receipt to first retrieval that occur, and how many handovers took each. */
  retrievalTenths: number[];
  retrievalCounts: number[];
  /** Tenths of an hour from receipt to acknowledgement that occur, and how many handovers took each. */
  acknowledgementTenths: number[];
  acknowledgementCounts: number[];
  /** The scores that occur, ascending, and how many handovers had each. */
  completenessValues: number[];
  completenessCounts: number[];
  /** ms since the epoch. */
  openQuestionsAskedAt: number[];
}

const DAY_MS = 86_400_000;

/** The UTC day of an instant, YYYY-MM-DD. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** The counter a handover's share is added to: its day, municipality and sender. */
export const counterIdOf = (f: Pick<HandoverFigureFact, 'receivedAt' | 'municipalityCode' | 'senderOrganisationId'>) => `${dayOf(f.receivedAt)}|${f.municipalityCode}|${f.senderOrganisationId}`;

/** The share in one string: equal strings, equal shares (a refresh that changes nothing writes nothing). */
export function signatureOf(f: HandoverFigureFact): string {
  const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
  return JSON.stringify([f.municipalityCode, f.senderOrganisationId, iso(f.receivedAt), iso(f.firstRetrievedAt), iso(f.acknowledgedAt), f.refused, f.completenessScore, f.persons.map((p) => [p.mentalHealth, p.notAssessedReason ?? null]), f.openQuestionsAskedAt.map(iso)]);
}

/** The counter of the shares given (all of one day, municipality and sender). */
export function counterOf(facts: readonly HandoverFigureFact[]): FigureCounter {
  const first = facts[0]!;
  const { openQuestionAgesDays: _none, completenessScores, retrievalTenths, acknowledgementTenths, ...tally } = facts.reduce((t, f) => addToTally(t, { ...f, openQuestionAgesDays: [] }), emptyTally());
  const retrieval = histogramPairs(retrievalTenths);
  const acknowledgement = histogramPairs(acknowledgementTenths);
  const completeness = histogramPairs(completenessScores);
  const day = dayOf(first.receivedAt);
  return {
    day,
    month: day.slice(0, 7),
    municipalityCode: first.municipalityCode,
    senderOrganisationId: first.senderOrganisationId,
    ...tally,
    retrievalTenths: retrieval.values,
    retrievalCounts: retrieval.counts,
    acknowledgementTenths: acknowledgement.values,
    acknowledgementCounts: acknowledgement.counts,
    completenessValues: completeness.values,
    completenessCounts: completeness.counts,
    openQuestionsAskedAt: facts.flatMap((f) => f.openQuestionsAskedAt.map((d) => d.getTime())),
  };
}

/** A counter holds less than what is to be taken out of it: it is not the sum of its shares (recount it). */
export class CounterMismatch extends RangeError {}

/** Stored pairs plus or minus another's, as stored pairs (a value no handover has any more goes). */
function shiftedPairs(values: readonly number[], counts: readonly number[], byValues: readonly number[], byCounts: readonly number[], sign: 1 | -1) {
  const h = histogramFromPairs(values, counts);
  byValues.forEach((v, i) => {
    const n = (h.get(v) ?? 0) + sign * (byCounts[i] ?? 0);
    if (n < 0) throw new CounterMismatch(`a histogram would count ${v} ${n} times`);
    if (n === 0) h.delete(v);
    else h.set(v, n);
  });
  return histogramPairs(h);
}

/** A count plus or minus another. */
function shiftedCount(n: number, by: number, sign: 1 | -1): number {
  const out = n + sign * by;
  if (out < 0) throw new CounterMismatch(`a count would be ${out}`);
  return out;
}

/**
 * The counter with one handover's share added (sign 1) or taken out (-1): what recounting its
 * shares gives, without reading them, so updating a busy day's counter costs what a quiet day's
 * does (recounting read every share of the day: at 1,000 handovers from one sender to one
 * municipality in a day, each refresh read 1,000). Undefined once it counts no handover.
 * Throws CounterMismatch when the counter does not hold what is taken out.
 */
export function counterShifted(counter: FigureCounter | undefined, fact: HandoverFigureFact, sign: 1 | -1): FigureCounter | undefined {
  const share = counterOf([fact]);
  if (!counter) {
    if (sign === -1) throw new CounterMismatch('no counter to take a share out of');
    return share;
  }
  const handovers = shiftedCount(counter.handovers, share.handovers, sign);
  const pairs = (kind: 'retrieval' | 'acknowledgement' | 'completeness') => {
    const [v, c] = kind === 'completeness' ? (['completenessValues', 'completenessCounts'] as const) : ([`${kind}Tenths`, `${kind}Counts`] as const);
    const { values, counts } = shiftedPairs(counter[v], counter[c], share[v], share[c], sign);
    return { [v]: values, [c]: counts };
  };
  const notAssessedByReason = { ...counter.notAssessedByReason };
  for (const [reason, n] of Object.entries(share.notAssessedByReason)) {
    const left = shiftedCount(notAssessedByReason[reason] ?? 0, n, sign);
    if (left === 0) delete notAssessedByReason[reason];
    else notAssessedByReason[reason] = left;
  }
  const openQuestionsAskedAt = [...counter.openQuestionsAskedAt];
  for (const askedAt of share.openQuestionsAskedAt) {
    if (sign === 1) openQuestionsAskedAt.push(askedAt);
    else {
      const at = openQuestionsAskedAt.indexOf(askedAt);
      if (at < 0) throw new CounterMismatch('an open question the counter does not hold');
      openQuestionsAskedAt.splice(at, 1);
    }
  }
  const shifted: FigureCounter = {
    ...counter,
    handovers,
    refused: shiftedCount(counter.refused, share.refused, sign),
    mentalHealth: Object.fromEntries(MENTAL_HEALTH_STATES.map((s) => [s, shiftedCount(counter.mentalHealth[s] ?? 0, share.mentalHealth[s], sign)])) as FigureCounter['mentalHealth'],
    notAssessedByReason,
    ...(pairs('retrieval') as Pick<FigureCounter, 'retrievalTenths' | 'retrievalCounts'>),
    ...(pairs('acknowledgement') as Pick<FigureCounter, 'acknowledgementTenths' | 'acknowledgementCounts'>),
    ...(pairs('completeness') as Pick<FigureCounter, 'completenessValues' | 'completenessCounts'>),
    openQuestionsAskedAt,
  };
  if (handovers > 0) return shifted;
  // Counting no handover, it holds nothing else either.
  const left = [shifted.refused, ...Object.values(shifted.mentalHealth), ...Object.values(notAssessedByReason), shifted.retrievalTenths.length, shifted.acknowledgementTenths.length, shifted.completenessValues.length, openQuestionsAskedAt.length];
  if (left.some((n) => n !== 0)) throw new CounterMismatch('a counter of no handover would still count something');
  return undefined;
}

/** The counters summed, with the open questions' ages in whole days at `now`. */
export function tallyOfCounters(counters: readonly FigureCounter[], now: Date): FigureTally {
  const t = emptyTally();
  for (const c of counters) {
    t.handovers += c.handovers;
    addHistogram(t.retrievalTenths, histogramFromPairs(c.retrievalTenths, c.retrievalCounts));
    addHistogram(t.acknowledgementTenths, histogramFromPairs(c.acknowledgementTenths, c.acknowledgementCounts));
    t.refused += c.refused;
    addHistogram(t.completenessScores, histogramFromPairs(c.completenessValues, c.completenessCounts));
    for (const s of MENTAL_HEALTH_STATES) t.mentalHealth[s] += c.mentalHealth[s] ?? 0;
    for (const [reason, n] of Object.entries(c.notAssessedByReason)) t.notAssessedByReason[reason] = (t.notAssessedByReason[reason] ?? 0) + n;
    for (const askedAt of c.openQuestionsAskedAt) addValue(t.openQuestionAgesDays, Math.floor((now.getTime() - askedAt) / DAY_MS));
  }
  return t;
}

/** The figures per group (in id order) of the counters of the days from `from` up to `to` (YYYY-MM-DD, `to` not included). */
export function figuresOfCounters(counters: readonly FigureCounter[], scopes: readonly FigureGroup['scope'][], period: { from: string; to: string }, now: Date): FigureGroup[] {
  const inPeriod = counters.filter((c) => period.from <= c.day && c.day < period.to && c.handovers > 0);
  const out: FigureGroup[] = [];
  for (const scope of scopes) {
    const key = (c: FigureCounter) => (scope === 'sender' ? c.senderOrganisationId : c.municipalityCode);
    for (const id of [...new Set(inPeriod.map(key))].sort()) out.push(figuresOfTally(scope, id, tallyOfCounters(inPeriod.filter((c) => key(c) === id), now)));
  }
  return out;
}

/** Whether an instant is the start of a UTC day. */
export const isWholeDay = (at: Date) => at.getTime() % DAY_MS === 0;

/** The months (YYYY-MM) a period of whole days [from, to) touches, in order. */
export const monthsOfPeriod = (from: Date, to: Date): string[] => monthsBetween(monthOf(from), monthOf(new Date(to.getTime() - DAY_MS)));
