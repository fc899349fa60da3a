/**
 * Fair limits per credential and per organisation: one client's flood is refused with 429 before
 * its bodies are read or verified, while another client's submissions go through; every refusal
 * says when to retry (Retry-After) and which limit it hit (RateLimit, RateLimit-Policy).
 */
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
