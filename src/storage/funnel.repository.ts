/**
 * The funnel's facts and counters (domain/funnel.ts), written by one writer at a time: the
 * derivation worker holding its lease (services/derivations.ts), one note after another.
 *
 * One writer, because FerretDB 1.24 on PostgreSQL does not apply concurrent updates of one
 * document atomically: it reads the document, applies the operators itself and writes the whole
 * document back, so of 50 concurrent `$inc`s of one counter 2 remained (measured: fifty at once on
 * one document gave n = 2; 19 of 20 concurrent upserts of one new id failed on the key).
 *
 * Exactly once across crashes: every write names the note it derives (`note`). A fact inserted
 * by the note being derived again is the note's own (counted again, not skipped as a duplicate);
 * a fact taken back is first marked with the note and deleted after its counts are; and a counter
 * remembers the facts each note still being derived applied to it, in the same write as the
 * counts, so deriving a note again (after a crash between a counter's update and the note's
 * deletion) adds each fact once, even when other notes changed the counter in between (a pass
 * derives notes by kind, not only in order). What finished notes applied is dropped.
 */
import { COUNTER_FIELDS, type FunnelCounter } from '../domain/funnel.js';
import { isDuplicateKey, type Models } from './models.js';
import { oneAtATime } from './one-writer.js';
import type { FunnelFact } from '../services/ports/figures.js';

const counterId = (f: Pick<FunnelFact, 'municipalityCode' | 'senderOrganisationId' | 'month'>) => `${f.municipalityCode}|${f.senderOrganisationId}|${f.month}`;

type StoredFact = Omit<FunnelFact, 'id'> & { _id: string; retractedBy?: string };

export function funnelRepository(models: Models) {
  const { FunnelFact: Facts, FunnelCounter: Counters, Derivation: Notes } = models;
  /** The counters' updates of this process one after another, whatever derives in parallel (the lease keeps other processes out). */
  const serially = oneAtATime();

  /**
   * Adds `sign` to each counter field the facts counted: per counter document, the facts this
   * note already applied to it (a derivation repeated after a crash) are left out.
   */
  const count = (facts: readonly FunnelFact[], sign: 1 | -1, note: string): Promise<void> => serially(() => countNow(facts, sign, note));

  /** Which of these notes are still stored, that is not yet derived to the end. */
  async function stillPending(notes: readonly string[]): Promise<string[]> {
    // Each by its _id (usually one: the note that last updated the counter). FerretDB 1.24 does not
    // push `$in` down to PostgreSQL: one query for all of them read every pending note, the whole
    // backlog under load (pg_stat_statements: 256 rows a call during the submit bench).
    const found = await Promise.all(notes.map(async (id) => ((await Notes.exists({ _id: String(id) })) ? String(id) : undefined)));
    return found.filter((id): id is string => id !== undefined);
  }

  async function countNow(facts: readonly FunnelFact[], sign: 1 | -1, note: string): Promise<void> {
    const byCounter = new Map<string, { key: FunnelFact; facts: FunnelFact[] }>();
    for (const f of facts) {
      const entry = byCounter.get(counterId(f)) ?? { key: f, facts: [] };
      entry.facts.push(f);
      byCounter.set(counterId(f), entry);
    }
    // One after another: the one writer's updates of a counter never overlap.
    for (const [id, { key, facts: own }] of byCounter) {
      const stored = await Counters.findById(id, { appliedFacts: 1, appliedBy: 1 }).lean<{ appliedFacts?: string[]; appliedBy?: string[] }>();
      const earlier = (stored?.appliedFacts ?? []).map((fact, i) => ({ fact, by: stored!.appliedBy![i]! }));
      const fresh = own.filter((f) => !earlier.some((e) => e.by === note && e.fact === `${sign}${f.id}`));
      if (fresh.length === 0) continue;
      const inc: Record<string, number> = {};
      for (const f of fresh) for (const field of f.counted) inc[field] = (inc[field] ?? 0) + sign;
      // Kept: what this note and notes still pending applied; a finished note is never derived again.
      const keep = new Set([note, ...(await stillPending([...new Set(earlier.map((e) => e.by))].filter((by) => by !== note)))]);
      const applied = [...earlier.filter((e) => keep.has(e.by)), ...fresh.map((f) => ({ fact: `${sign}${f.id}`, by: note }))];
      await Counters.updateOne(
        { _id: id },
        { $inc: inc, $set: { municipalityCode: key.municipalityCode, senderOrganisationId: key.senderOrganisationId, month: key.month, appliedFacts: applied.map((a) => a.fact), appliedBy: applied.map((a) => a.by) } },
        { upsert: true },
      );
    }
  }

  return {
    /** Every fact of a handover (a few per person), but those being taken back. */
    async factsOf(handoverId: string): Promise<FunnelFact[]> {
      const found = await Facts.find({ handoverId: String(handoverId) }).lean<StoredFact[]>();
      return found.filter((f) => !f.retractedBy).map(({ _id, retractedBy: _r, ...f }) => ({ ...f, id: _id, cohorts: f.cohorts ?? [], counted: f.counted ?? [] }));
    },
    /** Inserts the facts not there yet and counts those (and, derived again, the note's own from before). Returns the ones counted. */
    async reach(facts: readonly FunnelFact[], note: string): Promise<FunnelFact[]> {
      const inserted: FunnelFact[] = [];
      for (const f of facts) {
        const { id, note: _before, ...rest } = f;
        try {
          await Facts.create({ _id: id, ...rest, note });
          inserted.push(f);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          // Inserted by this very note before a crash: still this note's to count (the counter knows if it was).
          const existing = await Facts.findById(id, { note: 1 }).lean<{ note?: string }>();
          if (existing?.note === note) inserted.push(f);
        }
      }
      await count(inserted, 1, note);
      return inserted;
    },
    /** Takes the facts back: marked, their counts taken back (once), then deleted. */
    async retract(facts: readonly FunnelFact[], note: string): Promise<void> {
      const marked: FunnelFact[] = [];
      for (const f of facts) if ((await Facts.updateOne({ _id: f.id }, { $set: { retractedBy: note } })).matchedCount === 1) marked.push(f);
      await count(marked, -1, note);
      for (const f of marked) await Facts.deleteOne({ _id: f.id });
    },
    /** The facts a note marked to take back and did not delete yet (its derivation stopped part-way): for the note derived again. */
    async retracting(handoverId: string, note: string): Promise<FunnelFact[]> {
      const found = await Facts.find({ handoverId: String(handoverId) }).lean<StoredFact[]>();
      return found.filter((f) => f.retractedBy === note).map(({ _id, retractedBy: _r, ...f }) => ({ ...f, id: _id, cohorts: f.cohorts ?? [], counted: f.counted ?? [] }));
    },
    /** Adds cohorts to a person's anchor fact (a later version recorded a new finding). */
    async addCohorts(factId: string, cohorts: readonly string[]): Promise<void> {
      await Facts.updateOne({ _id: String(factId) }, { $addToSet: { cohorts: { $each: [...cohorts] } } });
    },
    /** The counters of one municipality, of one sender, or of one month. */
    async counters(filter: { municipalityCode: string } | { senderOrganisationId: string } | { month: string }): Promise<FunnelCounter[]> {
      const query = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)]));
      const found = await Counters.find(query, { lastNote: 0, lastFacts: 0 }).lean<Record<string, unknown>[]>();
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
