/**
 * Fair limits per credential and per organisation: one client's flood is refused with 429 before
 * its bodies are read or verified, while another client's submissions go through; every refusal
 * says when to retry (Retry-After) and which limit it hit (RateLimit, RateLimit-Policy). Reads
 * likewise per credential, and anonymous dry-run validation per client address.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/services/credentials.js';
import { singleAdult, quotaFamily } from '../helpers/handovers.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_SUBMISSIONS_PER_SECOND_PER_CREDENTIAL: '3', HANDOVER_SUBMISSIONS_PER_SECOND_PER_ORGANISATION: '5', HANDOVER_MAX_CONCURRENT_PER_CREDENTIAL: '2' });
  w = await setupWorld(t);
});
afterAll(() => t.close());

/** A valid handover with one signature bit flipped: refused at the signature, after the cheap checks. */
async function forged(): Promise<string> {
  const jws = await signCompact(singleAdult(), w.drk.key);
  const [h, p, s] = jws.split('.') as [string, string, string];
  const sig = Buffer.from(s, 'base64url');
  sig[10]! ^= 1;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

describe('per credential', () => {
  it("refuses one credential's flood with 429 and headers, while another organisation's submissions are accepted", async () => {
    const flood = await Promise.all(Array.from({ length: 20 }, () => forged()));
    const before = await submittedCounts(t.deps);
    const others = await Promise.all([quotaFamily(), quotaFamily()].map(async (doc) => signCompact(doc, w.iom.key)));
    const [floodAnswers, otherAnswers] = await Promise.all([Promise.all(flood.map((jws) => postCompact(t, w.drk.token, jws))), Promise.all(others.map((jws) => postCompact(t, w.iom.token, jws)))]);

    expect(otherAnswers.map((r) => r.status)).toEqual([201, 201]);
    const refused = floodAnswers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(15);
    expect(floodAnswers.every((r) => r.status === 429 || r.status === 422)).toBe(true);
    for (const r of refused) {
      expect(r.body).toMatchObject({ code: 'too-many-submissions', status: 429 });
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(String(r.body.detail)).toMatch(/per credential|one credential at once/);
    }
    const rated = refused.filter((r) => r.headers['ratelimit-policy']);
    for (const r of rated) expect(r.headers['ratelimit-policy']).toBe('"per-credential";q=3;w=1');
    // Only the other organisation's two handovers were stored.
    expect((await submittedCounts(t.deps)).handovers).toBe(before.handovers + 2);
  });

  it('answers an admitted submission with the RateLimit headers of what is left', async () => {
    await new Promise((r) => setTimeout(r, 1_100));
    const res = await postCompact(t, w.iom.token, await signCompact(quotaFamily(), w.iom.key));
    expect(res.status).toBe(201);
    expect(res.headers['ratelimit-policy']).toBe('"per-credential";q=3;w=1');
    expect(res.headers.ratelimit).toMatch(/^"per-credential";r=[0-2];t=1$/);
  });
});

describe('per organisation', () => {
  it("counts all of an organisation's credentials together", async () => {
    await new Promise((r) => setTimeout(r, 1_100));
    const tokens = [w.drk.token];
    for (let i = 0; i < 2; i++) tokens.push((await issueCredential(t.deps.organisations, { organisationId: 'drk-asylum', role: 'sender' }, new Date())).token);
    const jwss = await Promise.all(Array.from({ length: 6 }, () => signCompact(singleAdult(), w.drk.key)));
    // Two per credential (within its in-flight and per-second limits), six in all: one more than the organisation's five per second.
    const answers = await Promise.all(jwss.map((jws, i) => postCompact(t, tokens[i % 3]!, jws)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.headers['ratelimit-policy']).toBe('"per-organisation";q=5;w=1');
    expect(refused[0]!.body.detail).toMatch(/per organisation/);
  });
});

describe('reads per credential, anonymous validation per address', () => {
  let r: TestApp;
  let rw: World;
  beforeAll(async () => {
    r = await startTestApp({
      HANDOVER_READS_PER_SECOND_PER_CREDENTIAL: '5',
      HANDOVER_MAX_CONCURRENT_READS_PER_CREDENTIAL: '3',
      HANDOVER_VALIDATIONS_PER_SECOND_PER_ADDRESS: '3',
      HANDOVER_MAX_CONCURRENT_VALIDATIONS_PER_ADDRESS: '2',
      // The test's requests all come from 127.0.0.1: a trusted proxy's X-Forwarded-For tells the addresses apart.
      HANDOVER_TRUST_PROXY: 'loopback',
    });
    rw = await setupWorld(r);
  });
  afterAll(() => r.close());

  const feed = (token: string) => request(r.app).get('/v1/municipalities/751/handovers').set('Authorization', `Bearer ${token}`);
  const pause = () => new Promise((done) => setTimeout(done, 1_100));
  const otherCredential = async () => (await issueCredential(r.deps.organisations, { organisationId: 'aarhus', role: 'municipality' }, new Date())).token;

  it("refuses a credential's reads past its rate with 429, Retry-After and the policy, while another credential of the same municipality is served", async () => {
    await pause();
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await feed(rw.aarhus.token));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = answers[5]!;
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toEqual({
      type: 'https://handover-exchange.dk/problems/too-many-requests',
      title: 'Too many requests from this caller',
      status: 429,
      detail: 'at most 5 reads of one credential per second',
      instance: expect.stringMatching(/^urn:request:/),
      code: 'too-many-requests',
    });
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['ratelimit-policy']).toBe('"reads-per-credential";q=5;w=1');
    // The other credential has a share of its own.
    expect((await feed(await otherCredential())).status).toBe(200);
    // And the first is served again once its second is over.
    await pause();
    expect((await feed(rw.aarhus.token)).status).toBe(200);
  });

  it("refuses a 16-request flood from one credential past its share (in flight and per second) and still serves another credential's reads meanwhile", async () => {
    await pause();
    const flooder = await otherCredential();
    const other = await otherCredential();
    const [flood, others] = await Promise.all([Promise.all(Array.from({ length: 16 }, () => feed(flooder))), Promise.all([feed(other), feed(other)])]);
    expect(others.map((a) => a.status)).toEqual([200, 200]);
    const served = flood.filter((a) => a.status === 200).length;
    const refused = flood.filter((a) => a.status === 429);
    // At most 3 at once and 5 in the second: 11 or more of 16 refused, nothing else answered.
    expect(served).toBeGreaterThanOrEqual(1);
    expect(served).toBeLessThanOrEqual(5);
    expect(refused).toHaveLength(16 - served);
    for (const a of refused) {
      expect(a.body).toMatchObject({ type: 'https://handover-exchange.dk/problems/too-many-requests', status: 429, code: 'too-many-requests' });
      expect(a.body.detail).toMatch(/^at most (3 reads of one credential at once|5 reads of one credential per second)$/);
      expect(a.headers['retry-after']).toBe('1');
    }
  });

  it('refuses anonymous validations from one address past its rate, while another address and a signed-in caller at the same address are served', async () => {
    const doc = singleAdult();
    const validate = (address: string) => request(r.app).post('/v1/validate').set('X-Forwarded-For', address).send(doc);
    // Six validations one after another within the rate's one-second window: on a loaded machine
    // six can take longer, and the window starts afresh under them (then tried again, from a new address).
    let answers: request.Response[] = [];
    let address = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      await pause();
      address = `198.51.100.${7 + attempt * 10}`;
      const started = Date.now();
      answers = [];
      for (let i = 0; i < 5; i++) answers.push(await validate(address));
      // A credential that does not authenticate is no way around the address's share.
      answers.push(await validate(address).set('Authorization', 'Bearer hx1.000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
      if (Date.now() - started < 900) break;
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429, 429]);
    expect(answers[3]!.body).toEqual({
      type: 'https://handover-exchange.dk/problems/too-many-requests',
      title: 'Too many requests from this caller',
      status: 429,
      detail: 'at most 3 anonymous validations from one address per second',
      instance: expect.stringMatching(/^urn:request:/),
      code: 'too-many-requests',
    });
    expect(answers[3]!.headers['retry-after']).toBe('1');
    expect(answers[3]!.headers['ratelimit-policy']).toBe('"validations-per-address";q=3;w=1');
    expect((await validate('198.51.100.8')).status).toBe(200);
    // Signed in, the same address counts against the credential, not the address.
    expect((await validate(address).set('Authorization', `Bearer ${rw.drk.token}`)).status).toBe(200);
  });
});
