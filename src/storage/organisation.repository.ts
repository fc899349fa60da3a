/** Organisations, signing keys and credentials: the registry behind authentication and verification. */
import mongoose from 'mongoose';
import type { Credential, Organisation, SigningKeyRecord } from '../domain/organisations.js';
import { isDuplicateKey, type Models } from './models.js';

import { DuplicateError } from '../domain/write-outcomes.js';

type Lean<T> = T & { _id: string };

/** How many organisations a process keeps as read, at most (a registry holds hundreds). */
const MAX_ORGANISATIONS_KEPT = 10_000;

/** Our own operators are marked trusted: sanitizeFilter neutralises every other $-object. */
const notSet = () => mongoose.trusted({ $exists: false });

function toOrganisation(d: Lean<Omit<Organisation, 'id'>>): Organisation {
  return { id: d._id, type: d.type, name: d.name, ...(d.municipalityCode ? { municipalityCode: d.municipalityCode } : {}), createdAt: d.createdAt };
}
function toKey(d: Lean<Omit<SigningKeyRecord, 'kid'>>): SigningKeyRecord {
  const { _id, ...rest } = d;
  return { kid: _id, ...rest } as SigningKeyRecord;
}
function toCredential(d: Lean<Omit<Credential, 'id'>>): Credential {
  const { _id, ...rest } = d;
  return { id: _id, ...rest } as Credential;
}

/** How many credentials a process keeps as read, at most (the oldest read goes first). */
const MAX_CREDENTIALS_KEPT = 10_000;

/**
 * `credentialRecheckMs`: how long a credential read is used before it is read again (every
 * request of a case system polling its feed read it: one round trip of three in a fetch).
 * Revoked through this process, it is forgotten at once; through another, refused here within
 * that time. Only credentials found are kept: unknown ids cannot fill the memory.
 */
