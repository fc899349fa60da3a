/**
 * The figures' shares and counters (domain/figure-counters.ts), written by one writer at a time:
 * the derivation worker holding its lease (services/derivations.ts), one share after another.
 *
 * One writer, because FerretDB 1.24 does not apply concurrent updates of one document whole
 * (funnel.repository.ts says what was measured). Exactly once across crashes: a share is written
 * first (naming the counters it left as stale, and not yet counted), then the counters it touches
 * are updated, then it is marked counted. A counted share is in its counter exactly once, so a
 * refresh takes the stored share out of its counter and puts the new one in (one counter read and
 * written, however many handovers its day holds); a share found not counted is a refresh that
 * stopped part-way, whose counters may or may not hold it: they are recounted from their shares,
 * exact whatever it did. A refresh that finds the share unchanged and counted writes nothing.
 */
import { counterIdOf, counterOf, counterShifted, CounterMismatch, signatureOf, type FigureCounter, type HandoverFigureFact } from '../domain/figure-counters.js';
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
type StoredCounter = FigureCounter & { _id: string } & LegacySamples;

/** A stored share as the fact it counts. */
const factOfStored = ({ _id, bucket: _b, signature: _s, counted: _c, staleBuckets: _st, ...f }: StoredFact): HandoverFigureFact => ({ ...f, handoverId: _id, persons: f.persons ?? [], openQuestionsAskedAt: f.openQuestionsAskedAt ?? [] });

/** A stored counter as the domain's (one stored with ms durations read as its histograms). */
function counterOfStored({ _id, retrievalMs, acknowledgementMs, ...c }: StoredCounter): FigureCounter {
  return {
    ...c,
    ...pairsOrLegacy('retrieval', c.retrievalTenths, c.retrievalCounts, retrievalMs),
    ...pairsOrLegacy('acknowledgement', c.acknowledgementTenths, c.acknowledgementCounts, acknowledgementMs),
    completenessValues: c.completenessValues ?? [],
    completenessCounts: c.completenessCounts ?? [],
    openQuestionsAskedAt: c.openQuestionsAskedAt ?? [],
    notAssessedByReason: c.notAssessedByReason ?? {},
    refused: c.refused ?? 0,
  };
}

export function figureRepository(models: Pick<Models, 'FigureFact' | 'FigureCounter'>) {
  const { FigureFact: Facts, FigureCounter: Counters } = models;
  /** This process's writes one after another: two recounts of one counter never overlap. */
  const serially = oneAtATime();

  /** Replaces a counter by the sum of its shares (deleted when it has none). */
  async function recount(bucket: string): Promise<void> {
    const shares = await Facts.find({ bucket: String(bucket) }).lean<StoredFact[]>();
    await store(bucket, shares.length === 0 ? undefined : counterOf(shares.map(factOfStored)));
  }

  /** Writes a counter (undefined: deleted, it counts nothing). */
  async function store(bucket: string, counter: FigureCounter | undefined): Promise<void> {
    if (counter) await Counters.replaceOne({ _id: String(bucket) }, counter, { upsert: true });
    else await Counters.deleteOne({ _id: String(bucket) });
  }

  /** Takes shares out of a counter and puts shares in (in that order); one that does not hold what is taken out is recounted instead. */
  async function shift(bucket: string, changes: readonly [HandoverFigureFact, 1 | -1][]): Promise<void> {
    const found = await Counters.findById(String(bucket)).lean<StoredCounter>();
    try {
      let counter = found ? counterOfStored(found) : undefined;
      for (const [fact, sign] of changes) counter = counterShifted(counter, fact, sign);
      await store(bucket, counter);
    } catch (err) {
      if (!(err instanceof CounterMismatch)) throw err;
      await recount(bucket);
    }
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
        if (stored && !stored.counted) {
          // A refresh that stopped part-way: what its counters hold of this share is unknown.
          for (const b of [...(bucket === NOWHERE ? [] : [bucket]), ...stale]) await recount(b);
        } else {
          const before = stored && stored.bucket !== NOWHERE ? factOfStored(stored) : undefined;
          if (before && stored!.bucket === bucket) await shift(bucket, [[before, -1], [fact!, 1]]);
          else {
            if (before) await shift(stored!.bucket, [[before, -1]]);
            if (fact) await shift(bucket, [[fact, 1]]);
          }
        }
        if (bucket === NOWHERE) await Facts.deleteOne({ _id: id });
        else await Facts.updateOne({ _id: id }, { $set: { counted: true }, $unset: { staleBuckets: 1 } });
      }),
    /** The counters of a municipality or a sender in a month, or of everyone in a month (an auditor). */
    async counters(filter: { month: string; municipalityCode?: string; senderOrganisationId?: string }): Promise<FigureCounter[]> {
      const query = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)]));
      return (await Counters.find(query).lean<StoredCounter[]>()).map(counterOfStored);
    },
  };
}

export type FigureRepository = ReturnType<typeof figureRepository>;
