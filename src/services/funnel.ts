/**
 * GET /v1/funnel: the funnel of the audit's figure (domain/funnel.ts) per municipality, per sender
 * and per month, read from the counters kept as events happen (funnel-events.ts): a report reads
 * a handful of small documents, whatever is stored. Access as the figures have it: a municipality
 * sees its own (in all and per sender), a sender its own (in all and per municipality), an auditor
 * every one. Small counts suppressed; one audit event per request; no personal data.
 */
import { computeFunnel, monthOf, monthsBetween, type FunnelCounter, type FunnelGroup } from '../domain/funnel.js';
import { SUPPRESS_BELOW } from '../domain/figures.js';
import type { Caller } from '../domain/organisations.js';
import { type FieldError, invalidRequest, queryProblem } from '../errors.js';
import type { AuditFn } from './audit.js';
import type { FunnelFacts } from './ports/figures.js';

export interface FunnelDeps {
  funnel: FunnelFacts;
  clock: () => Date;
  /** Derives the counts of versions stored and read so far (derivations.ts): a report shows every 201 and read before it. */
  settle: () => Promise<void>;
}

export interface FunnelParams {
  from?: string;
  to?: string;
}

export interface FunnelReport {
  /** The months, both included (YYYY-MM). */
  period: { from: string; to: string };
  generatedAt: string;
  /** Counts from 1 to this minus 1 are shown as null ("<5" in CSV). */
  suppressBelow: number;
  groups: FunnelGroup[];
}

/** The period when none is given: this month and the eleven before. */
const DEFAULT_MONTHS = 12;
/** A longer period reads more counters than a report should: five years. */
const MAX_MONTHS = 60;


/** GET /v1/funnel?from=YYYY-MM&to=YYYY-MM: the funnel the caller may see, for persons received in those months. */
export async function readFunnel(d: FunnelDeps, caller: Caller, params: FunnelParams, audit: AuditFn): Promise<FunnelReport> {
  const errors: FieldError[] = [];
  const now = d.clock();
  // Each a month YYYY-MM, as described (the route binder checks it).
  const to = params.to ?? monthOf(now);
  const from = params.from ?? monthsBefore(to, DEFAULT_MONTHS - 1);
  if (errors.length === 0 && from > to) errors.push(queryProblem('to', 'dateOrder', 'must not be before from'));
  const months = errors.length === 0 ? monthsBetween(from, to) : [];
  if (months.length > MAX_MONTHS) errors.push(queryProblem('from', 'maximum', `the period must be at most ${MAX_MONTHS} months`));
  if (errors.length > 0) throw invalidRequest(errors);
  await audit({ action: 'funnel.read', outcome: 'ok', section: `from:${from};to:${to}` });

  await d.settle();
  // One query by equality: the caller's own counters, or for an auditor those of each month.
  const counters: FunnelCounter[] =
    caller.role === 'municipality'
      ? await d.funnel.counters({ municipalityCode: caller.municipalityCode! })
      : caller.role === 'sender'
        ? await d.funnel.counters({ senderOrganisationId: caller.organisationId })
        : (await Promise.all(months.map((month) => d.funnel.counters({ month })))).flat();
  const scopes: FunnelGroup['scope'][] = caller.role === 'sender' ? ['sender', 'municipality'] : ['municipality', 'sender'];
  return { period: { from, to }, generatedAt: now.toISOString(), suppressBelow: SUPPRESS_BELOW, groups: computeFunnel(counters, scopes, months) };
}

function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
