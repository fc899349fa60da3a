/** The published standard: the list of schemas and each schema file as-is (public, cacheable). */
import { sha256Base64url } from '../domain/crypto.js';
import { Router } from 'express';
import { notFound } from '../errors.js';
import type { Standard } from '../validation/standard.js';
import { allowOnly } from './method-not-allowed.js';

export function schemasRouter(standard: Standard): Router {
  const router = Router();
  const etags = new Map(standard.validator.files.map((f) => [`${f.name}/${f.version}`, `"${sha256Base64url(f.bytes)}"`]));
  router
    .route('/v1/schemas')
    .get((_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json({
        schemas: standard.validator.files.map((f) => ({
          name: f.name,
          version: f.version,
          id: f.id,
          title: f.schema.title,
          href: `/v1/schemas/${f.name}/${f.version}`,
        })),
      });
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/schemas/:name/:version')
    .get((req, res, next) => {
      const file = standard.file(String(req.params.name), String(req.params.version));
      if (!file) {
        next(notFound('no schema with that name and version'));
        return;
      }
      // Released versions never change, so clients may cache them for good.
      const etag = etags.get(`${file.name}/${file.version}`)!;
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('ETag', etag);
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      res.type('application/schema+json').send(file.bytes);
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
