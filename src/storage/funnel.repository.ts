/**
 * The funnel's facts and counters (domain/funnel.ts). A fact is inserted once by _id and only its
 * first insert adds to the counters; a fact is deleted once and only that delete takes its counts
 * back: so a retried or concurrent event changes the counts once. Counters are $inc on top-level
 * fields of one document per municipality, sender and month, found by equality.
 */
import { COUNTER_FIELDS, type FunnelCounter } from '../domain/funnel.js';
import { isDuplicateKey, type Models } from './models.js';

export interface FunnelFact {
  id: string;
  handoverId: string;
  personRef: string;
  municipalityCode: string;
  senderOrganisationId: string;
  month: string;
  stage: string;
  via: 'holder' | 'transfer';
  cohorts: string[];
  arrivalOn?: string;
  /** The counter fields this fact added 1 to. */
  counted: string[];
  at: Date;
}

const counterId = (f: Pick<FunnelFact, 'municipalityCode' | 'senderOrganisationId' | 'month'>) => `${f.municipalityCode}|${f.senderOrganisationId}|${f.month}`;

export function funnelRepository(models: Models) {
  const { FunnelFact: Facts, FunnelCounter: Counters } = models;

  /** Adds `sign` to each counter field the facts counted, one $inc per counter document. */
  async function count(facts: readonly FunnelFact[], sign: 1 | -1): Promise<void> {
    const byCounter = new Map<string, { key: FunnelFact; inc: Record<string, number> }>();
    for (const f of facts) {
      const entry = byCounter.get(counterId(f)) ?? { key: f, inc: {} };
      for (const field of f.counted) entry.inc[field] = (entry.inc[field] ?? 0) + sign;
      byCounter.set(counterId(f), entry);
    }
    await Promise.all(
      [...byCounter].map(async ([id, { key, inc }]) => {
        const update = { $inc: inc, $set: { municipalityCode: key.municipalityCode, senderOrganisationId: key.senderOrganisationId, month: key.month } };
        try {
          await Counters.updateOne({ _id: id }, update, { upsert: true });
        } catch (err) {
          // Two first upserts of one counter at once: the loser's insert collides; the document exists now.
          if (!isDuplicateKey(err)) throw err;
          await Counters.updateOne({ _id: id }, update, { upsert: true });
        }
      }),
    );
  }

  return {
    /** Every fact of a handover (a few per person). */
    async factsOf(handoverId: string): Promise<FunnelFact[]> {
      const found = await Facts.find({ handoverId: String(handoverId) }).lean<(Omit<FunnelFact, 'id'> & { _id: string })[]>();
      return found.map(({ _id, ...f }) => ({ ...f, id: _id, cohorts: f.cohorts ?? [], counted: f.counted ?? [] }));
    },
    /** Inserts the facts not there yet and counts those (and only those). Returns the ones inserted. */
    async reach(facts: readonly FunnelFact[]): Promise<FunnelFact[]> {
      const inserted = (
        await Promise.all(
          facts.map(async (f) => {
            const { id, ...rest } = f;
            try {
              await Facts.create({ _id: id, ...rest });
              return f;
            } catch (err) {
              if (isDuplicateKey(err)) return undefined;
              throw err;
            }
          }),
        )
      ).filter((f): f is FunnelFact => f !== undefined);
      await count(inserted, 1);
      return inserted;
    },
    /** Deletes the facts still there and takes back what those (and only those) counted. */
    async retract(facts: readonly FunnelFact[]): Promise<void> {
      const deleted = (await Promise.all(facts.map(async (f) => ((await Facts.deleteOne({ _id: f.id })).deletedCount === 1 ? f : undefined)))).filter((f): f is FunnelFact => f !== undefined);
      await count(deleted, -1);
    },
    /** Adds cohorts to a person's anchor fact (a later version recorded a new finding). */
    async addCohorts(factId: string, cohorts: readonly string[]): Promise<void> {
      await Facts.updateOne({ _id: String(factId) }, { $addToSet: { cohorts: { $each: [...cohorts] } } });
    },
    /** The counters of one municipality, of one sender, or of one month. */
    async counters(filter: { municipalityCode: string } | { senderOrganisationId: string } | { month: string }): Promise<FunnelCounter[]> {
      const query = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)]));
      const found = await Counters.find(query).lean<Record<string, unknown>[]>();
      return found.map((d) => ({
        municipalityCode: d.municipalityCode as string,
        senderOrganisationId: d.senderOrganisationId as string,
        month: d.month as string,
        counts: Object.fromEntries(COUNTER_FIELDS.map((f) => [f, typeof d[f] === 'number' ? (d[f] as number) : 0])),
      }));
    },
  };
}

export type FunnelRepository = ReturnType<typeof funnelRepository>;
