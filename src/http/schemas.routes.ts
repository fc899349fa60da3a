/** The published standard: the list of schemas and each schema file as-is (public, cacheable). */
import { sha256Base64url } from '../domain/crypto.js';
import type { Router } from 'express';
import { notFound } from '../errors.js';
import type { Standard } from '../validation/standard.js';
import { bindOperations } from './bind-operations.js';

export function schemasRouter(standard: Standard): Router {
  const etags = new Map(standard.validator.files.map((f) => [`${f.name}/${f.version}`, `"${sha256Base64url(f.bytes)}"`]));
  return bindOperations({
    listSchemas: {
      open: ({ res }) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        return {
          schemas: standard.validator.files.map((f) => ({
            name: f.name,
            version: f.version,
            id: f.id,
            title: f.schema.title,
            href: `/v1/schemas/${f.name}/${f.version}`,
          })),
        };
      },
    },
    getSchema: {
      open: ({ path, req, res }) => {
        const file = standard.file(path.name!, path.version!);
        if (!file) throw notFound('no schema with that name and version');
        // Released versions never change, so clients may cache them for good.
        const etag = etags.get(`${file.name}/${file.version}`)!;
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        res.setHeader('ETag', etag);
        if (req.headers['if-none-match'] === etag) return void res.status(304).end();
        res.type('application/schema+json').send(file.bytes);
      },
    },
  });
}
