/**
 * Reliability catalogue 52: webhook targets on loopback, private, link-local or metadata
 * addresses are refused at registration and again at delivery, after DNS resolution (a name
 * that was public at registration can point inside later). The service runs here without
 * HANDOVER_WEBHOOK_ALLOW_PRIVATE, as in production, with http allowed so a local receiver can
 * prove that nothing reached it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/domain/public-address.js';
import { as, singleAdult, submit } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_WEBHOOK_ALLOW_HTTP: 'true', HANDOVER_WEBHOOK_POLL_MS: '50', HANDOVER_WEBHOOK_RETRY_BASE_MS: '50', HANDOVER_WEBHOOK_MAX_ATTEMPTS: '2', HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const register = (url: string) => request(t.app).put('/v1/municipalities/751/webhook').set(as(w.aarhus.token)).send({ url });

describe('the address rule', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.0.0.7', false],
    ['172.16.4.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00:ec2::254', false],
    ['::ffff:127.0.0.1', false],
    ['64:ff9b::a00:1', false],
    ['2002:7f00:1::', false],
    ['224.0.0.1', false],
    ['8.8.8.8', true],
    ['2a00:1450:4001:80b::200e', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('registration refuses non-public targets (validation-failed, 422, /url publicAddress)', () => {
  it.each([
    'https://127.0.0.1:9/hook',
    'https://[::1]/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fd00:ec2::254]/',
    'https://10.1.2.3/hook',
    'https://[::ffff:192.168.0.1]/hook',
    'https://localhost/hook',
    'https://0x7f000001/hook',
    'https://2130706433/hook',
  ])('refuses %s and stores nothing', async (url) => {
    const body = expectProblem(await register(url), 422, 'validation-failed');
    expect(body.errors).toEqual([{ pointer: '/url', keyword: 'publicAddress', message: expect.stringContaining('not a public address') }]);
    expect((await request(t.app).get('/v1/municipalities/751/webhook').set(as(w.aarhus.token))).body.webhook).toBeNull();
  });

  it('accepts a name that does not resolve from here yet: its deliveries are checked when they happen', async () => {
    expect((await register('https://not-yet-published.invalid/hook')).status).toBe(200);
    expect((await request(t.app).delete('/v1/municipalities/751/webhook').set(as(w.aarhus.token))).status).toBe(204);
  });
});

describe('delivery checks the address again after resolution', () => {
  it('does not connect when the registered name now resolves to loopback, and records why', async () => {
    // As if "localhost" had been a public name at registration: the stored webhook is written
    // through the repository, the way a registration that passed would have written it.
    const port = new URL(receiver.url).port;
    await t.deps.notifications.outbox.setWebhook({ subscriber: '751', url: `http://localhost:${port}/hook`, registeredAt: new Date(), registeredBy: 'aarhus' });
    await submit(t, w.drk, singleAdult('751'));
    let deliveries: { status: string; lastError?: string }[] = [];
    for (let i = 0; i < 200; i++) {
      deliveries = (await request(t.app).get('/v1/municipalities/751/webhook?status=failed').set(as(w.aarhus.token))).body.deliveries;
      if (deliveries.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(deliveries[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('refused: localhost is not a public address') });
    expect(receiver.received).toEqual([]);
  });
});
