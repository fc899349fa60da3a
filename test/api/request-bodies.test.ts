/**
 * Request bodies that are not signed documents are validated by their JSON Schemas
 * (src/validation/request-bodies.ts): the same problem as for documents, `validation-failed`
 * with a JSON Pointer and the JSON Schema keyword per error, every error at once, nothing stored.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, gpPractice, singleAdult, submit } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let handoverId: string;
beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
  const doc = singleAdult('751');
  handoverId = doc.handoverId;
  await submit(t, w.drk, doc);
  await gpPractice(t, w.admin, 'gp-bodies');
  // What the submission left to derive (funnel, notification) is derived now, not while a case counts the collections.
  await t.deps.derivations.settle();
});
afterAll(() => t.close());

interface Case {
  what: string;
  send: (body: unknown) => request.Test;
  body: unknown;
  errors: { pointer: string; keyword: string }[];
}

const cases: () => Case[] = () => [
  { what: 'an acknowledgement', send: (b) => request(t.app).post(`/v1/handovers/${handoverId}/acknowledgements`).set(as(w.aarhus.token)).send(b as object), body: { version: '1', note: 'x'.repeat(2001), seen: true }, errors: [{ pointer: '/seen', keyword: 'additionalProperties' }, { pointer: '/version', keyword: 'type' }, { pointer: '/note', keyword: 'maxLength' }] },
  { what: 'a consent change', send: (b) => request(t.app).post(`/v1/handovers/${handoverId}/consent-changes`).set(as(w.aarhus.token)).send(b as object), body: { personRef: 'P1', audience: 'neighbours', scope: 'health', action: 'granted', effectiveAt: 'yesterday' }, errors: [{ pointer: '/obtainedHow', keyword: 'required' }, { pointer: '/audience', keyword: 'enum' }, { pointer: '/effectiveAt', keyword: 'format' }] },
  { what: 'a GP assignment', send: (b) => request(t.app).post(`/v1/handovers/${handoverId}/gp-assignments`).set(as(w.aarhus.token)).send(b as object), body: { personRef: 7 }, errors: [{ pointer: '/gpOrganisationId', keyword: 'required' }, { pointer: '/personRef', keyword: 'type' }] },
  { what: 'a webhook', send: (b) => request(t.app).put('/v1/municipalities/751/webhook').set(as(w.aarhus.token)).send(b as object), body: { url: 5, secret: 'x' }, errors: [{ pointer: '/secret', keyword: 'additionalProperties' }, { pointer: '/url', keyword: 'type' }] },
  { what: 'an organisation', send: (b) => request(t.app).post('/v1/admin/organisations').set(as(w.admin)).send(b as object), body: { id: 'X Y', type: 'municipality', name: '' }, errors: [{ pointer: '/municipalityCode', keyword: 'required' }, { pointer: '/id', keyword: 'pattern' }, { pointer: '/name', keyword: 'minLength' }] },
  { what: 'a non-municipality with a code', send: (b) => request(t.app).post('/v1/admin/organisations').set(as(w.admin)).send(b as object), body: { id: 'gp-x', type: 'gp-practice', name: 'Lægerne', municipalityCode: '751' }, errors: [{ pointer: '/municipalityCode', keyword: 'false schema' }] },
  { what: 'a signing key', send: (b) => request(t.app).post('/v1/admin/organisations/drk-asylum/keys').set(as(w.admin)).send(b as object), body: { alg: 'HS256', validFrom: '2026-01-01' }, errors: [{ pointer: '/jwk', keyword: 'required' }, { pointer: '/alg', keyword: 'enum' }, { pointer: '/validFrom', keyword: 'format' }] },
  { what: 'a key revocation', send: (b) => request(t.app).post(`/v1/admin/keys/${w.drk.key.kid}/revocation`).set(as(w.admin)).send(b as object), body: { reason: '' }, errors: [{ pointer: '/reason', keyword: 'minLength' }] },
  { what: 'a credential', send: (b) => request(t.app).post('/v1/admin/organisations/drk-asylum/credentials').set(as(w.admin)).send(b as object), body: { role: 'root', label: 42 }, errors: [{ pointer: '/role', keyword: 'enum' }, { pointer: '/label', keyword: 'type' }] },
];

describe('request bodies are checked against their schemas (validation-failed, 422)', () => {
  it.each(cases().map((c) => [c.what, c.what] as const))('refuses %s that breaks its schema, naming every field and keyword', async (what) => {
    const c = cases().find((x) => x.what === what)!;
    const before = await t.deps.db.connection.db!.listCollections().toArray();
    const counts = async () => Object.fromEntries(await Promise.all(before.map(async (col) => [col.name, await t.deps.db.connection.db!.collection(col.name).countDocuments({})])));
    const stored = await counts();
    const body = expectProblem(await c.send(c.body), 422, 'validation-failed');
    expect(body.errors!.map(({ pointer, keyword }) => ({ pointer, keyword })).sort((a, b) => a.pointer.localeCompare(b.pointer))).toEqual([...c.errors].sort((a, b) => a.pointer.localeCompare(b.pointer)));
    const after = await counts();
    // Only the audit log may grow (reads are audited: a pending record, then the chain); nothing the body asked for is stored.
    for (const [name, n] of Object.entries(stored)) if (name !== 'audit_events' && name !== 'audit_pending') expect([name, after[name]]).toEqual([name, n]);
    expect(await request(t.app).get('/healthz').then((r) => r.status)).toBe(200);
    expect(what).toBe(c.what);
  });

  it('still applies what only the use case knows, after the schema: a person of this handover, a registered GP practice', async () => {
    const res = await request(t.app).post(`/v1/handovers/${handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'Z9', gpOrganisationId: 'aarhus' });
    const body = expectProblem(res, 422, 'validation-failed');
    expect(body.errors!.map((e) => e.keyword).sort()).toEqual(['gpPractice', 'knownPersonRef']);
  });
});
