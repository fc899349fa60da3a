/**
 * The figures' shares and counters (domain/figure-counters.ts), written by one writer at a time:
 * the derivation worker holding its lease (services/derivations.ts), one share after another.
 *
 * One writer, because FerretDB 1.24 does not apply concurrent updates of one document whole
 * (funnel.repository.ts says what was measured). A counter is not incremented: it is recounted
 * from the shares of its day, municipality and sender (a handful) and replaced, so doing it again
 * gives the same counter. Exactly once across crashes: a share is written first (naming the
 * counters it left as stale, and not yet counted), then every counter it touches is recounted,
 * then it is marked counted; a refresh that stopped part-way is finished by the next one, and a
 * refresh that finds the share unchanged and counted writes nothing.
 */
import { counterIdOf, counterOf, signatureOf, type FigureCounter, type HandoverFigureFact } from '../domain/figure-counters.js';
import { tenthsOfHourOfMs } from '../domain/figures.js';
import { histogramOf, histogramPairs } from '../domain/histogram.js';
import type { Models } from './models.js';
import { oneAtATime } from './one-writer.js';

/** The bucket of a handover with no share (every version withdrawn): counted nowhere, deleted once its old counter is recounted. */
const NOWHERE = '-';

/** A counter written before the durations were kept as histograms held every duration in ms; read as a histogram until it is next recounted. */
type LegacySamples = { retrievalMs?: number[]; acknowledgementMs?: number[] };

function pairsOrLegacy<K extends 'retrieval' | 'acknowledgement'>(kind: K, tenths: number[] | undefined, counts: number[] | undefined, legacyMs: number[] | undefined) {
  const pairs = tenths ? { values: tenths, counts: counts ?? [] } : histogramPairs(histogramOf((legacyMs ?? []).map(tenthsOfHourOfMs)));
  return { [`${kind}Tenths`]: pairs.values, [`${kind}Counts`]: pairs.counts } as Record<`${K}Tenths` | `${K}Counts`, number[]>;
}

type StoredFact = Omit<HandoverFigureFact, 'handoverId'> & { _id: string; bucket: string; signature: string; counted: boolean; staleBuckets?: string[] };

export function figureRepository(models: Pick<Models, 'FigureFact' | 'FigureCounter'>) {
  const { FigureFact: Facts, FigureCounter: Counters } = models;
  /** This process's writes one after another: two recounts of one counter never overlap. */
  const serially = oneAtATime();

  /** Replaces a counter by the sum of its shares (deleted when it has none). */
  async function recount(bucket: string): Promise<void> {
    const shares = await Facts.find({ bucket: String(bucket) }).lean<StoredFact[]>();
    if (shares.length === 0) {
      await Counters.deleteOne({ _id: String(bucket) });
      return;
    }
    const counter = counterOf(shares.map(({ _id, bucket: _b, signature: _s, counted: _c, staleBuckets: _st, ...f }) => ({ ...f, handoverId: _id, persons: f.persons ?? [], openQuestionsAskedAt: f.openQuestionsAskedAt ?? [] })));
    await Counters.replaceOne({ _id: String(bucket) }, counter, { upsert: true });
  }

  return {
    /**
     * Sets a handover's share (undefined: it has none any more) and recounts the counters it left
     * and joined. The same share again, counted, writes nothing.
     */
    put: (handoverId: string, fact: HandoverFigureFact | undefined): Promise<void> =>
      serially(async () => {
        const id = String(handoverId);
        const stored = await Facts.findById(id).lean<StoredFact>();
        const bucket = fact ? counterIdOf(fact) : NOWHERE;
        const signature = fact ? signatureOf(fact) : NOWHERE;
        if (!stored && !fact) return;
        if (stored && stored.counted && stored.signature === signature && stored.bucket === bucket) return;
        const stale = [...new Set([...(stored?.staleBuckets ?? []), ...(stored && stored.bucket !== bucket && stored.bucket !== NOWHERE ? [stored.bucket] : [])])];
        const { handoverId: _h, ...share } = fact ?? ({} as Partial<HandoverFigureFact>);
        await Facts.replaceOne({ _id: id }, { ...share, bucket, signature, counted: false, ...(stale.length > 0 ? { staleBuckets: stale } : {}) }, { upsert: true });
        for (const b of [...(bucket === NOWHERE ? [] : [bucket]), ...stale]) await recount(b);
        if (bucket === NOWHERE) await Facts.deleteOne({ _id: id });
        else await Facts.updateOne({ _id: id }, { $set: { counted: true }, $unset: { staleBuckets: 1 } });
      }),
    /** The counters of a municipality or a sender in a month, or of everyone in a month (an auditor). */
    async counters(filter: { month: string; municipalityCode?: string; senderOrganisationId?: string }): Promise<FigureCounter[]> {
      const query = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)]));
      const found = await Counters.find(query).lean<(FigureCounter & { _id: string } & LegacySamples)[]>();
      return found.map(({ _id, retrievalMs, acknowledgementMs, ...c }) => ({
        ...c,
        ...pairsOrLegacy('retrieval', c.retrievalTenths, c.retrievalCounts, retrievalMs),
        ...pairsOrLegacy('acknowledgement', c.acknowledgementTenths, c.acknowledgementCounts, acknowledgementMs),
        completenessValues: c.completenessValues ?? [],
        completenessCounts: c.completenessCounts ?? [],
        openQuestionsAskedAt: c.openQuestionsAskedAt ?? [],
        notAssessedByReason: c.notAssessedByReason ?? {},
        refused: c.refused ?? 0,
      }));
    },
  };
}

export type FigureRepository = ReturnType<typeof figureRepository>;
