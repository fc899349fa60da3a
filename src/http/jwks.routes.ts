/** The service's public keys, so receipts and notifications can be verified by anyone, offline. */
import { Router } from 'express';
import type { ServiceSigner } from '../signing/service-signer.js';
import { allowOnly } from './method-not-allowed.js';

export function jwksRouter(signer: ServiceSigner): Router {
  const router = Router();
  router
    .route('/.well-known/jwks.json')
    .get((_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('application/jwk-set+json').send(JSON.stringify(signer.jwks()));
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
