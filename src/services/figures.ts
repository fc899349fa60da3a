/**
 * GET /v1/figures: whether health information now arrives, per sender and per municipality, for
 * the handovers first received in a period (domain/figures.ts says what is counted and how small
 * counts are suppressed). A municipality sees the handovers addressed to it (in all and per
 * sender), a sender its own (in all and per municipality), an auditor every one. The handovers
 * are found the way their readers find them, by equality on indexed fields one page at a time: a
 * municipality's feed, a sender's list; then each handover's current version, first retrieval,
 * acknowledgement and questions by id. One audit event per request; no personal data leaves.
 */
import { computeFigures, figureFactsOf, type FigureGroup, type HandoverFigureInput } from '../domain/figures.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { readDateTimeParam } from '../domain/pagination.js';
import { questionThread } from '../domain/questions.js';
import { type FieldError, invalidRequest, queryProblem } from '../errors.js';
import type { QuestionRepository } from '../storage/question.repository.js';
import type { AuditFn } from './audit.js';
import type { RecipientDeps } from './recipient-access.js';
import { scanFeed } from './feed-scan.js';

export interface FigureDeps extends Pick<RecipientDeps, 'clock' | 'feedSettleMs' | 'handovers' | 'recipients'> {
  questions: QuestionRepository;
  /** Every municipality code of the standard: the feeds an auditor's figures walk. */
  municipalityCodes: readonly string[];
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
/** The period when none is given: the last year. */
const DEFAULT_PERIOD_DAYS = 365;
/** Handovers whose details are read side by side. */
const READ_CONCURRENCY = 25;

/** GET /v1/figures?from&to: the figures the caller may see, for handovers first received in [from, to). */
export async function readFigures(d: FigureDeps, caller: Caller, params: FiguresParams, audit: AuditFn): Promise<FiguresReport> {
  const errors: FieldError[] = [];
  const now = d.clock();
  const to = readDateTimeParam('to', params.to, errors) ?? now;
  const from = readDateTimeParam('from', params.from, errors) ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (!(from < to)) errors.push(queryProblem('to', 'dateOrder', 'must be after from'));
  if (errors.length > 0) throw invalidRequest(errors);
  await audit({ action: 'figures.read', outcome: 'ok', section: `from:${from.toISOString()};to:${to.toISOString()}` });

  const inPeriod = (at: Date) => from <= at && at < to;
  const handoverIds =
    caller.role === 'sender'
      ? await senderHandovers(d, caller.organisationId)
      : await municipalityHandovers(d, caller.role === 'municipality' ? [caller.municipalityCode!] : d.municipalityCodes, inPeriod);
  const inputs: HandoverFigureInput[] = [];
  for (let i = 0; i < handoverIds.length; i += READ_CONCURRENCY) {
    const batch = await Promise.all(handoverIds.slice(i, i + READ_CONCURRENCY).map((id) => figureInputOf(d, id, now)));
    // Counted for the municipality holding the handover: one it was re-addressed away from is not its own any more.
    for (const input of batch) if (input && inPeriod(input.receivedAt) && (caller.role !== 'municipality' || input.municipalityCode === caller.municipalityCode)) inputs.push(input);
  }
  // A municipality's figures in all and per sender; a sender's in all and per municipality.
  const scopes: FigureGroup['scope'][] = caller.role === 'sender' ? ['sender', 'municipality'] : ['municipality', 'sender'];
  return { period: { from: from.toISOString(), to: to.toISOString() }, generatedAt: now.toISOString(), suppressBelow: 5, groups: computeFigures(inputs, scopes) };
}

/** The handovers whose first version a municipality's feed received in the period. */
async function municipalityHandovers(d: FigureDeps, codes: readonly string[], inPeriod: (at: Date) => boolean): Promise<string[]> {
  const ids: string[] = [];
  for (const municipalityCode of codes) {
    for await (const { entries } of scanFeed(d, municipalityCode, 0, () => 100)) {
      // A first version in the period; or a later one, which may be the first this municipality got (re-addressed to it): the period is checked on that below.
      for (const e of entries) if (e.kind === 'version' && (e.version > 1 || (e.facts && inPeriod(e.facts.receivedAt)))) ids.push(e.handoverId);
    }
  }
  return [...new Set(ids)];
}

/** Every handover a sender has sent (the period is applied to each one's first version). */
async function senderHandovers(d: FigureDeps, organisationId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let position = 0; ; ) {
    const page = await d.handovers.senderList(organisationId, position, 100);
    ids.push(...page.entries.filter((e) => e.valid).map((e) => e.handoverId));
    if (page.end || page.entries.length === 0) break;
    position = page.entries.at(-1)!.seq;
  }
  return ids;
}

/**
 * One handover's facts for the figures, for the municipality holding it (the recipient of its
 * current version): received when the first version addressed to the holder was, retrieved and
 * acknowledged when the holder did so; undefined when it has no current version (withdrawn).
 */
async function figureInputOf(d: FigureDeps, handoverId: string, now: Date): Promise<HandoverFigureInput | undefined> {
  const state = await d.recipients.versionState(handoverId);
  if (!state?.currentVersion) return undefined;
  const all = Array.from({ length: state.latestVersion }, (_, i) => i + 1);
  const [metas, retrievals, acks, events] = await Promise.all([
    Promise.all(all.map((v) => d.handovers.findVersionMeta(handoverId, v))),
    d.recipients.retrievals(handoverId, all),
    d.recipients.acknowledgements(handoverId, all),
    d.questions.events(handoverId),
  ]);
  const current = metas[state.currentVersion - 1];
  const first = metas[0];
  if (!first || !current) return undefined;
  const holder = current.municipalityCode;
  const holders = new Set(all.filter((v) => metas[v - 1]?.municipalityCode === holder));
  const firstToHolder = metas[Math.min(...holders) - 1]!;
  // Versions stored before the figure facts were kept are read once in full.
  const facts = current.figureFacts ?? figureFactsOf((await d.handovers.findVersion(handoverId, state.currentVersion))!.payload as unknown as Handover);
  const earliest = (dates: Date[]) => (dates.length > 0 ? new Date(Math.min(...dates.map((x) => x.getTime()))) : undefined);
  const currentAck = acks.find((a) => a.version === state.currentVersion);
  const firstRetrievedAt = earliest(retrievals.filter((r) => holders.has(r.version)).map((r) => r.at));
  const acknowledgedAt = earliest(acks.filter((a) => holders.has(a.version)).map((a) => a.at));
  return {
    senderOrganisationId: first.senderOrganisationId,
    municipalityCode: holder,
    receivedAt: firstToHolder.receivedAt,
    ...(firstRetrievedAt ? { firstRetrievedAt } : {}),
    ...(acknowledgedAt ? { acknowledgedAt } : {}),
    refused: currentAck !== undefined && (currentAck.outcome ?? 'ok') !== 'ok',
    completenessScore: current.completenessScore,
    persons: facts.persons,
    openQuestionAgesDays: questionThread(events)
      .filter((q) => q.state === 'open')
      .map((q) => Math.floor((now.getTime() - Date.parse(q.askedAt)) / DAY_MS)),
  };
}
