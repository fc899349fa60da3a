/** Submitting fixture handovers through the real API, for the recipients' tests. */
import fs from 'node:fs';
import request from 'supertest';
import { expect } from 'vitest';
import { readValidFixture } from './fixtures.js';
import type { TestApp } from './test-app.js';
import type { Caller } from '../../src/domain/organisations.js';
import { buildVersionRecord, verifySubmission } from '../../src/services/submit-handover.js';
import { createOrg, postCompact, signCompact, withNewId, type TestOrg, type World } from './world.js';

export type Doc = Record<string, any>;

export const familyFile = fs.readFileSync('fixtures/attachments/02-family-of-five-blind-child/operation-kabul-2022.pdf');

/** Removes the attachment manifest and every reference to it (for senders who send none). */
export function withoutAttachments(doc: Doc): Doc {
  doc.attachments = [];
  const strip = (v: any): void => {
    if (Array.isArray(v)) v.forEach(strip);
    else if (v && typeof v === 'object') {
      delete v.attachmentRef;
      Object.values(v).forEach(strip);
    }
  };
  strip(doc.persons);
  for (const p of doc.persons) {
    const r = p.healthScreening?.recordsFromAbroad;
    if (r && r.status === 'findings') p.healthScreening.recordsFromAbroad = { status: 'not-assessed', reason: 'no-records' };
  }
  return doc;
}

/** Fixture 01 (DRK, one adult) with a fresh id, addressed to a municipality. */
export function singleAdult(municipalityCode = '751'): Doc {
  const doc = withNewId(readValidFixture<Doc>('01-single-adult-asylum-centre'));
  doc.recipient.municipalityCode = municipalityCode;
  return doc;
}

/** Fixture 02 (DRK, family of five, one hospital record for F4) with a fresh id. */
export function family(municipalityCode = '730'): Doc {
  const doc = withNewId(readValidFixture<Doc>('02-family-of-five-blind-child'));
  doc.recipient.municipalityCode = municipalityCode;
  return doc;
}

/** Fixture 03 (IOM quota family) without attachments, addressed to a municipality. */
export function quotaFamily(municipalityCode = '751'): Doc {
  const doc = withoutAttachments(withNewId(readValidFixture<Doc>('03-un-quota-family-iom')));
  doc.recipient.municipalityCode = municipalityCode;
  return doc;
}

/** Fixture 07 (three persons: S2 without GP consent, S3 without GP consent). */
export function temporaryProtection(municipalityCode = '751'): Doc {
  const doc = withNewId(readValidFixture<Doc>('07-temporary-protection-7-3'));
  doc.recipient.municipalityCode = municipalityCode;
  return doc;
}

/**
 * Stores many first versions at once, as the benchmark seeds: each made by the submission
 * pipeline (signed, verified, validated, receipted) and written in one batch with exactly the
 * documents a submission writes. For lists that must hold more than a few handovers.
 */
export async function storeInBulk(t: TestApp, sender: TestOrg, docs: readonly Doc[]): Promise<void> {
  const caller: Caller = { credentialId: 'bulk', organisationId: sender.id, organisationType: 'asylum-centre-operator', role: 'sender' };
  const records = [];
  for (const doc of docs) {
    doc.createdAt = t.deps.clock().toISOString();
    const input = { bytes: Buffer.from(await signCompact(doc, sender.key)), serialization: 'compact' as const };
    records.push(await buildVersionRecord(t.deps.submission, caller, input, await verifySubmission(t.deps.submission, caller, input), []));
  }
  await t.deps.handovers.insertNewVersionsInBulk(records);
}

/** Submits a signed handover (multipart when files are given) and expects 201. */
export async function submit(t: TestApp, sender: TestOrg, doc: Doc, files: { bytes: Buffer; name: string; type: string }[] = []) {
  // A document is made before it is sent: one from a fixture dated after the test's clock is dated at the clock (createdAt must be plausible at receipt).
  const now = t.deps.clock();
  if (Date.parse(doc.createdAt) > now.getTime()) doc.createdAt = now.toISOString();
  const jws = await signCompact(doc, sender.key);
  const post = async () => {
    if (files.length === 0) return postCompact(t, sender.token, jws);
    let r = request(t.app).post('/v1/handovers').set('Authorization', `Bearer ${sender.token}`).field('jws', jws);
    for (const f of files) r = r.attach('attachments', f.bytes, { filename: f.name, contentType: f.type });
    return r;
  };
  let res = await post();
  // As a client is told to: a 503 (nothing stored; e.g. a write too slow for the feed's settle
  // time on a loaded machine) is retried. Tests of 503 itself post directly, not through here.
  for (let retry = 0; res.status === 503 && retry < 3; retry++) {
    await new Promise((r) => setTimeout(r, 200));
    res = await post();
  }
  expect(res.status, res.text).toBe(201);
  return res.body as Doc;
}

export async function submitFamilyWithRecord(t: TestApp, w: World, municipalityCode = '730') {
  const doc = family(municipalityCode);
  const receipt = await submit(t, w.drk, doc, [{ bytes: familyFile, name: 'operation-kabul-2022.pdf', type: 'application/pdf' }]);
  return { doc, receipt };
}

export async function withdraw(t: TestApp, sender: TestOrg, handoverId: string, version: number) {
  const withdrawal = { documentType: 'handover-withdrawal', schemaVersion: '1.0', handoverId, version, senderOrganisationId: sender.id, withdrawnAt: '2026-11-21T08:00:00Z', reason: 'error-in-content' };
  const res = await postCompact(t, sender.token, await signCompact(withdrawal, sender.key, { typ: 'handover-withdrawal+jws' }), `/v1/handovers/${handoverId}/withdrawals`);
  expect(res.status, res.text).toBe(201);
  return res.body as Doc;
}

/** A second version of a handover (fixture 08's content when it is fixture 01). */
export function nextVersion(doc: Doc): Doc {
  const next = structuredClone(doc);
  next.version = doc.version + 1;
  next.supersedes = { version: doc.version };
  next.createdAt = '2026-11-21T09:00:00Z';
  return next;
}

/** The next version re-addressed from the municipality it was sent to (standard 1.1), as the immigration service decided on `decidedOn`. */
export function readdressedVersion(doc: Doc, toMunicipalityCode: string, decidedOn: string): Doc {
  const next = nextVersion(doc);
  next.schemaVersion = '1.1';
  next.recipient = { municipalityCode: toMunicipalityCode, readdressing: { fromMunicipalityCode: doc.recipient.municipalityCode, reason: 'reassigned-by-immigration-service', decidedOn } };
  return next;
}

export function as(token: string) {
  return { Authorization: `Bearer ${token}` };
}

export async function gpPractice(t: TestApp, admin: string, id: string) {
  return createOrg(t, admin, { id, type: 'gp-practice', name: `Lægepraksis ${id}` }, 'gp', 'ES256');
}

export async function auditorOf(t: TestApp, admin: string) {
  const cred = await request(t.app).post('/v1/admin/organisations/service/credentials').set('Authorization', `Bearer ${admin}`).send({ role: 'auditor', label: 'test auditor' });
  expect(cred.status, cred.text).toBe(201);
  return cred.body.token as string;
}
