/** What the use cases need of the registry of organisations, signing keys and credentials (storage/organisation.repository.ts). */
import type { Credential, Organisation, SigningKeyRecord } from '../../domain/organisations.js';

export interface Organisations {
  /** DuplicateError when the id is taken. */
  createOrganisation(o: Organisation): Promise<void>;
  findOrganisation(id: string): Promise<Organisation | undefined>;
  listOrganisations(): Promise<Organisation[]>;
  listOfType(type: string, municipalityCode?: string): Promise<Organisation[]>;
  countOrganisations(): Promise<number>;
  /** DuplicateError when the kid is taken. */
  createKey(k: SigningKeyRecord): Promise<void>;
  findKey(kid: string): Promise<SigningKeyRecord | undefined>;
  listKeys(organisationId: string): Promise<SigningKeyRecord[]>;
  revokeKey(kid: string, at: Date, reason: string): Promise<SigningKeyRecord | undefined>;
  createCredential(c: Credential): Promise<void>;
  findCredential(id: string): Promise<Credential | undefined>;
  listCredentials(organisationId: string): Promise<Credential[]>;
  noteCredentialUse(id: string, at: Date): Promise<void>;
  lifetimes(): Promise<{ credentials: Pick<Credential, 'revokedAt' | 'expiresAt'>[]; keys: Pick<SigningKeyRecord, 'validFrom' | 'validUntil' | 'revokedAt'>[] }>;
  revokeCredential(id: string, at: Date): Promise<Credential | undefined>;
}
