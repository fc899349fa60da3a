/**
 * Keeping each handover's read model (issue 33.4: one read per fetch): what fetching it needs —
 * the version read by default with its signed bytes, which versions are current and withdrawn, who
 * holds it, its consent changes, its first retrievals and whom the funnel counts as having
 * retrieved whom — in one document found by the handover's id and the caller together
 * (storage/handover-read.repository.ts). A submission stores version 1's with it; after that the
 * derivation worker (derivations.ts) rebuilds it from the stored records after deriving the
 * handover's notes or when a request noted a change in its journal; rebuilt again, it is the same.
 */
import type { FunnelFacts } from './ports/figures.js';
import type { HandoverReadFacts, HandoverReadStore } from './ports/handover-reads.js';
import type { Handovers } from './ports/handovers.js';
import type { ConsentChanges, Retrievals, VersionStates } from './ports/recipients.js';

export interface ReadModelDeps {
  handovers: Pick<Handovers, 'findVersion'>;
  recipients: VersionStates & Pick<ConsentChanges, 'consentChanges'> & Pick<Retrievals, 'retrievals'>;
  funnel: Pick<FunnelFacts, 'factsOf'>;
  reads: HandoverReadStore;
  clock: () => Date;
  /** A journal entry older than this whose change is still not stored stands for a request that failed. */
  abandonedAfterMs: number;
}

/** What the read model shows, read from the stored records (undefined: nothing readable, e.g. deleted under its retention rule). */
export async function readModelFacts(d: Omit<ReadModelDeps, 'reads' | 'clock' | 'abandonedAfterMs'>, handoverId: string): Promise<HandoverReadFacts | undefined> {
  const state = await d.recipients.versionState(handoverId);
  if (!state) return undefined;
  const versions = Array.from({ length: state.latestVersion }, (_, i) => i + 1);
  const [current, consentChanges, retrievals, facts] = await Promise.all([
    d.handovers.findVersion(handoverId, state.currentVersion ?? state.latestVersion),
    d.recipients.consentChanges(handoverId),
    d.recipients.retrievals(handoverId, versions),
    d.funnel.factsOf(handoverId),
  ]);
  if (!current) return undefined;
  return {
    state,
    current,
    consentChanges,
    retrieved: retrievals.map((r) => r.version),
    funnelRetrieved: facts.filter((f) => f.stage === 'retrieved').map((f) => `${f.municipalityCode}|${f.personRef}`),
  };
}

/** Rebuilds the read model of each handover from what is stored now; one that fails (rejected with its error) keeps the others from nothing. */
export async function rebuildReadModels(d: ReadModelDeps, handoverIds: Iterable<string>): Promise<void> {
  const now = d.clock();
  let failed: unknown;
  for (const id of handoverIds) {
    try {
      await d.reads.rebuild(id, () => readModelFacts(d, id), now, new Date(now.getTime() - d.abandonedAfterMs));
    } catch (err) {
      failed ??= err;
    }
  }
  if (failed) throw failed;
}
