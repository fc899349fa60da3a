/**
 * Reliability case 44: names and diagnoses of the persons never appear in the application log
 * (at debug level) or in the audit log, whatever the request did: accepted, rejected, read as
 * JSON or PDF, acknowledged.
 */
import { Writable } from 'node:stream';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { createLogger } from '../../src/logger.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, auditorOf, type Doc } from '../helpers/handovers.js';
import { testAppOf, uniqueDbName, type TestApp, testDatabase } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, withNewId, type World } from '../helpers/world.js';
import os from 'node:os';

let logged = '';
let t: TestApp;
let deps: Deps;
let w: World;
beforeAll(async () => {
  const config = loadConfig({ HANDOVER_LOG_LEVEL: 'debug', HANDOVER_DB_NAME: uniqueDbName(), HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_SERVICE_KEY_FILE: path.join(os.tmpdir(), `handover-privacy-${process.pid}.test-only.private.jwk.json`) });
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged += String(chunk);
      done();
    },
  });
  deps = await buildDeps(config, createLogger('debug', sink), testDatabase());
  t = testAppOf(deps, config);
  w = await setupWorld(t);
});
afterAll(() => t.close());

it('keeps names, medications and diagnoses out of the application log and the audit log', async () => {
  const doc = withNewId(readValidFixture<Doc>('06-ptsd-medication-runs-out'));
  doc.recipient.municipalityCode = '751';
  const accepted = await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key));
  expect(accepted.status, accepted.text).toBe(201);
  // rejected: the same person with an impossible date, and with an extra field holding the name
  const bad = structuredClone(doc);
  bad.handoverId = crypto.randomUUID();
  bad.persons[0].socialInformation.identity.dateOfBirth = '1990-02-30';
  bad.persons[0].socialInformation.identity.nickname = bad.persons[0].socialInformation.identity.givenNames;
  expect((await postCompact(t, w.drk.token, await signCompact(bad, w.drk.key))).status).toBe(422);
  expect((await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token))).status).toBe(200);
  expect((await request(t.app).get(`/v1/handovers/${doc.handoverId}/pdf?audience=coordinating-department`).set(as(w.aarhus.token))).status).toBe(200);
  expect((await request(t.app).get('/v1/municipalities/751/handovers').set(as(w.aarhus.token))).status).toBe(200);
  expect((await request(t.app).post(`/v1/handovers/${doc.handoverId}/acknowledgements`).set(as(w.aarhus.token)).send({ caseworker: 'Mette Holm', note: 'Modtaget' })).status).toBe(201);
  const audit = await request(t.app).get(`/v1/audit?limit=500`).set(as(await auditorOf(t, w.admin)));
  expect(audit.status).toBe(200);
  const auditText = JSON.stringify(audit.body);

  const person = doc.persons[0];
  const secrets = [
    person.socialInformation.identity.givenNames,
    person.socialInformation.identity.familyName,
    person.socialInformation.identity.nameInOriginalScript,
    ...person.healthScreening.medications.entries.map((m: Doc) => m.name),
    ...person.healthScreening.mentalHealth.diagnoses.entries.map((d: Doc) => d.description),
    'Mette Holm',
  ];
  expect(logged.length).toBeGreaterThan(1000);
  expect(logged).toContain(doc.handoverId);
  expect(auditText).toContain(doc.handoverId);
  for (const secret of secrets) {
    expect(logged, `application log contains ${secret}`).not.toContain(secret);
    expect(auditText, `audit log contains ${secret}`).not.toContain(secret);
  }
});
