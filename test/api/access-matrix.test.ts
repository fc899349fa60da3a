/**
 * Every role against every recipients' endpoint: the addressed municipality and the sender may,
 * a second municipality and a second sender see nothing (404, no leak), the wrong role is 403,
 * a GP without assignment sees nothing, a revoked or missing credential is 401.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditorOf, gpPractice, submitFamilyWithRecord, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

type Actor = 'municipality' | 'otherMunicipality' | 'sender' | 'otherSender' | 'gp' | 'unassignedGp' | 'admin' | 'auditor' | 'revoked' | 'none';
const ACTORS: Actor[] = ['municipality', 'otherMunicipality', 'sender', 'otherSender', 'gp', 'unassignedGp', 'admin', 'auditor', 'revoked', 'none'];

let t: TestApp;
let w: World;
let tokens: Record<Actor, string | undefined>;
let doc: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEBHOOK_ALLOW_HTTP: 'true', HANDOVER_WEBHOOK_ALLOW_PRIVATE: 'true' });
  w = await setupWorld(t);
  const gp = await gpPractice(t, w.admin, 'gp-randers-1');
  const unassigned = await gpPractice(t, w.admin, 'gp-randers-2');
  // the family (fixture 02) goes to Randers (730); Aarhus is the other municipality
  ({ doc } = await submitFamilyWithRecord(t, w, '730'));
  const assigned = await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.randers.token)).send({ personRef: 'F1', gpOrganisationId: gp.id });
  expect(assigned.status).toBe(201);
  // a Randers credential that is revoked
  const cred = await request(t.app).post('/v1/admin/organisations/randers/credentials').set(as(w.admin)).send({ role: 'municipality', label: 'old case system' });
  expect((await request(t.app).post(`/v1/admin/credentials/${cred.body.credential.id}/revocation`).set(as(w.admin)).send({})).status).toBe(200);
  tokens = {
    municipality: w.randers.token,
    otherMunicipality: w.aarhus.token,
    sender: w.drk.token,
    otherSender: w.iom.token,
    gp: gp.token,
    unassignedGp: unassigned.token,
    admin: w.admin,
    auditor: await auditorOf(t, w.admin),
    revoked: cred.body.token,
    none: undefined,
  };
});
afterAll(() => t.close());

interface Endpoint {
  method: 'get' | 'post' | 'put';
  path: () => string;
  body?: () => Record<string, unknown>;
  /** Expected status per actor; actors not named get 403 (wrong role), revoked and none 401. */
  expect: Partial<Record<Actor, number>>;
}

const H = () => `/v1/handovers/${doc.handoverId}`;
const consentChange = () => ({ personRef: 'F3', audience: 'school-psychology', scope: 'social', action: 'granted', obtainedHow: 'Samtale med forældre og tolk' });

const ENDPOINTS: Record<string, Endpoint> = {
  'GET feed': { method: 'get', path: () => '/v1/municipalities/730/handovers', expect: { municipality: 200, otherMunicipality: 404 } },
  'GET deadlines': { method: 'get', path: () => '/v1/municipalities/730/deadlines', expect: { municipality: 200, otherMunicipality: 404 } },
  'GET webhook': { method: 'get', path: () => '/v1/municipalities/730/webhook', expect: { municipality: 200, otherMunicipality: 404 } },
  'PUT webhook': { method: 'put', path: () => '/v1/municipalities/730/webhook', body: () => ({ url: 'http://127.0.0.1:9/hook' }), expect: { municipality: 200, otherMunicipality: 404 } },
  'GET handover': { method: 'get', path: H, expect: { municipality: 200, sender: 200, otherMunicipality: 404, otherSender: 404 } },
  'GET PDF for the coordinating department': { method: 'get', path: () => `${H()}/pdf?audience=coordinating-department`, expect: { municipality: 200, sender: 200, otherMunicipality: 404, otherSender: 404, gp: 404, unassignedGp: 404 } },
  'GET PDF for the GP': { method: 'get', path: () => `${H()}/pdf?audience=gp`, expect: { gp: 200, unassignedGp: 404, municipality: 403, sender: 403, otherMunicipality: 404, otherSender: 404 } },
  'GET handover status': { method: 'get', path: () => `${H()}/status`, expect: { municipality: 200, sender: 200, otherMunicipality: 404, otherSender: 404 } },
  'GET handover versions': { method: 'get', path: () => `${H()}/versions`, expect: { sender: 200, otherSender: 404 } },
  'GET attachment': { method: 'get', path: () => `${H()}/versions/1/attachments/A1`, expect: { municipality: 200, sender: 200, otherMunicipality: 404, otherSender: 404 } },
  'POST acknowledgement': { method: 'post', path: () => `${H()}/acknowledgements`, body: () => ({}), expect: { municipality: 201, otherMunicipality: 404 } },
  'POST consent change': { method: 'post', path: () => `${H()}/consent-changes`, body: consentChange, expect: { municipality: 201, sender: 201, otherMunicipality: 404, otherSender: 404 } },
  'POST GP assignment': { method: 'post', path: () => `${H()}/gp-assignments`, body: () => ({ personRef: 'F2', gpOrganisationId: 'gp-randers-1' }), expect: { municipality: 201, otherMunicipality: 404 } },
  'GET results of a handover': { method: 'get', path: () => `${H()}/health-assessments`, expect: { municipality: 200, otherMunicipality: 404 } },
  'GET sender list': { method: 'get', path: () => '/v1/handovers', expect: { sender: 200, otherSender: 200 } },
  'GET GP persons': { method: 'get', path: () => '/v1/gp/persons', expect: { gp: 200, unassignedGp: 200 } },
  'GET GP summary': { method: 'get', path: () => `/v1/gp/persons/${doc.handoverId}/F1`, expect: { gp: 200, unassignedGp: 404 } },
  'GET GP results': { method: 'get', path: () => '/v1/health-assessments', expect: { gp: 200, unassignedGp: 200 } },
  'GET audit': { method: 'get', path: () => '/v1/audit', expect: { auditor: 200 } },
};

describe('roles x endpoints', () => {
  it.each(Object.keys(ENDPOINTS))('%s', async (name) => {
    const e = ENDPOINTS[name]!;
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const actor of ACTORS) {
      let r = request(t.app)[e.method](e.path());
      if (tokens[actor]) r = r.set(as(tokens[actor]!));
      const res = e.body ? await r.send(e.body()) : await r;
      got[actor] = res.status;
      want[actor] = e.expect[actor] ?? (actor === 'revoked' || actor === 'none' ? 401 : 403);
      if (res.status >= 400) expect(res.headers['content-type'], `${name} as ${actor}`).toMatch(/^application\/problem\+json/);
    }
    expect(got).toEqual(want);
  });

  it('the 404 for a handover addressed elsewhere is the same answer as for one that does not exist', async () => {
    const unknown = await request(t.app).get(`/v1/handovers/${crypto.randomUUID()}`).set(as(w.aarhus.token));
    const elsewhere = await request(t.app).get(H()).set(as(w.aarhus.token));
    const strip = (b: Doc) => ({ ...b, instance: undefined });
    expect(strip(elsewhere.body)).toEqual(strip(unknown.body));
  });
});
