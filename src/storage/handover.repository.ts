/** Handover versions (immutable) and withdrawals. Each write is one document: atomic on FerretDB too. */
import mongoose from 'mongoose';
import type { HandoverVersionRecord, WithdrawalRecord } from '../domain/handover-record.js';
import { isDuplicateKey, type Models } from './models.js';

export class VersionExistsError extends Error {
  constructor() {
    super('this handover version is already stored');
  }
}

type LeanVersion = Omit<HandoverVersionRecord, 'attachments' | 'jws'> & {
  _id: string;
  jws: Buffer | { buffer: Buffer };
  attachments: (Omit<HandoverVersionRecord['attachments'][number], 'fileId'> & { fileId: mongoose.Types.ObjectId })[];
};

/** The driver may hand back BSON Binary; services get a Buffer. */
function asBuffer(b: Buffer | { buffer: Buffer } | Uint8Array): Buffer {
  if (Buffer.isBuffer(b)) return b;
  if (b instanceof Uint8Array) return Buffer.from(b);
  return Buffer.from((b as { buffer: Buffer }).buffer);
}

function toVersion(d: LeanVersion): HandoverVersionRecord {
  const { _id, ...rest } = d;
  return { ...rest, jws: asBuffer(d.jws), attachments: d.attachments.map((a) => ({ ...a, fileId: String(a.fileId) })) } as HandoverVersionRecord;
}

export function handoverRepository(models: Models) {
  const { HandoverVersion, Withdrawal } = models;
  return {
    /** Inserts a new version; the id "<handoverId>:<version>" makes a second insert fail. */
    async insertVersion(v: HandoverVersionRecord): Promise<void> {
      try {
        await HandoverVersion.create({
          _id: `${v.handoverId}:${v.version}`,
          ...v,
          attachments: v.attachments.map((a) => ({ ...a, fileId: new mongoose.Types.ObjectId(a.fileId) })),
        });
      } catch (err) {
        if (isDuplicateKey(err)) throw new VersionExistsError();
        throw err;
      }
    },
    async findVersion(handoverId: string, version: number): Promise<HandoverVersionRecord | undefined> {
      const d = await HandoverVersion.findById(`${String(handoverId)}:${Number(version)}`).lean<LeanVersion>();
      return d ? toVersion(d) : undefined;
    },
    /** Version numbers and senders of a handover, newest first (no payloads: cheap). */
    async listVersions(handoverId: string): Promise<{ version: number; senderOrganisationId: string; jwsSha256: string }[]> {
      return HandoverVersion.find({ handoverId: String(handoverId) }, { version: 1, senderOrganisationId: 1, jwsSha256: 1, _id: 0 })
        .sort({ version: -1 })
        .lean<{ version: number; senderOrganisationId: string; jwsSha256: string }[]>();
    },
    async countVersions(): Promise<number> {
      return HandoverVersion.countDocuments({});
    },
    /** Every file id referenced by any version (for the orphan sweeper). */
    async referencedFileIds(): Promise<Set<string>> {
      const docs = await HandoverVersion.find({}, { 'attachments.fileId': 1, _id: 0 }).lean<{ attachments: { fileId: unknown }[] }[]>();
      return new Set(docs.flatMap((d) => d.attachments.map((a) => String(a.fileId))));
    },
    async insertWithdrawal(w: WithdrawalRecord): Promise<void> {
      try {
        await Withdrawal.create({ _id: `${w.handoverId}:${w.version}`, ...w });
      } catch (err) {
        if (isDuplicateKey(err)) throw new VersionExistsError();
        throw err;
      }
    },
    async findWithdrawal(handoverId: string, version: number): Promise<WithdrawalRecord | undefined> {
      const d = await Withdrawal.findById(`${String(handoverId)}:${Number(version)}`).lean<WithdrawalRecord & { _id: string; jws: Buffer }>();
      if (!d) return undefined;
      const { _id, ...rest } = d;
      return { ...rest, jws: asBuffer(d.jws) };
    },
    async withdrawnVersions(handoverId: string): Promise<Set<number>> {
      const docs = await Withdrawal.find({ handoverId: String(handoverId) }, { version: 1, _id: 0 }).lean<{ version: number }[]>();
      return new Set(docs.map((d) => d.version));
    },
  };
}

export type HandoverRepository = ReturnType<typeof handoverRepository>;
