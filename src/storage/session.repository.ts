/** Browser sessions, by the hash of their token (read by _id only). */
import type { Models } from './models.js';

export interface WebSessionRecord {
  tokenHash: string;
  credentialId: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export function sessionRepository(models: Models) {
  const { WebSession } = models;
  return {
    async create(s: WebSessionRecord): Promise<void> {
      await WebSession.create({ _id: s.tokenHash, credentialId: s.credentialId, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt });
    },
    async find(tokenHash: string): Promise<WebSessionRecord | undefined> {
      const d = await WebSession.findById(String(tokenHash)).lean<{ _id: string; credentialId: string; createdAt: Date; lastSeenAt: Date }>();
      return d ? { tokenHash: d._id, credentialId: d.credentialId, createdAt: d.createdAt, lastSeenAt: d.lastSeenAt } : undefined;
    },
    async touch(tokenHash: string, at: Date): Promise<void> {
      await WebSession.updateOne({ _id: String(tokenHash) }, { $set: { lastSeenAt: at } });
    },
    async remove(tokenHash: string): Promise<void> {
      await WebSession.deleteOne({ _id: String(tokenHash) });
    },
  };
}

export type SessionRepository = ReturnType<typeof sessionRepository>;
