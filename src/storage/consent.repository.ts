/** Consent changes recorded after a handover was received, tagged with the feed buckets of its versions for the feed's pages. */
import type { ConsentChange } from '../domain/consent.js';
import mongoose from 'mongoose';
import { feedBucketOf } from './feed-log.js';
import { noteReadChange } from './handover-read.repository.js';
import type { Models } from './models.js';

export function consentRepository(models: Models) {
  const { ConsentChange: Consent } = models;
  return {
    /** Records a consent change, tagged with the feed buckets of the handover's version entries (for the feed's pages). */
    async addConsentChange(c: ConsentChange, versionEntries: readonly { municipalityCode: string; feedSeq: number }[]): Promise<void> {
      const _id = new mongoose.Types.ObjectId();
      // Noted in the read model's journal first: until it shows the change, a fetch reads the stored records (handover-read.repository.ts).
      await noteReadChange(models, c.handoverId, `c${_id.toHexString()}`, c.recordedAt);
      await Consent.create({ _id, ...c, buckets: [...new Set(versionEntries.map((v) => feedBucketOf(v.municipalityCode, v.feedSeq)))] });
    },
    async consentChanges(handoverId: string): Promise<ConsentChange[]> {
      const docs = await Consent.find({ handoverId: String(handoverId) }).lean<(ConsentChange & { _id: unknown; buckets?: string[] })[]>();
      // Sorted here: FerretDB would sort in memory anyway, and a handover has few changes.
      return docs.map(({ _id, buckets: _b, ...c }) => c as ConsentChange).sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
    },
  };
}
