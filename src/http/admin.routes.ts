/** Administration API: organisations, signing keys, credentials (role admin); and a signing organisation's own keys. */
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { createCredential, createOrganisation, listCredentials, listOrganisations, listSigningKeys, registerSigningKey, revokeCredential, revokeSigningKey } from '../services/admin.js';
import { readIdentityProvider, removeIdentityProvider, setIdentityProvider } from '../services/person-sign-in.js';
import { bodyOf } from './json-body.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';

export function adminRouter(deps: Deps): Router {
  const router = Router();
  const guard = [requireCaller(deps), requireRole('admin')];
  const admin = deps.admin;
  router
    .route('/v1/admin/organisations')
    .get(...guard, async (_req, res) => {
      res.json({ organisations: await listOrganisations(admin) });
    })
    .post(...guard, async (req, res) => {
      const organisation = await createOrganisation(admin, bodyOf(req), deps.clock());
      req.log.info({ organisation: organisation.id, outcome: 'created' }, 'admin');
      res.status(201).json(organisation);
    })
    .all(allowOnly('GET', 'HEAD', 'POST'));
  router
    .route('/v1/admin/organisations/:organisationId/keys')
    .get(...guard, async (req, res) => {
      res.json({ keys: await listSigningKeys(admin, String(req.params.organisationId), deps.clock()) });
    })
    .post(...guard, async (req, res) => {
      const key = await registerSigningKey(admin, String(req.params.organisationId), bodyOf(req), deps.clock());
      req.log.info({ kid: key.kid, outcome: 'registered' }, 'admin');
      res.status(201).json(key);
    })
    .all(allowOnly('GET', 'HEAD', 'POST'));
  // The signing organisation's own keys (no admin role): the key page in the browser says whether its key is registered.
  router
    .route('/v1/signing-keys')
    .get(requireCaller(deps), requireRole('sender', 'gp'), async (req, res) => {
      res.json({ keys: await listSigningKeys(admin, callerOf(req).organisationId, deps.clock()) });
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/admin/organisations/:organisationId/identity-provider')
    .get(...guard, async (req, res) => {
      res.json(await readIdentityProvider(deps.personSignInDeps, String(req.params.organisationId)));
    })
    .put(...guard, async (req, res) => {
      const provider = await setIdentityProvider(deps.personSignInDeps, String(req.params.organisationId), bodyOf(req));
      req.log.info({ organisation: provider.organisationId, outcome: 'identity-provider-set' }, 'admin');
      res.json(provider);
    })
    .delete(...guard, async (req, res) => {
      await removeIdentityProvider(deps.personSignInDeps, String(req.params.organisationId));
      req.log.info({ organisation: String(req.params.organisationId), outcome: 'identity-provider-removed' }, 'admin');
      res.status(204).end();
    })
    .all(allowOnly('GET', 'HEAD', 'PUT', 'DELETE'));
  router
    .route('/v1/admin/keys/:kid/revocation')
    .post(...guard, async (req, res) => {
      const key = await revokeSigningKey(admin, String(req.params.kid), bodyOf(req), deps.clock());
      req.log.info({ kid: key.kid, outcome: 'revoked' }, 'admin');
      res.json(key);
    })
    .all(allowOnly('POST'));
  router
    .route('/v1/admin/organisations/:organisationId/credentials')
    .get(...guard, async (req, res) => {
      res.json({ credentials: await listCredentials(admin, String(req.params.organisationId), deps.clock()) });
    })
    .post(...guard, async (req, res) => {
      const issued = await createCredential(admin, String(req.params.organisationId), bodyOf(req), deps.clock());
      req.log.info({ credentialIssued: issued.credential.id, by: callerOf(req).credentialId, outcome: 'issued' }, 'admin');
      res.status(201).json(issued);
    })
    .all(allowOnly('GET', 'HEAD', 'POST'));
  router
    .route('/v1/admin/credentials/:credentialId/revocation')
    .post(...guard, async (req, res) => {
      res.json(await revokeCredential(admin, String(req.params.credentialId), deps.clock()));
    })
    .all(allowOnly('POST'));
  return router;
}
