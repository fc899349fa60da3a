/**
 * The API's own description: GET /v1/openapi.json (built once from the route list, see
 * openapi/document.ts) and interactive documentation at /docs, rendered by Swagger UI from the
 * npm package swagger-ui-dist and served by the service itself (no CDN, no inline script).
 */
import path from 'node:path';
import express, { type Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { bindOperations } from './bind-operations.js';

/** Only the files the page loads, from the package's folder. */
const SWAGGER_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>handover-exchange API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;

const START = `window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: false });\n`;

/** Swagger UI styles elements inline; everything else comes from this service only. */
const DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function openApiRouter(document: object): Router {
  const body = JSON.stringify(document);
  const router = bindOperations({
    getOpenApi: {
      open: ({ res }) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.type('application/json').send(body);
      },
    },
    getDocumentation: {
      open: ({ res }) => {
        res.setHeader('Content-Security-Policy', DOCS_CSP);
        res.type('text/html; charset=utf-8').send(PAGE);
      },
    },
  });
  // The page's own files (not operations of the API).
  router.get('/docs/start.js', (_req, res) => {
    res.type('text/javascript').send(START);
  });
  const assets = express.static(path.resolve(getAbsoluteFSPath()), { index: false, fallthrough: false, maxAge: '1d' });
  router.get('/docs/:file', (req, res, next) => {
    if (!SWAGGER_FILES.has(String(req.params.file))) {
      next();
      return;
    }
    req.url = `/${String(req.params.file)}`;
    assets(req, res, next);
  });
  return router;
}
