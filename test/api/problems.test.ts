import zlib from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/problem.js';
import { rawRequest } from '../helpers/raw-request.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_MAX_BODY_BYTES: '4096' });
});
afterAll(() => t.close());

describe('problem+json errors', () => {
  it('answers an unknown route with 404 problem+json', async () => {
    const res = await request(t.app).get('/v1/no-such-thing');
    const body = expectProblem(res, 404, 'not-found');
    expect(body.title).toBe('Not found');
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(body.instance).toBe(`urn:request:${res.headers['x-request-id']}`);
  });

  it('answers a malformed JSON body with 400 and does not echo the body', async () => {
    const res = await request(t.app).post('/v1/validate-nothing').set('Content-Type', 'application/json').send('{"name": "Amina Yusuf", ');
    const body = expectProblem(res, 400, 'malformed-json');
    expect(res.text).not.toContain('Amina');
    expect(body.detail).toMatch(/syntax error/);
  });

  it('answers a body over the limit with 413 before parsing it', async () => {
    const res = await request(t.app).post('/v1/anything').set('Content-Type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(10_000) }));
    const body = expectProblem(res, 413, 'payload-too-large');
    expect(body.detail).toBe('the limit is 4096 bytes');
  });

  it('refuses compressed bodies (no decompression bombs) with 415', async () => {
    const res = await request(t.app)
      .post('/v1/anything')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(zlib.gzipSync(Buffer.from('{"a":1}')));
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('rejects invalid UTF-8 in a JSON body', async () => {
    const res = await rawRequest(t.app, 'POST', '/v1/anything', { 'Content-Type': 'application/json' }, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    const body = expectProblem(res, 400, 'malformed-json');
    expect(body.detail).toBe('the body is not valid UTF-8');
  });

  it('rejects a __proto__ key at any depth with a JSON Pointer to it', async () => {
    const res = await request(t.app).post('/v1/anything').set('Content-Type', 'application/json').send('{"a":[{"b":{"__proto__":{"polluted":true}}}]}');
    const body = expectProblem(res, 400, 'forbidden-json-key');
    expect(body.errors).toEqual([{ pointer: '/a/0/b/__proto__', keyword: 'forbiddenKey', message: 'key "__proto__" is not allowed' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const res = await request(t.app).delete('/healthz');
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});
