/**
 * Credentials and signing keys that age: optional expiry with a warning period (admin API and
 * metrics), last use per credential, and docs/api.md's rotation procedure (issue the new one,
 * switch, revoke the old) carried out while a sender submits and a municipality reads without
 * pause: no request fails.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, singleAdult } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { makeKey, postCompact, registerKey, setupWorld, signCompact, type TestKey, type World } from '../helpers/world.js';

const METRICS = 'metrics-token-for-tests-only-rotation-0123456789';
const DAY = 86_400_000;
let t: TestApp;
let w: World;
/** The service's clock runs this far ahead of the real one (expiry is tested by moving it). */
let aheadMs = 0;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_METRICS_TOKEN: METRICS, HANDOVER_EXPIRY_WARNING_DAYS: '30', HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date(Date.now() + aheadMs) });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const admin = () => as(w.admin);
const issue = (org: string, body: Record<string, unknown>) => request(t.app).post(`/v1/admin/organisations/${org}/credentials`).set(admin()).send(body);
const credentialsOf = async (org: string) => (await request(t.app).get(`/v1/admin/organisations/${org}/credentials`).set(admin()).expect(200)).body.credentials as Record<string, any>[];
const metric = async (name: string, state: string) => {
  const text = (await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS}`).expect(200)).text;
  return Number(new RegExp(`^${name}\\{state="${state}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
};

describe('expiry and last use', () => {
  it('issues a credential with expiresAt, shows it as expiring within the warning period, and refuses it once expired (401)', async () => {
    const before = await metric('handover_credentials', 'expiring');
    const expiresAt = new Date(Date.now() + 10 * DAY).toISOString();
    const res = await issue('aarhus', { role: 'municipality', label: 'case system 2026', expiresAt });
    expect(res.status, res.text).toBe(201);
    expect(res.body.credential).toMatchObject({ role: 'municipality', label: 'case system 2026', expiresAt, state: 'expiring' });
    expect(res.body.credential.secretHash).toBeUndefined();
    const token = res.body.token as string;
    await request(t.app).get('/v1/municipalities/751/handovers').set(as(token)).expect(200);

    const listed = (await credentialsOf('aarhus')).find((c) => c.id === res.body.credential.id)!;
    expect(listed).toMatchObject({ state: 'expiring', expiresAt });
    expect(listed.secretHash).toBeUndefined();
    // Last use is written after the answer (best effort); it shows up within moments.
    await expect.poll(async () => (await credentialsOf('aarhus')).find((c) => c.id === res.body.credential.id)!.lastUsedAt, { timeout: 5_000 }).toBeTruthy();
    expect(await metric('handover_credentials', 'expiring')).toBe(before + 1);

    aheadMs = 11 * DAY;
    try {
      expectProblem(await request(t.app).get('/v1/municipalities/751/handovers').set(as(token)), 401, 'unauthenticated');
      const after = (await credentialsOf('aarhus')).find((c) => c.id === res.body.credential.id)!;
      expect(after.state).toBe('expired');
      expect(await metric('handover_credentials', 'expired')).toBeGreaterThanOrEqual(1);
    } finally {
      aheadMs = 0;
    }
  });

  it('refuses an expiresAt in the past or not a date-time (422 naming /expiresAt)', async () => {
    expect(expectProblem(await issue('aarhus', { role: 'municipality', expiresAt: '2020-01-01T00:00:00Z' }), 422, 'validation-failed').errors).toEqual([{ pointer: '/expiresAt', keyword: 'dateOrder', message: 'must be in the future' }]);
    expect(expectProblem(await issue('aarhus', { role: 'municipality', expiresAt: 'next week' }), 422, 'validation-failed').errors).toMatchObject([{ pointer: '/expiresAt', keyword: 'format' }]);
    expect((await credentialsOf('aarhus')).filter((c) => c.expiresAt === '2020-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('shows signing keys by state: expiring within the warning period, active beyond it, counted in the metrics', async () => {
    const soon = await makeKey('ES256', 'drk-soon');
    const later = await makeKey('ES256', 'drk-later');
    const before = await metric('handover_signing_keys', 'expiring');
    await registerKey(t, w.admin, 'drk-asylum', soon, { validUntil: new Date(Date.now() + 20 * DAY).toISOString() });
    await registerKey(t, w.admin, 'drk-asylum', later, { validUntil: new Date(Date.now() + 90 * DAY).toISOString() });
    const keys = (await request(t.app).get('/v1/admin/organisations/drk-asylum/keys').set(admin()).expect(200)).body.keys as Record<string, any>[];
    expect(keys.find((k) => k.kid === soon.kid)!.state).toBe('expiring');
    expect(keys.find((k) => k.kid === later.kid)!.state).toBe('active');
    expect(await metric('handover_signing_keys', 'expiring')).toBe(before + 1);
  });
});

describe('rotation under load (docs/api.md: "Rotating a credential and a signing key")', () => {
  it('a sender and a municipality rotate credential and key while working: every request succeeds, the old ones are refused afterwards', async () => {
    // The sender's and the municipality's current secrets, as their systems hold them.
    const sender = { token: (await issue('drk-asylum', { role: 'sender', label: 'old', expiresAt: new Date(Date.now() + 5 * DAY).toISOString() })).body.token as string, key: await makeKey('ES256', 'drk-old') };
    await registerKey(t, w.admin, 'drk-asylum', sender.key, { validUntil: new Date(Date.now() + 7 * DAY).toISOString() });
    const reader = { token: (await issue('aarhus', { role: 'municipality', label: 'old' })).body.token as string };
    const old = { token: sender.token, key: sender.key, reader: reader.token };

    const failures: string[] = [];
    const inFlight = new Map<string, number>();
    let accepted = 0;
    let reads = 0;
    let running = true;
    const track = async <T>(token: string, work: () => Promise<T>): Promise<T> => {
      inFlight.set(token, (inFlight.get(token) ?? 0) + 1);
      try {
        return await work();
      } finally {
        inFlight.set(token, inFlight.get(token)! - 1);
      }
    };
    const submitter = async () => {
      while (running) {
        const { token, key } = sender;
        const res = await track(token, async () => postCompact(t, token, await signCompact(singleAdult('751'), key)));
        if (res.status === 201) accepted++;
        else failures.push(`submit ${res.status} ${res.text.slice(0, 200)}`);
      }
    };
    const feedReader = async () => {
      while (running) {
        const token = reader.token;
        const res = await track(token, () => request(t.app).get('/v1/municipalities/751/handovers?limit=20').set(as(token)));
        if (res.status === 200) reads++;
        else failures.push(`feed ${res.status} ${res.text.slice(0, 200)}`);
      }
    };
    const drained = (token: string) => expect.poll(() => inFlight.get(token) ?? 0, { timeout: 20_000, interval: 10 }).toBe(0);
    const load = Promise.all([submitter(), submitter(), submitter(), feedReader(), feedReader()]);

    await expect.poll(() => accepted, { timeout: 20_000 }).toBeGreaterThan(5);
    // 1. Issue the new credential and register the new key beside the old ones.
    const newKey = await makeKey('ES256', 'drk-new');
    await registerKey(t, w.admin, 'drk-asylum', newKey);
    const newSender = (await issue('drk-asylum', { role: 'sender', label: 'new' })).body.token as string;
    const newReader = (await issue('aarhus', { role: 'municipality', label: 'new' })).body.token as string;
    // 2. Switch: new requests use the new ones; those already sent finish with the old.
    sender.token = newSender;
    sender.key = newKey;
    reader.token = newReader;
    await drained(old.token);
    await drained(old.reader);
    const acceptedAtSwitch = accepted;
    // 3. Revoke the old credential and key, while the work goes on.
    await request(t.app).post(`/v1/admin/credentials/${old.token.split('.')[1]}/revocation`).set(admin()).expect(200);
    await request(t.app).post(`/v1/admin/credentials/${old.reader.split('.')[1]}/revocation`).set(admin()).expect(200);
    await request(t.app).post(`/v1/admin/keys/${old.key.kid}/revocation`).set(admin()).send({ reason: 'rotated' }).expect(200);
    await expect.poll(() => accepted, { timeout: 20_000 }).toBeGreaterThan(acceptedAtSwitch + 10);
    running = false;
    await load;

    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(20);
    expect(reads).toBeGreaterThan(5);
    // The old ones are refused now.
    expectProblem(await postCompact(t, old.token, await signCompact(singleAdult('751'), newKey)), 401, 'unauthenticated');
    expectProblem(await request(t.app).get('/v1/municipalities/751/handovers').set(as(old.reader)), 401, 'unauthenticated');
    expectProblem(await postCompact(t, newSender, await signCompact(singleAdult('751'), old.key)), 422, 'signing-key-revoked');
    const states = Object.fromEntries((await credentialsOf('drk-asylum')).map((c) => [c.label, c.state]));
    expect(states).toMatchObject({ old: 'revoked', new: 'active' });
  }, 120_000);
});
