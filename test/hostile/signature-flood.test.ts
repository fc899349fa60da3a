/**
 * Reliability catalogue 37 (its timing half is `npm run bench`, "Flood", since tests assert no
 * timings here): a flood of invalid signatures interleaved with valid submissions. Every invalid
 * one is refused with the rule it broke, nothing of it is stored, each leaves exactly one audit
 * event, and every valid one is accepted meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleAdult } from '../helpers/handovers.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { makeKey, postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  // All 165 in flight at once, above the default admission limit: this test is about the answers, not about 429.
  t = await startTestApp({ HANDOVER_MAX_CONCURRENT_SUBMISSIONS: '1000' });
  w = await setupWorld(t);
});
afterAll(() => t.close());

function flipSignatureBit(jws: string): string {
  const [h, p, s] = jws.split('.');
  const sig = Buffer.from(s!, 'base64url');
  sig[sig.length >> 1]! ^= 0x01;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

describe('a flood of invalid signatures', () => {
  it('refuses 150 invalid submissions by their rule while 15 valid ones are accepted, storing and auditing exactly what it should', async () => {
    const stranger = await makeKey('ES256', 'unregistered');
    const kinds = [
      { code: 'jws-signature-invalid', make: async () => flipSignatureBit(await signCompact(singleAdult(), w.drk.key)) },
      { code: 'signing-key-unknown', make: async () => signCompact(singleAdult(), stranger) },
      { code: 'signing-key-wrong-organisation', make: async () => signCompact(singleAdult(), w.iom.key) },
    ];
    const invalid = await Promise.all(Array.from({ length: 150 }, async (_, i) => ({ code: kinds[i % 3]!.code, jws: await kinds[i % 3]!.make() })));
    const valid = await Promise.all(Array.from({ length: 15 }, async () => signCompact(singleAdult(), w.drk.key)));
    const before = await submittedCounts(t.deps);
    const submitEvents = async () => {
      const out = [];
      for await (const e of t.deps.audit.all()) if (e.action === 'handover.submit') out.push(e);
      return out;
    };
    const auditBefore = (await submitEvents()).length;

    // Ten invalid for every valid one, all in flight together.
    const sent = [...invalid.map((x) => ({ ...x, valid: false })), ...valid.map((jws) => ({ jws, code: 'ok', valid: true }))].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(sent.map(async (s) => ({ s, res: await postCompact(t, w.drk.token, s.jws) })));

    for (const { s, res } of answers) {
      if (s.valid) expect(res.status, res.text).toBe(201);
      else {
        expect(res.status, res.text).toBe(422);
        expect(JSON.parse(res.text).code).toBe(s.code);
      }
    }
    const after = await submittedCounts(t.deps);
    expect(after).toEqual({ ...before, handovers: before.handovers + 15, contents: before.contents + 15 });
    const events = (await submitEvents()).slice(auditBefore);
    expect(events).toHaveLength(165);
    expect(events.filter((e) => e.outcome === 'ok')).toHaveLength(15);
    for (const kind of kinds) expect(events.filter((e) => e.outcome === `rejected:${kind.code}`)).toHaveLength(50);
  });
});
