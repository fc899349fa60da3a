/** Administration API: organisations, signing keys, credentials (role admin); and a signing organisation's own keys. */
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { createCredential, createOrganisation, listCredentials, listOrganisations, listSigningKeys, registerSigningKey, revokeCredential, revokeSigningKey } from '../services/admin.js';
import { readIdentityProvider, removeIdentityProvider, setIdentityProvider } from '../services/person-sign-in.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';

export function adminRouter(deps: Deps): Router {
  const admin = deps.admin;
  return bindOperations(
    {
      listOrganisations: async () => ({ organisations: await listOrganisations(admin) }),
      createOrganisation: async (_caller, { body, req, res }) => {
        const organisation = await createOrganisation(admin, body, deps.clock());
        req.log.info({ organisation: organisation.id, outcome: 'created' }, 'admin');
        res.status(201).json(organisation);
      },
      listSigningKeys: async (_caller, { path }) => ({ keys: await listSigningKeys(admin, path.organisationId!, deps.clock()) }),
      registerSigningKey: async (_caller, { path, body, req, res }) => {
        const key = await registerSigningKey(admin, path.organisationId!, body, deps.clock());
        req.log.info({ kid: key.kid, outcome: 'registered' }, 'admin');
        res.status(201).json(key);
      },
      // The signing organisation's own keys: the key page in the browser says whether its key is registered.
      listOwnSigningKeys: async (caller) => ({ keys: await listSigningKeys(admin, caller.organisationId, deps.clock()) }),
      readIdentityProvider: (_caller, { path }) => readIdentityProvider(deps.personSignInDeps, path.organisationId!),
      setIdentityProvider: async (_caller, { path, body, req }) => {
        const provider = await setIdentityProvider(deps.personSignInDeps, path.organisationId!, body);
        req.log.info({ organisation: provider.organisationId, outcome: 'identity-provider-set' }, 'admin');
        return provider;
      },
      removeIdentityProvider: async (_caller, { path, req, res }) => {
        await removeIdentityProvider(deps.personSignInDeps, path.organisationId!);
        req.log.info({ organisation: path.organisationId, outcome: 'identity-provider-removed' }, 'admin');
        res.status(204).end();
      },
      revokeSigningKey: async (_caller, { path, body, req }) => {
        const key = await revokeSigningKey(admin, path.kid!, body, deps.clock());
        req.log.info({ kid: key.kid, outcome: 'revoked' }, 'admin');
        return key;
      },
      listCredentials: async (_caller, { path }) => ({ credentials: await listCredentials(admin, path.organisationId!, deps.clock()) }),
      issueCredential: async (caller, { path, body, req, res }) => {
        const issued = await createCredential(admin, path.organisationId!, body, deps.clock());
        req.log.info({ credentialIssued: issued.credential.id, by: caller.credentialId, outcome: 'issued' }, 'admin');
        res.status(201).json(issued);
      },
      revokeCredential: (_caller, { path }) => revokeCredential(admin, path.credentialId!, deps.clock()),
    },
    binderDepsOf(deps),
  );
}