export function organisationRepository(models: Models, o: { credentialRecheckMs?: number } = {}) {
  const { Organisation: Org, SigningKey, Credential: Cred } = models;
  const recheckMs = o.credentialRecheckMs ?? 0;
  const credentialsRead = new Map<string, { readAt: number; credential: Credential }>();
  /** When this process last wrote each credential's lastUsedAt (ms). */
  const lastUseWritten = new Map<string, number>();
  /** Organisations as read: never changed nor deleted once created, so each is read once per process (every request's caller names one). */
  const organisationsRead = new Map<string, Organisation>();
  const insert = async (fn: () => Promise<unknown>, what: string) => {
    try {
      await fn();
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateError(what);
      throw err;
    }
  };
  return {
    async createOrganisation(o: Organisation): Promise<void> {
      const { id, ...rest } = o;
      await insert(() => Org.create({ _id: id, ...rest }), `organisation ${id}`);
    },
    async findOrganisation(id: string): Promise<Organisation | undefined> {
      const known = organisationsRead.get(String(id));
      if (known) return known;
      const d = await Org.findById(String(id)).lean<Lean<Omit<Organisation, 'id'>>>();
      if (!d) return undefined;
      const organisation = toOrganisation(d);
      if (organisationsRead.size < MAX_ORGANISATIONS_KEPT) organisationsRead.set(organisation.id, organisation);
      return organisation;
    },
    async listOrganisations(): Promise<Organisation[]> {
      return (await Org.find({}).sort({ _id: 1 }).lean<Lean<Omit<Organisation, 'id'>>[]>()).map(toOrganisation);
    },
    /** Organisations of one type, of one municipality where given (equality on the fields of the type_1_municipalityCode_1 index). */
    async listOfType(type: string, municipalityCode?: string): Promise<Organisation[]> {
      const filter = municipalityCode === undefined ? { type: String(type) } : { type: String(type), municipalityCode: String(municipalityCode) };
      return (await Org.find(filter).lean<Lean<Omit<Organisation, 'id'>>[]>()).map(toOrganisation);
    },
    async countOrganisations(): Promise<number> {
      return Org.countDocuments({});
    },
    async createKey(k: SigningKeyRecord): Promise<void> {
      const { kid, ...rest } = k;
      await insert(() => SigningKey.create({ _id: kid, ...rest }), `key ${kid}`);
    },
    async findKey(kid: string): Promise<SigningKeyRecord | undefined> {
      const d = await SigningKey.findById(String(kid)).lean<Lean<Omit<SigningKeyRecord, 'kid'>>>();
      return d ? toKey(d) : undefined;
    },
    async listKeys(organisationId: string): Promise<SigningKeyRecord[]> {
      return (await SigningKey.find({ organisationId: String(organisationId) }).sort({ createdAt: 1 }).lean<Lean<Omit<SigningKeyRecord, 'kid'>>[]>()).map(toKey);
    },
    /** Sets revokedAt once; a second revocation keeps the first time. Returns the key after. */
    async revokeKey(kid: string, at: Date, reason: string): Promise<SigningKeyRecord | undefined> {
      await SigningKey.updateOne({ _id: String(kid), revokedAt: notSet() }, { $set: { revokedAt: at, revocationReason: reason } });
      return this.findKey(kid);
    },
    async createCredential(c: Credential): Promise<void> {
      const { id, ...rest } = c;
      await insert(() => Cred.create({ _id: id, ...rest }), `credential ${id}`);
    },
    async findCredential(id: string): Promise<Credential | undefined> {
      const kept = credentialsRead.get(String(id));
      if (kept && performance.now() - kept.readAt < recheckMs) return kept.credential;
      const readAt = performance.now();
      const d = await Cred.findById(String(id)).lean<Lean<Omit<Credential, 'id'>>>();
      credentialsRead.delete(String(id));
      if (!d) return undefined;
      const credential = toCredential(d);
      if (recheckMs > 0) {
        if (credentialsRead.size >= MAX_CREDENTIALS_KEPT) credentialsRead.delete(credentialsRead.keys().next().value!);
        credentialsRead.set(String(id), { readAt, credential });
      }
      return credential;
    },
    async listCredentials(organisationId: string): Promise<Credential[]> {
      return (await Cred.find({ organisationId: String(organisationId) }).lean<Lean<Omit<Credential, 'id'>>[]>()).map(toCredential).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    /**
     * Records that a credential was used, at most once a minute per credential and process: a
     * write per request would double the cost of every read. `$max`, so that instances racing
     * each other never move it back.
     */
    async noteCredentialUse(id: string, at: Date): Promise<void> {
      const last = lastUseWritten.get(id);
      if (last !== undefined && at.getTime() - last < 60_000) return;
      lastUseWritten.set(id, at.getTime());
      await Cred.updateOne({ _id: String(id) }, { $max: { lastUsedAt: at } });
    },
    /** Every credential's and key's dates, for the expiry figures of the metrics (a scrape, not the request path). */
    async lifetimes(): Promise<{ credentials: Pick<Credential, 'expiresAt' | 'revokedAt'>[]; keys: Pick<SigningKeyRecord, 'validFrom' | 'validUntil' | 'revokedAt'>[] }> {
      const [credentials, keys] = await Promise.all([
        Cred.find({}, { _id: 0, expiresAt: 1, revokedAt: 1 }).lean<Pick<Credential, 'expiresAt' | 'revokedAt'>[]>(),
        SigningKey.find({}, { _id: 0, validFrom: 1, validUntil: 1, revokedAt: 1 }).lean<Pick<SigningKeyRecord, 'validFrom' | 'validUntil' | 'revokedAt'>[]>(),
      ]);
      return { credentials, keys };
    },
    async revokeCredential(id: string, at: Date): Promise<Credential | undefined> {
      await Cred.updateOne({ _id: String(id), revokedAt: notSet() }, { $set: { revokedAt: at } });
      credentialsRead.delete(String(id));
      return this.findCredential(id);
    },
  };
}

export type OrganisationRepository = ReturnType<typeof organisationRepository>;
