/**
 * Reliability catalogue 42 and 46: a sender's key rotated (and revoked) after signing; the stored
 * bytes and the historical public key still verify offline, with the receipt; one altered byte,
 * another key or another service's keys fail. Policy: a signature counts when its key was valid
 * at receipt, so a revocation dated after receipt leaves it standing and a backdated one does not.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleAdult, as } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { rawRequest } from '../helpers/raw-request.js';
import { runCli } from '../helpers/cli.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { makeKey, postCompact, registerKey, setupWorld, signCompact, signFlattened, type TestKey, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let dir: string;
let jwksFile: string;

const run = (args: string[]) => runCli(t, args, { HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile });

beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-evidence-'));
  jwksFile = path.join(dir, 'service-jwks.json');
  fs.writeFileSync(jwksFile, JSON.stringify((await request(t.app).get('/.well-known/jwks.json')).body));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function exportEvidence(handoverId: string, name: string) {
  const file = path.join(dir, name);
  const res = await run(['evidence', 'export', handoverId, '--version', '1', '--out', file]);
  expect(res.status, res.stderr).toBe(0);
  return file;
}

const verify = (file: string, jwks = jwksFile) => run(['evidence', 'verify', file, '--jwks', jwks]);

function edited(file: string, name: string, change: (p: Record<string, any>) => void) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(p);
  const out = path.join(dir, name);
  fs.writeFileSync(out, JSON.stringify(p));
  return out;
}

async function rotate(old: TestKey, revokedAt?: string) {
  const next = await makeKey(old.alg, 'rotated');
  await registerKey(t, w.admin, 'drk-asylum', next);
  const res = await request(t.app).post(`/v1/admin/keys/${old.kid}/revocation`).set(as(w.admin)).send({ reason: 'scheduled rotation', ...(revokedAt ? { revokedAt } : {}) });
  expect(res.status, res.text).toBe(200);
  return next;
}

describe('signing keys rotated after signing (catalogue 42)', () => {
  it('keeps earlier handovers readable and verifiable, refuses the old key from then on, and takes the new one', async () => {
    const old = await makeKey('ES256', 'before-rotation');
    await registerKey(t, w.admin, 'drk-asylum', old);
    const doc = singleAdult();
    expect((await postCompact(t, w.drk.token, await signCompact(doc, old))).status).toBe(201);
    const next = await rotate(old);

    expectProblem(await postCompact(t, w.drk.token, await signCompact(singleAdult(), old)), 422, 'signing-key-revoked');
    expect((await postCompact(t, w.drk.token, await signCompact(singleAdult(), next))).status).toBe(201);
    const read = await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token));
    expect(read.status, read.text).toBe(200);

    const file = await exportEvidence(doc.handoverId, 'rotated.json');
    const res = await verify(file);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain(`VERIFIED: handover ${doc.handoverId} version 1`);
    expect(res.stdout).toMatch(/ok {3}key validity: valid at receipt; revoked later/);
  });

  it('applies a revocation backdated before receipt as written: the handover stays stored, its evidence no longer verifies', async () => {
    const old = await makeKey('ES256', 'compromised');
    await registerKey(t, w.admin, 'drk-asylum', old);
    const doc = singleAdult();
    expect((await postCompact(t, w.drk.token, await signCompact(doc, old))).status).toBe(201);
    await rotate(old, new Date(Date.now() - 24 * 3600_000).toISOString());
    expect((await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token))).status).toBe(200);
    const res = await verify(await exportEvidence(doc.handoverId, 'backdated.json'));
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('FAIL key validity: the key was revoked at receipt');
    expect(res.stdout).toMatch(/ok {3}signature/);
  });
});

describe('offline re-verification of stored bytes (catalogue 46)', () => {
  it('verifies compact and flattened submissions with the historical key and the receipt; one altered byte, another key or other service keys fail', async () => {
    const compactDoc = singleAdult();
    expect((await postCompact(t, w.drk.token, await signCompact(compactDoc, w.drk.key))).status).toBe(201);
    const flatDoc = singleAdult();
    const flat = await signFlattened(flatDoc, w.drk.key);
    const flatRes = await rawRequest(t.app, 'POST', '/v1/handovers', { ...as(w.drk.token), 'Content-Type': 'application/jose+json' }, Buffer.from(JSON.stringify(flat)));
    expect(flatRes.status, flatRes.text).toBe(201);

    const compactFile = await exportEvidence(compactDoc.handoverId, 'compact.json');
    const flatFile = await exportEvidence(flatDoc.handoverId, 'flattened.json');
    for (const f of [compactFile, flatFile]) {
      const res = await verify(f);
      expect(res.status, res.stdout + res.stderr).toBe(0);
      expect(res.stdout.match(/^ok /gm)).toHaveLength(5);
    }

    // One byte of the signed payload changed.
    const altered = edited(compactFile, 'altered.json', (p) => {
      const i = p.jws.indexOf('.') + 20;
      p.jws = p.jws.slice(0, i) + (p.jws[i] === 'A' ? 'B' : 'A') + p.jws.slice(i + 1);
    });
    const a = await verify(altered);
    expect(a.status).toBe(1);
    for (const name of ['bytes', 'receipt', 'signature']) expect(a.stdout).toContain(`FAIL ${name}`);

    // The same change with the digest "fixed up" to match: the receipt still gives it away.
    const fixed = edited(altered, 'fixed-up.json', (p) => (p.jwsSha256 = createHash('sha256').update(Buffer.from(p.jws, 'latin1')).digest('hex')));
    const b = await verify(fixed);
    expect(b.status).toBe(1);
    expect(b.stdout).toContain('FAIL receipt: the receipt acknowledges other bytes');

    // Another key put in the package.
    const other = await makeKey('ES256', 'other');
    const c = await verify(edited(compactFile, 'other-key.json', (p) => (p.senderKey.publicJwk = other.publicJwk)));
    expect(c.status).toBe(1);
    expect(c.stdout).toContain('FAIL key: the public key does not have the fingerprint recorded at receipt');
    expect(c.stdout).toContain('FAIL signature');

    // Checked against keys that are not this service's.
    const foreign = path.join(dir, 'foreign-jwks.json');
    fs.writeFileSync(foreign, JSON.stringify({ keys: [{ ...(await makeKey('ES256', 'svc')).publicJwk, use: 'sig', alg: 'ES256' }] }));
    const d = await verify(compactFile, foreign);
    expect(d.status).toBe(1);
    expect(d.stdout).toContain('FAIL receipt');
  });

  it('answers a usage error with 2 and an unknown handover with 1', async () => {
    expect((await run(['evidence', 'export'])).status).toBe(2);
    expect((await run(['evidence', 'export', crypto.randomUUID(), '--version', '1', '--out', path.join(dir, 'none.json')])).status).toBe(1);
  });
});
