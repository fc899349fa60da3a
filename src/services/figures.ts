/**
 * GET /v1/figures: whether health information now arrives, per sender and per municipality, for
 * the handovers first received by the municipality holding them in a period of whole days
 * (domain/figures.ts says what is counted and how small counts are suppressed). Read from the
 * counters kept as events happen (figure-facts.ts, domain/figure-counters.ts): a report reads the
 * counters of its months, a handful of small documents, whatever is stored. A municipality sees
 * the handovers it holds (in all and per sender), a sender its own (in all and per municipality),
 * an auditor every one. One audit event per request; no personal data leaves.
 */
import { dayOf, figuresOfCounters, isWholeDay, monthsOfPeriod, type FigureCounter } from '../domain/figure-counters.js';
import { SUPPRESS_BELOW, type FigureGroup } from '../domain/figures.js';
import type { Caller } from '../domain/organisations.js';
import { readDateTimeParam } from '../domain/pagination.js';
import { type FieldError, invalidRequest, queryProblem } from '../errors.js';
import type { AuditFn } from './audit.js';
import type { FigureCounters } from './ports/figures.js';

export interface FigureDeps {
  figures: Pick<FigureCounters, 'counters'>;
  clock: () => Date;
  /** Derives what is noted so far (derivations.ts): a report shows every version, read, acknowledgement and question before it. */
  settle: () => Promise<void>;
}

export interface FiguresParams {
  from?: string;
  to?: string;
}

export interface FiguresReport {
  period: { from: string; to: string };
  generatedAt: string;
  /** Counts from 1 to this minus 1 are shown as null ("<5" in CSV), with the statistics built on them. */
  suppressBelow: number;
  groups: FigureGroup[];
}

const DAY_MS = 86_400_000;
/** The period when none is given: the 365 days up to the end of today (UTC). */
const DEFAULT_PERIOD_DAYS = 365;
/** A longer period reads more counters than a report should: five years. */
export const MAX_PERIOD_DAYS = 1827;

/** A period bound: a whole UTC day (YYYY-MM-DD, or a date-time at 00:00 UTC), as the counters are kept per day. */
function readDay(name: string, value: string | undefined, errors: FieldError[]): Date | undefined {
  const at = readDateTimeParam(name, value, errors);
  if (at && !isWholeDay(at)) {
    errors.push(queryProblem(name, 'wholeDay', 'must be a whole day: a date YYYY-MM-DD, or a date-time at 00:00 UTC'));
    return undefined;
  }
  return at;
}

/** GET /v1/figures?from&to: the figures the caller may see, for handovers first received by their holder on the days in [from, to). */
export async function readFigures(d: FigureDeps, caller: Caller, params: FiguresParams, audit: AuditFn): Promise<FiguresReport> {
  const errors: FieldError[] = [];
  const now = d.clock();
  const to = readDay('to', params.to, errors) ?? new Date(Date.parse(dayOf(now)) + DAY_MS);
  const from = readDay('from', params.from, errors) ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (errors.length === 0 && !(from < to)) errors.push(queryProblem('to', 'dateOrder', 'must be after from'));
  if (errors.length === 0 && to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) errors.push(queryProblem('from', 'maximum', `the period must be at most ${MAX_PERIOD_DAYS} days`));
  if (errors.length > 0) throw invalidRequest(errors);
  await audit({ action: 'figures.read', outcome: 'ok', section: `from:${from.toISOString()};to:${to.toISOString()}` });

  await d.settle();
  // By equality, month by month: the caller's own counters, or everyone's for an auditor.
  const own = caller.role === 'municipality' ? { municipalityCode: caller.municipalityCode! } : caller.role === 'sender' ? { senderOrganisationId: caller.organisationId } : {};
  const counters: FigureCounter[] = (await Promise.all(monthsOfPeriod(from, to).map((month) => d.figures.counters({ month, ...own })))).flat();
  // A municipality's figures in all and per sender; a sender's in all and per municipality.
  const scopes: FigureGroup['scope'][] = caller.role === 'sender' ? ['sender', 'municipality'] : ['municipality', 'sender'];
  return { period: { from: from.toISOString(), to: to.toISOString() }, generatedAt: now.toISOString(), suppressBelow: SUPPRESS_BELOW, groups: figuresOfCounters(counters, scopes, { from: dayOf(from), to: dayOf(to) }, now) };
}
