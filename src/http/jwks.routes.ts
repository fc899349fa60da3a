/** The service's public keys, so receipts and notifications can be verified by anyone, offline. */
import type { Router } from 'express';
import type { ServiceSigner } from '../signing/service-signer.js';
import { bindOperations } from './bind-operations.js';

export function jwksRouter(signer: ServiceSigner): Router {
  return bindOperations({
    getJwks: {
      open: ({ res }) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.type('application/jwk-set+json').send(JSON.stringify(signer.jwks()));
      },
    },
  });
}
