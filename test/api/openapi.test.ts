/**
 * The API describes itself: GET /v1/openapi.json is generated from the route list, which must
 * be exactly the routes express serves (both ways); /docs renders it with Swagger UI served by
 * the service itself. (Every other API test holds each response it gets to this description:
 * test/helpers/openapi-responses.ts, through startTestApp.)
 */
import fs from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_DOC, withApiTable } from '../../scripts/generate-api-table.js';
import { createApp } from '../../src/app.js';
import { OPERATIONS } from '../../src/http/openapi/operations.js';
import { REQUEST_BODY_SCHEMAS } from '../../src/validation/request-bodies.js';
import { responseChecker } from '../helpers/openapi-responses.js';
import { apiDescriptionOf } from '../../src/http/api-description.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method and path the real app routes, as `GET /v1/handovers/{handoverId}`. */
function servedRoutes(): string[] {
  const app = createApp(t.deps) as unknown as { router: { stack: Layer[] } };
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.push(`${method.toUpperCase()} ${layer.route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(app.router.stack);
  // The documentation page's static assets are files, not operations.
  return [...new Set(out.filter((r) => !r.startsWith('GET /docs/')))].sort();
}

describe('GET /v1/openapi.json', () => {
  it('describes exactly the routes the service serves: none missing, none extra', () => {
    const described = OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort();
    expect(servedRoutes()).toEqual(described);
    expect(new Set(OPERATIONS.map((o) => o.operationId)).size).toBe(OPERATIONS.length);
  });

  it('is what docs/api.md lists in short (npm run docs:api writes the list)', () => {
    const doc = fs.readFileSync(API_DOC, 'utf8');
    expect(withApiTable(doc) === doc, 'docs/api.md endpoint list is stale: run npm run docs:api').toBe(true);
  });

  it('is served as OpenAPI 3.1 with every path, the request bodies the service validates with, and the problem codes', async () => {
    const res = await request(t.app).get('/v1/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).length).toBe(new Set(OPERATIONS.map((o) => o.path)).size);
    for (const name of Object.keys(REQUEST_BODY_SCHEMAS)) expect(doc.components.schemas[`request.${name}`], name).toBeDefined();
    // The credential body as validated: expiresAt is there, with its format.
    expect(doc.components.schemas['request.credential'].properties.expiresAt).toMatchObject({ format: 'date-time' });
    // A bundled reference into the standard's shared definitions resolves inside the document.
    expect(doc.components.schemas['request.organisation'].properties.municipalityCode).toEqual({ $ref: '#/components/schemas/common.municipalityCode' });
    expect(doc.components.schemas['common.municipalityCode']).toBeDefined();
    expect(doc.components.schemas.Problem.properties.code.enum).toContain('signing-key-revoked');
    expect(doc.paths['/v1/handovers'].post.requestBody.content).toHaveProperty(['application/jose']);
    expect(doc.paths['/v1/handovers'].post.security).toEqual([{ credential: [] }]);
  });

  it('the response check finds what does not match: an undescribed path, a status not declared, a wrong content type, a body against its schema', () => {
    const check = responseChecker(apiDescriptionOf(t.deps.standard));
    expect(check.check('GET', '/v1/nowhere', 200, 'application/json', Buffer.from('{}'))[0]).toMatch(/not described/);
    expect(check.check('GET', '/v1/schemas/handover/1.0', 304, undefined, Buffer.alloc(0))).toEqual([]);
    expect(check.check('GET', '/healthz', 201, 'application/json', Buffer.from('{"status":"ok"}'))[0]).toMatch(/status 201 is not declared/);
    expect(check.check('GET', '/healthz', 200, 'text/html', Buffer.from('<p>ok</p>'))[0]).toMatch(/content type text\/html is not one of application\/json/);
    expect(check.check('GET', '/v1/admin/organisations/x/credentials', 200, 'application/json', Buffer.from('{"credentials":[{"id":"c","organisationId":"x","role":"sender","createdAt":"2026-01-01T00:00:00Z","state":"active","secretHash":"ab"}]}'))[0]).toMatch(
      /\/credentials\/0\/secretHash/,
    );
    expect(check.check('GET', '/v1/handovers/0c6a4b7e-7c39-4c57-9d39-5f0f9b1f6a11', 404, 'application/json', Buffer.from('{}'))[0]).toMatch(/content type application\/json is not one of application\/problem\+json/);
    expect(check.check('DELETE', '/v1/audit', 405, 'application/problem+json', Buffer.from(JSON.stringify({ type: 'https://handover-exchange.dk/problems/method-not-allowed', title: 'x', status: 405, code: 'method-not-allowed', instance: 'urn:request:1' })))).toEqual([]);
  });
});

describe('GET /docs', () => {
  it('serves Swagger UI from the service itself: no CDN, no inline script, a strict policy', async () => {
    const page = await request(t.app).get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    for (const src of [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)) {
      const asset = await request(t.app).get(src);
      expect(asset.status, src).toBe(200);
    }
    const start = await request(t.app).get('/docs/start.js').expect(200);
    expect(start.text).toContain("url: '/v1/openapi.json'");
    expect((await request(t.app).get('/docs/swagger-ui-bundle.js').expect(200)).headers['content-type']).toMatch(/javascript/);
    expectProblem(await request(t.app).get('/docs/package.json'), 404, 'not-found');
  });
});
