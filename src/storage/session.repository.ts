/** Browser sessions, by the hash of their token (read by _id only): a credential's (built-in sign-in) or a person's (identity provider). */
import type { Models } from './models.js';
import type { WebSessionRecord } from '../services/ports/sign-in.js';

type SessionDoc = { _id: string; credentialId?: string; organisationId?: string; role?: string; personId?: string; personName?: string; createdAt: Date; lastSeenAt: Date };

export function sessionRepository(models: Models) {
  const { WebSession } = models;
  return {
    async create(s: WebSessionRecord): Promise<void> {
      await WebSession.create({
        _id: s.tokenHash,
        ...(s.credentialId ? { credentialId: s.credentialId } : {}),
        ...(s.person ? { organisationId: s.person.organisationId, role: s.person.role, personId: s.person.id, personName: s.person.name } : {}),
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
      });
    },
    async find(tokenHash: string): Promise<WebSessionRecord | undefined> {
      const d = await WebSession.findById(String(tokenHash)).lean<SessionDoc>();
      if (!d) return undefined;
      return {
        tokenHash: d._id,
        ...(d.credentialId ? { credentialId: d.credentialId } : {}),
        ...(d.personId ? { person: { organisationId: d.organisationId!, role: d.role!, id: d.personId, name: d.personName ?? '' } } : {}),
        createdAt: d.createdAt,
        lastSeenAt: d.lastSeenAt,
      };
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
