/**
 * Keeping the figures' counters as events happen (domain/figure-counters.ts): the derivation
 * worker (derivations.ts) refreshes a handover's share after each event that can change it (a
 * version stored or withdrawn, a first retrieval, an acknowledgement, a question asked, answered
 * or closed), reading the handover as the figures count it, for the municipality holding it.
 * A refresh reads what is stored now, so doing it again, or after a later event, gives the same.
 */
import type { HandoverFigureFact } from '../domain/figure-counters.js';
import { figureFactsOf } from '../domain/figures.js';
import type { Handover } from '../domain/handover-types.js';
import { questionThread } from '../domain/questions.js';
import type { FigureCounters } from './ports/figures.js';
import type { Handovers } from './ports/handovers.js';
import type { Questions } from './ports/questions.js';
import type { Acknowledgements, Retrievals, VersionStates } from './ports/recipients.js';

export interface FigureFactDeps {
  handovers: Pick<Handovers, 'findVersionMeta' | 'findVersion'>;
  recipients: VersionStates & Pick<Retrievals, 'retrievals'> & Pick<Acknowledgements, 'acknowledgements'>;
  questions: Pick<Questions, 'events'>;
  figures: Pick<FigureCounters, 'put'>;
}

/**
 * One handover's share of the figures, for the municipality holding it (the recipient of its
 * current version): received when the first version addressed to the holder was, retrieved and
 * acknowledged when the holder first did so; undefined when it has no current version (withdrawn).
 */
export async function figureFactOf(d: FigureFactDeps, handoverId: string): Promise<HandoverFigureFact | undefined> {
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
    handoverId,
    senderOrganisationId: first.senderOrganisationId,
    municipalityCode: holder,
    receivedAt: firstToHolder.receivedAt,
    ...(firstRetrievedAt ? { firstRetrievedAt } : {}),
    ...(acknowledgedAt ? { acknowledgedAt } : {}),
    refused: currentAck !== undefined && (currentAck.outcome ?? 'ok') !== 'ok',
    completenessScore: current.completenessScore,
    persons: facts.persons.map((p) => ({ mentalHealth: p.mentalHealth, ...(p.notAssessedReason ? { notAssessedReason: p.notAssessedReason } : {}) })),
    openQuestionsAskedAt: questionThread(events)
      .filter((q) => q.state === 'open')
      .map((q) => new Date(q.askedAt)),
  };
}

/** What the derivation worker calls for a handover whose share may have changed. */
export function figureDerivation(d: FigureFactDeps): { refresh(handoverId: string): Promise<void> } {
  return { refresh: async (handoverId) => d.figures.put(handoverId, await figureFactOf(d, handoverId)) };
}
