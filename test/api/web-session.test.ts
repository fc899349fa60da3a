/**
 * The web application's session cookie and sign-in (issue 28.15): the cookie is Secure exactly
 * when people reach the service over https (HANDOVER_PUBLIC_URL, or the request's own scheme,
 * told by a trusted proxy's X-Forwarded-Proto), whatever database it uses; and a new sign-in in
 * a browser ends that browser's earlier session on the server, as another organisation too.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDatabase, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

const apps: TestApp[] = [];
async function app(env: Record<string, string>): Promise<{ t: TestApp; w: World }> {
  const t = await startTestApp({ HANDOVER_WEB_DEMO_SIGNIN: 'on', ...env });
  apps.push(t);
  return { t, w: await setupWorld(t) };
}
afterAll(async () => {
  for (const t of apps) await t.close();
});

function signIn(t: TestApp, credential: string, headers: Record<string, string> = {}) {
  return request(t.app).post('/v1/session').set('x-handover-web', '1').set(headers).send({ credential });
}
/** The Set-Cookie line of the session cookie. */
function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const line = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('hx_session='));
  expect(line).toBeDefined();
  return line!;
}
const secure = (line: string) => line.split(';').map((p) => p.trim().toLowerCase()).includes('secure');
const tokenOf = (line: string) => line.split(';')[0]!.slice('hx_session='.length);

describe('the session cookie is Secure when the service is reached over https', () => {
  it('with HANDOVER_PUBLIC_URL at https://, even when the request reaches it over http (TLS ended before it)', async () => {
    const { t, w } = await app({ HANDOVER_PUBLIC_URL: 'https://overdragelse.example.dk' });
    expect(secure(sessionCookie(await signIn(t, w.aarhus.token).expect(201)))).toBe(true);
  });

  it('behind a trusted proxy: Secure when it forwarded an https request, not when it forwarded http', async () => {
    const { t, w } = await app({ HANDOVER_TRUST_PROXY: 'loopback' });
    expect(secure(sessionCookie(await signIn(t, w.aarhus.token, { 'X-Forwarded-Proto': 'https' }).expect(201)))).toBe(true);
    expect(secure(sessionCookie(await signIn(t, w.aarhus.token, { 'X-Forwarded-Proto': 'http' }).expect(201)))).toBe(false);
  });

  it('not from an X-Forwarded-Proto that no trusted proxy sent, and not because of MONGODB_URI over plain http', async () => {
    const untrusted = await app({});
    expect(secure(sessionCookie(await signIn(untrusted.t, untrusted.w.aarhus.token, { 'X-Forwarded-Proto': 'https' }).expect(201)))).toBe(false);
    const production = await app({ MONGODB_URI: testDatabase().uri });
    expect(secure(sessionCookie(await signIn(production.t, production.w.aarhus.token).expect(201)))).toBe(false);
  });
});

describe('a new sign-in ends the browser’s earlier session', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => ({ t, w } = await app({})));

  it('signing in as another organisation leaves the first session unusable on the server (401), the new one signed in', async () => {
    const first = tokenOf(sessionCookie(await signIn(t, w.drk.token).expect(201)));
    expect((await request(t.app).get('/v1/session').set('Cookie', `hx_session=${first}`).expect(200)).body.organisationId).toBe('drk-asylum');
    // The same browser (it sends its cookie along) signs in as the municipality.
    const second = tokenOf(sessionCookie(await signIn(t, w.aarhus.token, { Cookie: `hx_session=${first}` }).expect(201)));
    const old = await request(t.app).get('/v1/session').set('Cookie', `hx_session=${first}`);
    expect(old.status).toBe(401);
    expect(old.body).toEqual({
      type: 'https://handover-exchange.dk/problems/unauthenticated',
      title: 'A valid credential is required',
      status: 401,
      detail: 'the session has ended: sign in again',
      instance: expect.stringMatching(/^urn:request:/),
      code: 'unauthenticated',
    });
    expect((await request(t.app).get('/v1/session').set('Cookie', `hx_session=${second}`).expect(200)).body.organisationId).toBe('aarhus');
  });
});
