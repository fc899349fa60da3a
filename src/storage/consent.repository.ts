/** Consent changes recorded after a handover was received, tagged with the feed buckets of its versions for the feed's pages. */
import type { ConsentChange } from '../domain/consent.js';
import { feedBucketOf } from './feed-log.js';
import type { Models } from './models.js';

export function consentRepository(models: Models) {
  const { ConsentChange: Consent } = models;
  return {
    /** Records a consent change, tagged with the feed buckets of the handover's version entries (for the feed's pages). */
    async addConsentChange(c: ConsentChange, versionEntries: readonly { municipalityCode: string; feedSeq: number }[]): Promise<void> {
      await Consent.create({ ...c, buckets: [...new Set(versionEntries.map((v) => feedBucketOf(v.municipalityCode, v.feedSeq)))] });
    },
    async consentChanges(handoverId: string): Promise<ConsentChange[]> {
      const docs = await Consent.find({ handoverId: String(handoverId) }).lean<(ConsentChange & { _id: unknown; buckets?: string[] })[]>();
      // Sorted here: FerretDB would sort in memory anyway, and a handover has few changes.
      return docs.map(({ _id, buckets: _b, ...c }) => c as ConsentChange).sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
    },
  };
}
