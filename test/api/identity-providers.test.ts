/**
 * The administrator's settings for an organisation's identity provider (people's sign-in with
 * OpenID Connect): stored and shown without the client secret, refused with the field and rule
 * named (an http:// issuer in production, a role the organisation's type may not have), admin only.
 * The sign-in itself runs against a real OpenID Provider in test/e2e/person-sign-in.test.ts.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
});
afterAll(async () => t?.close());

const path = '/v1/admin/organisations/aarhus/identity-provider';

describe('an organisation’s identity provider', () => {
  it('is set, shown without its secret, listed on the sign-in page, and removed', async () => {
    expectProblem(await request(t.app).get(path).set(as(w.admin)), 404, 'not-found');
    const set = await request(t.app).put(path).set(as(w.admin)).send({ issuer: 'https://login.aarhus.example', clientId: 'handover', clientSecret: 'a-secret-value', role: 'municipality' }).expect(200);
    expect(set.body).toMatchObject({ organisationId: 'aarhus', issuer: 'https://login.aarhus.example', clientId: 'handover', clientSecret: 'set', role: 'municipality' });
    expect(JSON.stringify((await request(t.app).get(path).set(as(w.admin)).expect(200)).body)).not.toContain('a-secret-value');
    const providers = await request(t.app).get('/v1/session/providers').expect(200);
    expect(providers.body.items).toEqual([{ organisationId: 'aarhus', name: 'Aarhus Kommune' }]);
    await request(t.app).delete(path).set(as(w.admin)).expect(204);
    expect((await request(t.app).get('/v1/session/providers').expect(200)).body.items).toEqual([]);
    expectProblem(await request(t.app).get('/v1/session/oidc/aarhus'), 404, 'not-found');
  });

  it('refuses an http:// issuer, a role the organisation may not have and a missing client id (422, each named), for admins only', async () => {
    const refused = expectProblem(await request(t.app).put(path).set(as(w.admin)).send({ issuer: 'http://login.aarhus.example', clientId: 'handover', role: 'sender' }), 422, 'validation-failed');
    expect(refused.errors!.map((e) => `${e.pointer} ${e.keyword}`).sort()).toEqual(['/issuer https', '/role enum']);
    const shape = expectProblem(await request(t.app).put(path).set(as(w.admin)).send({ issuer: 'https://x.example', role: 'municipality' }), 422, 'validation-failed');
    expect(shape.errors).toEqual([{ pointer: '/clientId', keyword: 'required', message: expect.any(String) }]);
    expectProblem(await request(t.app).get(path).set(as(w.admin)), 404, 'not-found');
    expectProblem(await request(t.app).put(path).set(as(w.aarhus.token)).send({ issuer: 'https://x.example', clientId: 'c', role: 'municipality' }), 403, 'forbidden');
  });

  it('refuses a sign-in callback that no browser started here, without a session', async () => {
    const res = await request(t.app).get('/v1/session/oidc/callback?code=x&state=y').set('Cookie', 'hx_sign_in=z');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?sign-in=failed');
    expect(String(res.headers['set-cookie'])).not.toContain('hx_session=');
  });
});
