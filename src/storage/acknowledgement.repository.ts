/** What the municipality did with a version: its first retrieval and its acknowledgement (each once, by _id). */
import type { IssuedReceipt } from '../domain/handover-record.js';
import { noteFigures } from './derivation.repository.js';
import { feedBucketOf } from './feed-log.js';
import { isDuplicateKey, type Models } from './models.js';
import { stripId } from './strip-id.js';
import type { AcknowledgementRecord } from '../services/ports/recipients.js';

export function acknowledgementRepository(models: Models) {
  const { Retrieval, Acknowledgement } = models;
  return {
    /** The first retrieval of a version by its municipality; later ones change nothing. */
    async recordRetrieval(handoverId: string, version: number, organisationId: string, at: Date, person?: { id: string; name: string }): Promise<void> {
      const id = `${String(handoverId)}:${Number(version)}`;
      // The figures time the first retrieval (services/figure-facts.ts): noted before it is stored, as an
      // acknowledgement. Asked only where the handover's read model does not show it yet
      // (services/municipality-read.ts); a read that finds it stored after all noted once more, which
      // the worker derives to the same share and writes nothing.
      await noteFigures(models, handoverId, at);
      try {
        await Retrieval.create({ _id: id, handoverId, version, organisationId, at, ...(person ? { personId: person.id, personName: person.name } : {}) });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    /** The first retrieval of each given version (probed by _id). */
    async retrievals(handoverId: string, versions: readonly number[]): Promise<{ version: number; organisationId: string; at: Date; person?: { id: string; name: string } }[]> {
      const out: { version: number; organisationId: string; at: Date; person?: { id: string; name: string } }[] = [];
      for (const v of versions) {
        const r = await Retrieval.findById(`${String(handoverId)}:${Number(v)}`).lean<{ version: number; organisationId: string; at: Date; personId?: string; personName?: string }>();
        if (r) out.push({ version: r.version, organisationId: r.organisationId, at: r.at, ...(r.personId ? { person: { id: r.personId, name: r.personName ?? '' } } : {}) });
      }
      return out;
    },

    /** Inserts once; returns the stored acknowledgement (the earlier one if it exists). */
    async acknowledge(a: AcknowledgementRecord): Promise<{ created: boolean; acknowledgement: AcknowledgementRecord }> {
      // The figures time the acknowledgement: noted first, so a stop between the two leaves a note
      // (derived from what is stored, it changes nothing if the acknowledgement never was), never an
      // acknowledgement the figures miss. A repeated one notes once more, as harmlessly.
      await noteFigures(models, a.handoverId, a.at);
      try {
        const { versionFeedSeq, ...rest } = a;
        await Acknowledgement.create({ _id: `${a.handoverId}:${a.version}`, ...rest, bucket: feedBucketOf(a.municipalityCode, versionFeedSeq) });
        return { created: true, acknowledgement: a };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await Acknowledgement.findById(`${a.handoverId}:${a.version}`).lean<AcknowledgementRecord & { _id: string; bucket?: string }>();
        const { bucket: _b, ...stored } = stripId(existing!);
        return { created: false, acknowledgement: stored as AcknowledgementRecord };
      }
    },
    /** The acknowledgement of each given version that has one (probed by _id). */
    async acknowledgements(handoverId: string, versions: readonly number[]): Promise<AcknowledgementRecord[]> {
      const out: AcknowledgementRecord[] = [];
      for (const v of versions) {
        const a = await Acknowledgement.findById(`${String(handoverId)}:${Number(v)}`).lean<AcknowledgementRecord & { _id: string; bucket?: string }>();
        if (a) {
          const { bucket: _b, ...stored } = stripId(a);
          out.push(stored as AcknowledgementRecord);
        }
      }
      return out;
    },
    async acknowledgement(handoverId: string, version: number): Promise<AcknowledgementRecord | undefined> {
      const a = await Acknowledgement.findById(`${String(handoverId)}:${Number(version)}`).lean<AcknowledgementRecord & { _id: string; bucket?: string }>();
      if (!a) return undefined;
      const { bucket: _b, ...stored } = stripId(a);
      return stored as AcknowledgementRecord;
    },
  };
}
