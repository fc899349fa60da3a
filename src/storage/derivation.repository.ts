/**
 * Notes of what is still to be derived from stored records (services/derivations.ts). A request
 * writes its note with what it stores (a version's note before the version document, so no stored
 * version is ever without one); the worker reads the notes, derives, and deletes each note after
 * everything it stands for is written: a crash in between derives it again, never loses it. A
 * note is one insert by a deterministic _id: the one kind of write FerretDB keeps whole under
 * concurrency (funnel.repository.ts says what it does not).
 */
import mongoose from 'mongoose';
import type { Models } from './models.js';
import { onlyDuplicateKeys } from './models.js';
import type { DerivationNote, GpFunnelEvent } from '../services/ports/derivations.js';

const KIND_ORDER: Record<DerivationNote['kind'], number> = { version: 0, transfer: 1, retrieval: 2, gp: 3, figures: 4 };

/** The notes a pass takes at most: what one pass derives before it looks again. */
const PASS_SIZE = 200;

/** Unique per call (a database ObjectId: no clock or randomness of our own needed). */
const uniqueSuffix = () => new mongoose.Types.ObjectId().toHexString();

/** Inserted once: a note already there (a retry's, a twin's, a second read's) is the same note. */
async function insertNote(models: Pick<Models, 'Derivation'>, doc: Record<string, unknown>): Promise<void> {
  try {
    await models.Derivation.insertMany([doc], { ordered: false });
  } catch (err) {
    if (!onlyDuplicateKeys(err)) throw err;
  }
}

/**
 * Something the figures count of a handover changed (a first retrieval, an acknowledgement, a
 * question asked, answered or closed, a withdrawal): written by the repository that stores it,
 * right before, so a stop between the two leaves a note and never a change the figures miss; the
 * worker refreshes the share from what is stored (services/figure-facts.ts), so a note whose
 * change never got stored changes nothing.
 */
export async function noteFigures(models: Pick<Models, 'Derivation'>, handoverId: string, at: Date): Promise<void> {
  await insertNote(models, { _id: `f:${String(handoverId)}:${uniqueSuffix()}`, kind: 'figures', handoverId: String(handoverId), at });
}

export function derivationRepository(models: Pick<Models, 'Derivation'>) {
  const { Derivation } = models;
  const note = (doc: Record<string, unknown>) => insertNote(models, doc);
  return {
    async noteVersion(handoverId: string, version: number, at: Date): Promise<void> {
      await note({ _id: `v:${String(handoverId)}:${Number(version)}`, kind: 'version', handoverId: String(handoverId), version: Number(version), at });
    },
    /**
     * A read of these persons: a note of its own. (Named only by handover, municipality and persons,
     * a second read after the first was derived wrote the same note again, and the fact the first
     * inserted looked like this note's own from before a crash: the read was counted twice.)
     */
    async noteRetrieval(handoverId: string, municipalityCode: string, personRefs: readonly string[], at: Date): Promise<void> {
      const refs = [...personRefs].map(String).sort();
      await note({ _id: `r:${String(handoverId)}:${String(municipalityCode)}:${refs.join(',')}:${uniqueSuffix()}`, kind: 'retrieval', handoverId: String(handoverId), municipalityCode: String(municipalityCode), personRefs: refs, at });
    },
    async noteGp(event: GpFunnelEvent, handoverId: string, personRef: string, municipalityCode: string, at: Date): Promise<void> {
      // A note of its own per event, as a read's (a repeated GP read once counted twice).
      await note({ _id: `g:${event}:${String(handoverId)}:${String(personRef)}:${String(municipalityCode)}:${uniqueSuffix()}`, kind: 'gp', event, handoverId: String(handoverId), municipalityCode: String(municipalityCode), personRefs: [String(personRef)], at });
    },
    async noteTransfer(handoverId: string, transferId: string, at: Date): Promise<void> {
      await note({ _id: `t:${String(transferId)}`, kind: 'transfer', handoverId: String(handoverId), transferId: String(transferId), at });
    },
    /** The notes not derived yet, oldest first (at most a pass's worth). */
    async pending(): Promise<DerivationNote[]> {
      const found = await Derivation.find({}).limit(PASS_SIZE).lean<(Omit<DerivationNote, 'id'> & { _id: string })[]>();
      // At one instant, what moves persons before what advances them (a record handed on and read by its new municipality at once).
      return found.map(({ _id, ...n }) => ({ ...n, id: _id }) as DerivationNote).sort((a, b) => a.at.getTime() - b.at.getTime() || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id));
    },
    async done(id: string): Promise<void> {
      await Derivation.deleteOne({ _id: String(id) });
    },
  };
}

export type DerivationRepository = ReturnType<typeof derivationRepository>;
