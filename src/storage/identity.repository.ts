/** Organisations' identity providers (by organisation id) and the sign-ins under way (by the hash of their state). */
import type { Models } from './models.js';
import type { IdentityProviderRecord, PersonSignInRecord } from '../services/ports/sign-in.js';

type ProviderDoc = Omit<IdentityProviderRecord, 'organisationId'> & { _id: string };

export function identityRepository(models: Models) {
  const { IdentityProvider, PersonSignIn } = models;
  return {
    async setProvider(p: IdentityProviderRecord): Promise<void> {
      const { organisationId, ...rest } = p;
      await IdentityProvider.replaceOne({ _id: String(organisationId) }, { _id: organisationId, ...rest }, { upsert: true });
    },
    async provider(organisationId: string): Promise<IdentityProviderRecord | undefined> {
      const d = await IdentityProvider.findById(String(organisationId)).lean<ProviderDoc>();
      if (!d) return undefined;
      const { _id, ...rest } = d;
      return { organisationId: _id, ...rest };
    },
    /** Every configured provider (a handful: one per organisation that signs its people in). */
    async providers(): Promise<IdentityProviderRecord[]> {
      return (await IdentityProvider.find({}).lean<ProviderDoc[]>()).map(({ _id, ...rest }) => ({ organisationId: _id, ...rest }));
    },
    async removeProvider(organisationId: string): Promise<boolean> {
      return (await IdentityProvider.deleteOne({ _id: String(organisationId) })).deletedCount === 1;
    },
    async beginSignIn(s: PersonSignInRecord): Promise<void> {
      const { stateHash, ...rest } = s;
      await PersonSignIn.create({ _id: stateHash, ...rest });
    },
    /** Takes the sign-in under way (once: a replayed callback finds nothing). */
    async takeSignIn(stateHash: string): Promise<PersonSignInRecord | undefined> {
      const d = await PersonSignIn.findOneAndDelete({ _id: String(stateHash) }).lean<Omit<PersonSignInRecord, 'stateHash'> & { _id: string }>();
      if (!d) return undefined;
      const { _id, ...rest } = d;
      return { stateHash: _id, ...rest };
    },
  };
}

export type IdentityRepository = ReturnType<typeof identityRepository>;
