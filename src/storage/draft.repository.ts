/** A sender's drafts: by id within the organisation, or the organisation's list (equality on organisationId). */
import mongoose from 'mongoose';
import { DuplicateError } from '../domain/write-outcomes.js';
import { isDuplicateKey, type Models } from './models.js';
import type { DraftRecord } from '../services/ports/drafts.js';

type DraftDoc = Omit<DraftRecord, 'draftId'> & { _id: string };
const toRecord = ({ _id, ...rest }: DraftDoc): DraftRecord => ({ draftId: _id, ...rest, persons: rest.persons ?? [] });

export function draftRepository(models: Models) {
  const { Draft } = models;
  return {
    /** Writes the draft; another organisation's draft of the same id is refused (DuplicateError), never overwritten. */
    async save(d: DraftRecord): Promise<void> {
      const { draftId, ...rest } = d;
      try {
        await Draft.replaceOne({ _id: String(draftId), organisationId: String(d.organisationId) }, { _id: draftId, ...rest }, { upsert: true });
      } catch (err) {
        if (isDuplicateKey(err)) throw new DuplicateError('drafts');
        throw err;
      }
    },
    async find(draftId: string, organisationId: string): Promise<DraftRecord | undefined> {
      const d = await Draft.findById(String(draftId)).lean<DraftDoc>();
      return d && d.organisationId === organisationId ? toRecord(d) : undefined;
    },
    async listOf(organisationId: string): Promise<DraftRecord[]> {
      const docs = await Draft.find({ organisationId: String(organisationId) }, { document: 0 }).lean<DraftDoc[]>();
      return docs.map((d) => toRecord({ ...d, document: '' }));
    },
    async remove(draftId: string, organisationId: string): Promise<boolean> {
      return (await Draft.deleteOne({ _id: String(draftId), organisationId: String(organisationId) })).deletedCount === 1;
    },
    /** The retention job: drafts past their expiry (a background scan of a small collection). */
    async removeExpired(now: Date): Promise<number> {
      return (await Draft.deleteMany({ expiresAt: mongoose.trusted({ $lt: now }) })).deletedCount;
    },
  };
}

export type DraftRepository = ReturnType<typeof draftRepository>;
