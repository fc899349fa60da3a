/** Persons' records handed on by the holding municipality to the one they moved to. */
import { formatIsoDate } from '../domain/dates.js';
import type { RecordTransfer } from '../domain/record-transfer.js';
import type { Models } from './models.js';

const toTransfer = (d: RecordTransfer & { _id: string; toMonth?: string }): RecordTransfer => {
  const { _id, toMonth: _m, ...rest } = d;
  return { ...rest, transferId: _id };
};

export function transferRepository(models: Models) {
  const { RecordTransfer: Transfer } = models;
  return {
    async insertTransfer(t: RecordTransfer): Promise<void> {
      const { transferId, ...rest } = t;
      await Transfer.create({ _id: transferId, ...rest, toMonth: `${t.toMunicipalityCode}:${formatIsoDate(t.transferredAt).slice(0, 7)}` });
    },
    /** A handover's transfers (a few), oldest first. */
    async transfersOf(handoverId: string): Promise<RecordTransfer[]> {
      const found = await Transfer.find({ handoverId: String(handoverId) }).lean<(RecordTransfer & { _id: string })[]>();
      return found.map(toTransfer).sort((a, b) => a.transferredAt.getTime() - b.transferredAt.getTime());
    },
    async transfer(transferId: string): Promise<RecordTransfer | undefined> {
      const d = await Transfer.findById(String(transferId)).lean<RecordTransfer & { _id: string }>();
      return d ? toTransfer(d) : undefined;
    },
    /** The records handed on to a municipality in one month ("YYYY-MM"). */
    async transfersTo(municipalityCode: string, month: string): Promise<RecordTransfer[]> {
      const found = await Transfer.find({ toMonth: `${String(municipalityCode)}:${String(month)}` }).lean<(RecordTransfer & { _id: string })[]>();
      return found.map(toTransfer).sort((a, b) => a.transferredAt.getTime() - b.transferredAt.getTime());
    },
  };
}
