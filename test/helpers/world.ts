/**
 * A small world for API tests: the service's admin, two senders (the fixtures' DRK and IOM),
 * municipalities and a GP, with real keys registered through the real admin API.
 * Keys made here are test-only and live only in memory.
 */
import { CompactSign, exportJWK, FlattenedSign, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import request from 'supertest';
import { expect } from 'vitest';
import type { Role, SigningAlgorithm } from '../../src/domain/organisations.js';
import { issueCredential } from '../../src/services/credentials.js';
import type { TestApp } from './test-app.js';

export interface TestKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestOrg {
  id: string;
  token: string;
  key: TestKey;
}

let counter = 0;

export async function makeKey(alg: SigningAlgorithm, kidPrefix = 'k'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${kidPrefix}-${alg.toLowerCase()}-${Date.now().toString(36)}-${counter++}`;
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid } };
}

export async function adminToken(t: TestApp): Promise<string> {
  const now = t.deps.clock();
  if (!(await t.deps.organisations.findOrganisation('service'))) {
    await t.deps.organisations.createOrganisation({ id: 'service', type: 'service', name: 'handover-exchange', createdAt: now });
  }
  return (await issueCredential(t.deps.organisations, { organisationId: 'service', role: 'admin' }, now)).token;
}

export async function registerKey(t: TestApp, admin: string, organisationId: string, key: TestKey, extra: Record<string, unknown> = {}) {
  const res = await request(t.app).post(`/v1/admin/organisations/${organisationId}/keys`).set('Authorization', `Bearer ${admin}`).send({ jwk: key.publicJwk, alg: key.alg, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function createOrg(t: TestApp, admin: string, org: { id: string; type: string; name: string; municipalityCode?: string }, role: Role, alg?: SigningAlgorithm): Promise<TestOrg> {
  const created = await request(t.app).post('/v1/admin/organisations').set('Authorization', `Bearer ${admin}`).send(org);
  expect(created.status, created.text).toBe(201);
  const cred = await request(t.app).post(`/v1/admin/organisations/${org.id}/credentials`).set('Authorization', `Bearer ${admin}`).send({ role, label: 'test' });
  expect(cred.status, cred.text).toBe(201);
  const key = alg ? await makeKey(alg, org.id) : (undefined as unknown as TestKey);
  if (alg) await registerKey(t, admin, org.id, key);
  return { id: org.id, token: cred.body.token, key };
}

export interface World {
  admin: string;
  drk: TestOrg;
  iom: TestOrg;
  aarhus: TestOrg;
  randers: TestOrg;
}

export async function setupWorld(t: TestApp): Promise<World> {
  const admin = await adminToken(t);
  return {
    admin,
    drk: await createOrg(t, admin, { id: 'drk-asylum', type: 'asylum-centre-operator', name: 'Dansk Røde Kors Asylafdeling' }, 'sender', 'ES256'),
    iom: await createOrg(t, admin, { id: 'iom-kampala', type: 'iom-mission', name: 'IOM Kampala' }, 'sender', 'EdDSA'),
    aarhus: await createOrg(t, admin, { id: 'aarhus', type: 'municipality', name: 'Aarhus Kommune', municipalityCode: '751' }, 'municipality'),
    randers: await createOrg(t, admin, { id: 'randers', type: 'municipality', name: 'Randers Kommune', municipalityCode: '730' }, 'municipality'),
  };
}

export interface SignOptions {
  typ?: string;
  header?: Record<string, unknown>;
  kid?: string;
  alg?: string;
}

export async function signCompact(payload: unknown, key: TestKey, o: SignOptions = {}): Promise<string> {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(JSON.stringify(payload));
  return new CompactSign(bytes).setProtectedHeader({ alg: o.alg ?? key.alg, kid: o.kid ?? key.kid, typ: o.typ ?? 'handover+jws', ...o.header }).sign(key.privateKey);
}

export async function signFlattened(payload: unknown, key: TestKey, o: SignOptions = {}) {
  return new FlattenedSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({ alg: o.alg ?? key.alg, kid: o.kid ?? key.kid, typ: o.typ ?? 'handover+jws', ...o.header }).sign(key.privateKey);
}

export function postCompact(t: TestApp, token: string, jws: string | Buffer, path = '/v1/handovers') {
  return request(t.app).post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/jose').send(Buffer.isBuffer(jws) ? jws : Buffer.from(jws));
}

/** A fresh copy of a fixture with a new handover id, so tests do not collide. */
export function withNewId<T extends Record<string, any>>(doc: T): T {
  return { ...structuredClone(doc), handoverId: crypto.randomUUID() };
}

/**
 * Signs header and payload given as exact JSON text (jose writes objects, so it cannot make a
 * header with a member twice): ES256 or EdDSA over "<b64(header)>.<b64(payload)>".
 */
export async function signRawCompact(headerText: string, payloadText: string, key: TestKey): Promise<string> {
  const input = `${Buffer.from(headerText).toString('base64url')}.${Buffer.from(payloadText).toString('base64url')}`;
  const algorithm = key.alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' };
  if (key.alg !== 'ES256' && key.alg !== 'EdDSA') throw new Error(`signRawCompact signs ES256 or EdDSA, not ${key.alg}`);
  const signature = await crypto.subtle.sign(algorithm, key.privateKey as Parameters<typeof crypto.subtle.sign>[1], Buffer.from(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

/** The standard protected header of a handover signed with this key, as JSON text. */
export const headerTextOf = (key: TestKey, extra = '') => `{"alg":"${key.alg}","kid":"${key.kid}","typ":"handover+jws"${extra}}`;
