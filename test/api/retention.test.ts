/**
 * Retention and purge, through the real app, database and file store, with the test's clock: a
 * family's handover (an attachment, a retrieval, an acknowledgement, a question and its answer, a
 * consent change, a GP assignment and a signed GP result, a routing to the health visitors) falls
 * due under its rule; the job soft-deletes it (every read answers 404, the lists show only its
 * place), then purges it after the grace period. After that no collection and no file holds any
 * of the family's data, the tombstone matches the receipt, and `audit verify` and `verify-store`
 * still pass. Another handover, not yet due, stays whole throughout (and proves the search finds
 * what is there).
 */
import crypto from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionDue } from '../../src/domain/retention.js';
import { writeAuditCheckpoint } from '../../src/services/audit-checkpoints.js';
import { runCli } from '../helpers/cli.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, auditorOf, familyFile, gpPractice, nextVersion, singleAdult, submitFamilyWithRecord, submit, withdraw, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createOrg, postCompact, signCompact, setupWorld, type TestOrg, type World } from '../helpers/world.js';

const DAY = 86_400_000;
let now = Date.parse('2026-12-05T09:00:00Z');
let t: TestApp;
let w: World;
let gp: TestOrg;
let visitors: TestOrg;
let auditor: string;
let family: Doc;
let familyReceipt: Doc;
let other: Doc;

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_RETENTION_EVERY_MS: '0' }, { clock: () => new Date(now) });
  w = await setupWorld(t);
  gp = await gpPractice(t, w.admin, 'laege-retention');
  auditor = await auditorOf(t, w.admin);
  visitors = await createOrg(t, w.admin, { id: 'aarhus-sundhedspleje', type: 'health-visitors', name: 'Sundhedsplejen, Aarhus Kommune', municipalityCode: '751' }, 'child-services');

  // The family, with everything a handover gathers in its life.
  const submitted = await submitFamilyWithRecord(t, w, '751');
  family = submitted.doc;
  familyReceipt = submitted.receipt;
  const id = family.handoverId;
  await request(t.app).get(`/v1/handovers/${id}`).set(as(w.aarhus.token)).expect(200);
  await request(t.app).post(`/v1/handovers/${id}/acknowledgements`).set(as(w.aarhus.token)).send({ caseworker: 'Sagsbehandler Hansen', note: 'Modtaget, familien Rahimi' }).expect(201);
  await request(t.app).post(`/v1/handovers/${id}/questions`).set(as(w.aarhus.token)).send({ text: 'Hvornår løber Ali Rahimis medicin ud?' }).expect(201);
  await request(t.app).post(`/v1/handovers/${id}/questions/1/answers`).set(as(w.drk.token)).send({ text: 'Ali Rahimi har medicin til 14 dage.' }).expect(201);
  await request(t.app).post(`/v1/handovers/${id}/persons/F5/routings`).set(as(w.aarhus.token)).send({ unitOrganisationId: 'aarhus-sundhedspleje' }).expect(201);
  await request(t.app).post(`/v1/handovers/${id}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'F1', gpOrganisationId: gp.id }).expect(201);
  const result: Doc = { ...readValidFixture<Doc>('20-health-assessment-result-accepted'), resultId: crypto.randomUUID(), handoverId: id, personRef: 'F1' };
  result.gpPractice = { ...result.gpPractice, organisationId: gp.id };
  const posted = await postCompact(t, gp.token, await signCompact(result, gp.key, { typ: 'health-assessment-result+jws' }), '/v1/health-assessments');
  expect(posted.status, posted.text).toBe(201);

  // Another handover whose integration responsibility starts two years later: not due with the family's.
  other = singleAdult('751');
  other.integrationResponsibilityFrom = '2028-12-01';
  other.expectedArrival = { ...other.expectedArrival, date: '2028-11-20' };
  await submit(t, w.drk, other);
});
afterAll(() => t.close());

const admin = () => w.admin;
const runJob = async () => {
  const res = await request(t.app).post('/v1/retention/runs').set(as(admin()));
  expect(res.status, res.text).toBe(200);
  return res.body as { filed: number; refiled: number; softDeleted: string[]; purged: string[] };
};
const dueOn = () => retentionDue({ integrationResponsibilityFrom: family.integrationResponsibilityFrom }).dueOn;

/** The sender's list as the sender pages through it (`limit=1`) or asks for one status: every page must answer. */
async function senderListIds(query = ''): Promise<string[]> {
  const ids: string[] = [];
  for (let after: string | null = '', pages = 0; after !== null && pages < 20; pages++) {
    const res: request.Response = await request(t.app).get(`/v1/handovers?${query}${after ? `&after=${encodeURIComponent(after)}` : ''}`).set(as(w.drk.token));
    expect(res.status, `${query} page ${pages + 1}: ${res.text}`).toBe(200);
    ids.push(...res.body.items.map((i: Doc) => i.handoverId));
    after = res.body.next;
  }
  return ids;
}

/** What the sender's list shows once the family is deleted: only the other handover, on one page, page by page, and under each status. */
async function expectSenderListWithoutFamily(): Promise<void> {
  const all = await request(t.app).get('/v1/handovers').set(as(w.drk.token));
  expect(all.status, all.text).toBe(200);
  expect(all.body.items.map((i: Doc) => i.handoverId)).toEqual([other.handoverId]);
  expect(JSON.stringify(all.body)).not.toContain('Rahimi');
  expect(await senderListIds('limit=1')).toEqual([other.handoverId]);
  // The family was acknowledged before its deletion; under no status filter does it come back.
  for (const status of ['submitted', 'retrieved', 'acknowledged', 'refused', 'withdrawn']) {
    expect(await senderListIds(`status=${status}&limit=1`), status).toEqual(status === all.body.items[0].status ? [other.handoverId] : []);
  }
}

/** A problem body as an unknown id gets it, but for the request id it names. */
const problemOf = (res: { text: string }) => ({ ...JSON.parse(res.text), instance: undefined });

/** The family's data as it was handed over: names, and what was written about them. */
const familyNeedles = () => [
  ...family.persons.flatMap((p: Doc) => [p.socialInformation.identity.givenNames, `${p.socialInformation.identity.givenNames} ${p.socialInformation.identity.familyName}`]),
  'Sagsbehandler Hansen',
  'Modtaget, familien Rahimi',
  'medicin til 14 dage',
];

/**
 * Every document of every collection as text, with what is encoded inside made readable: base64url
 * segments (the payloads of stored JWS), gzipped buffers (sealed feed buckets), GridFS chunks.
 */
async function everythingStored(): Promise<{ text: string; collections: string[] }> {
  const db = t.deps.db.connection.db!;
  const parts: string[] = [];
  const readable = (bytes: Buffer) => {
    const out = [bytes.toString('utf8')];
    try {
      out.push(gunzipSync(bytes).toString('utf8'));
    } catch {
      /* not gzipped */
    }
    // A base64url segment (a JWS part) decoded where it decodes to text: decoded ids and signatures are
    // random bytes, in which a short name ("Ali") turns up by chance often enough to fail a run.
    for (const segment of bytes.toString('utf8').split(/[.\s"]/)) {
      if (segment.length <= 16 || !/^[A-Za-z0-9_-]+$/.test(segment)) continue;
      const decoded = Buffer.from(segment, 'base64url');
      const text = new TextDecoder('utf-8', { fatal: false }).decode(decoded);
      const printable = [...text].filter((c) => c >= ' ' && c !== '\uFFFD').length;
      if (printable >= 0.9 * [...text].length) out.push(text);
    }
    return out.join('\n');
  };
  const walk = (v: unknown): void => {
    if (v === null || v === undefined) return;
    if (Buffer.isBuffer(v)) parts.push(readable(v));
    else if (v instanceof Uint8Array) parts.push(readable(Buffer.from(v)));
    else if (typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'Binary') parts.push(readable(Buffer.from((v as { buffer: Uint8Array }).buffer)));
    else if (typeof v === 'string') parts.push(readable(Buffer.from(v)));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object') Object.values(v as object).forEach(walk);
    else parts.push(String(v));
  };
  const collections = (await db.listCollections().toArray()).map((c) => c.name).sort();
  for (const name of collections) for (const doc of await db.collection(name).find({}).toArray()) walk(doc);
  return { text: parts.join('\n'), collections };
}

describe('the retention rules', () => {
  it('publishes each rule with its legal basis to admins and auditors, and counts what the job holds', async () => {
    const res = await request(t.app).get('/v1/retention').set(as(auditor)).expect(200);
    expect(res.body.rules.map((r: Doc) => r.kind)).toEqual(['handover-content', 'withdrawn-handover', 'tombstone', 'audit-events']);
    for (const r of res.body.rules) expect(r.legalBasis.da.length && r.legalBasis.en.length).toBeGreaterThan(20);
    expect(res.body.counts).toEqual({ scheduled: 2, softDeleted: 0, purged: 0 });
    expectProblem(await request(t.app).get('/v1/retention').set(as(w.aarhus.token)), 403, 'forbidden');
    expectProblem(await request(t.app).post('/v1/retention/runs').set(as(auditor)), 403, 'forbidden');
  });

  it('files a handover under 5 years after the programme (counted as 5 years from the takeover), and a wholly withdrawn one under a year after the withdrawal', () => {
    expect(retentionDue({ integrationResponsibilityFrom: '2026-12-01' })).toEqual({ kind: 'handover-content', dueOn: '2036-12-01' });
    expect(retentionDue({ lastWithdrawnAt: new Date('2026-12-05T10:00:00Z') })).toEqual({ kind: 'withdrawn-handover', dueOn: '2027-12-05' });
  });
});

describe('the retention job', () => {
  it('leaves everything alone before the day it is due', async () => {
    now = Date.parse(`${dueOn()}T00:00:00Z`) - DAY;
    expect(await runJob()).toEqual({ filed: 0, refiled: 0, draftsRemoved: 0, softDeleted: [], purged: [] });
    await request(t.app).get(`/v1/handovers/${family.handoverId}`).set(as(w.aarhus.token)).expect(200);
  });

  it('soft-deletes it on the day: every read answers 404, the feed keeps only its place, the lists drop it, its id stays spent', async () => {
    now = Date.parse(`${dueOn()}T03:00:00Z`);
    expect(await runJob()).toMatchObject({ softDeleted: [family.handoverId], purged: [] });
    const id = family.handoverId;
    for (const [path, token] of [
      [`/v1/handovers/${id}`, w.aarhus.token],
      [`/v1/handovers/${id}/pdf?audience=coordinating-department`, w.aarhus.token],
      [`/v1/handovers/${id}/status`, w.drk.token],
      [`/v1/handovers/${id}/questions`, w.aarhus.token],
      [`/v1/handovers/${id}/agenda`, w.aarhus.token],
      [`/v1/handovers/${id}/versions/1/attachments/${family.attachments[0].attachmentRef}`, w.aarhus.token],
      [`/v1/handovers/${id}/health-assessments`, w.aarhus.token],
      [`/v1/gp/persons/${id}/F1`, gp.token],
      [`/v1/children/${id}/F5`, visitors.token],
      [`/v1/handovers/${id}/versions`, w.drk.token],
    ] as const) {
      const res = await request(t.app).get(path).set(as(token));
      expect(res.status, path).toBe(404);
      expectProblem(res, 404, 'not-found');
    }
    const feed = await request(t.app).get('/v1/municipalities/751/handovers').set(as(w.aarhus.token)).expect(200);
    const entry = feed.body.items.find((i: Doc) => i.handoverId === id);
    expect(entry).toMatchObject({ status: 'deleted', persons: [], expectedArrival: null, deadlines: [] });
    expect(feed.body.items.find((i: Doc) => i.handoverId === other.handoverId)).toMatchObject({ status: 'current' });
    expect(JSON.stringify(feed.body)).not.toContain('Rahimi');
    const gpList = await request(t.app).get('/v1/gp/persons').set(as(gp.token)).expect(200);
    expect(JSON.stringify(gpList.body)).not.toContain(id);
    // The GP's own results list leaves out the results about it (they are the handover's content, purged with it).
    const gpResults = await request(t.app).get('/v1/health-assessments').set(as(gp.token)).expect(200);
    expect(gpResults.body).toEqual({ results: [] });
    const questions = await request(t.app).get('/v1/questions').set(as(w.drk.token)).expect(200);
    expect(questions.body.items).toEqual([]);
    const deadlines = await request(t.app).get('/v1/municipalities/751/deadlines?within=999d').set(as(w.aarhus.token)).expect(200);
    expect(JSON.stringify(deadlines.body)).not.toContain(id);
    const children = await request(t.app).get('/v1/children').set(as(visitors.token)).expect(200);
    expect(JSON.stringify(children.body)).not.toContain(id);
    // The sender's list leaves it out, as the municipality's lists do (only the feed keeps a place, for the case systems that polled it).
    await expectSenderListWithoutFamily();

    // Written today (ten years after the fixtures' day), so that only the deletion can refuse it.
    const next = { ...nextVersion(family), createdAt: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const v2 = await postCompact(t, w.drk.token, await signCompact(next, w.drk.key));
    expectProblem(v2, 409, 'handover-deleted');
    // The other handover is untouched.
    await request(t.app).get(`/v1/handovers/${other.handoverId}`).set(as(w.aarhus.token)).expect(200);

    const tomb = await request(t.app).get(`/v1/retention/tombstones/${id}`).set(as(auditor)).expect(200);
    expect(tomb.body).toMatchObject({ handoverId: id, kind: 'handover-content', dueOn: dueOn(), purgeOn: addDays(dueOn(), 30) });
    expect(tomb.body.purgedAt).toBeUndefined();
  });

  it('answers every route that takes the deleted id, reads and writes alike, exactly as for an id never used', async () => {
    const id = family.handoverId;
    const never = crypto.randomUUID();
    const withdrawalOf = (handoverId: string) => ({ documentType: 'handover-withdrawal', schemaVersion: '1.0', handoverId, version: 1, senderOrganisationId: w.drk.id, withdrawnAt: '2026-11-21T08:00:00Z', reason: 'error-in-content' });
    const resultFor = (handoverId: string): Doc => {
      const r: Doc = { ...readValidFixture<Doc>('20-health-assessment-result-accepted'), resultId: crypto.randomUUID(), handoverId, personRef: 'F1' };
      r.gpPractice = { ...r.gpPractice, organisationId: gp.id };
      return r;
    };
    const get = (path: string, token: string) => request(t.app).get(path).set(as(token));
    const post = (path: string, token: string, body: object = {}) => request(t.app).post(path).set(as(token)).send(body);
    const routes: [string, (h: string) => Promise<{ status: number; text: string; headers: Record<string, unknown> }>][] = [
      ['the handover, as its sender', (h) => get(`/v1/handovers/${h}`, w.drk.token)],
      ['its status, as its municipality', (h) => get(`/v1/handovers/${h}/status`, w.aarhus.token)],
      ['its versions', (h) => get(`/v1/handovers/${h}/versions`, w.drk.token)],
      ['its PDF, as its sender', (h) => get(`/v1/handovers/${h}/pdf?audience=coordinating-department`, w.drk.token)],
      ['the GP PDF', (h) => get(`/v1/handovers/${h}/pdf?audience=gp`, gp.token)],
      ['the GP summary as FHIR', (h) => get(`/v1/gp/persons/${h}/F1/fhir`, gp.token)],
      ['the agenda PDF', (h) => get(`/v1/handovers/${h}/agenda/pdf`, w.aarhus.token)],
      ['the child PDF', (h) => get(`/v1/children/${h}/F5/pdf`, visitors.token)],
      ['the questions, as its sender', (h) => get(`/v1/handovers/${h}/questions`, w.drk.token)],
      ['an attachment, as its sender', (h) => get(`/v1/handovers/${h}/versions/1/attachments/${family.attachments[0].attachmentRef}`, w.drk.token)],
      ['a signed withdrawal', async (h) => postCompact(t, w.drk.token, await signCompact(withdrawalOf(h), w.drk.key, { typ: 'handover-withdrawal+jws' }), `/v1/handovers/${h}/withdrawals`)],
      ['an acknowledgement', (h) => post(`/v1/handovers/${h}/acknowledgements`, w.aarhus.token, { caseworker: 'Sagsbehandler Hansen' })],
      ['a consent change', (h) => post(`/v1/handovers/${h}/consent-changes`, w.aarhus.token, { personRef: 'F1', audience: 'gp', scope: 'health', action: 'withdrawn', obtainedHow: 'i samtale' })],
      ['a GP assignment', (h) => post(`/v1/handovers/${h}/gp-assignments`, w.aarhus.token, { personRef: 'F1', gpOrganisationId: gp.id })],
      ['a question', (h) => post(`/v1/handovers/${h}/questions`, w.aarhus.token, { text: 'Er familien ankommet?' })],
      ['an answer', (h) => post(`/v1/handovers/${h}/questions/1/answers`, w.drk.token, { text: 'Ja.' })],
      ['a closure', (h) => post(`/v1/handovers/${h}/questions/1/closure`, w.aarhus.token)],
      ['a routing to the health visitors', (h) => post(`/v1/handovers/${h}/persons/F5/routings`, w.aarhus.token, { unitOrganisationId: 'aarhus-sundhedspleje' })],
      ['a transfer', (h) => post(`/v1/handovers/${h}/transfers`, w.aarhus.token, { toMunicipalityCode: '101', personRefs: ['F1'], movedOn: '2036-11-01' })],
      ['a signed GP result', async (h) => postCompact(t, gp.token, await signCompact(resultFor(h), gp.key, { typ: 'health-assessment-result+jws' }), '/v1/health-assessments')],
    ];
    for (const [what, call] of routes) {
      const deleted = await call(id);
      expect(deleted.status, `${what}: ${deleted.text}`).toBe(404);
      expectProblem(deleted, 404, 'not-found');
      expect(problemOf(deleted), what).toEqual(problemOf(await call(never)));
    }
    // Nothing was written for it meanwhile: its withdrawals, acknowledgements and GP results stay as they were.
    const db = t.deps.db.connection.db!;
    expect(await db.collection('withdrawals').countDocuments({ handoverId: id })).toBe(0);
    expect(await db.collection('acknowledgements').countDocuments({ handoverId: id })).toBe(1);
    expect(await db.collection('assessment_results').countDocuments({ handoverId: id })).toBe(1);
  });

  it('purges it after the grace period: the tombstone matches the receipt, and no collection or file holds any of the family’s data', async () => {
    const id = family.handoverId;
    now = Date.parse(`${addDays(dueOn(), 29)}T12:00:00Z`);
    expect(await runJob()).toMatchObject({ softDeleted: [], purged: [] });
    now = Date.parse(`${addDays(dueOn(), 30)}T12:00:00Z`);
    expect(await runJob()).toMatchObject({ softDeleted: [], purged: [id] });

    const tomb = (await request(t.app).get(`/v1/retention/tombstones/${id}`).set(as(auditor)).expect(200)).body;
    expect(tomb.purgedAt).toBe(new Date(now).toISOString());
    expect(tomb.versions).toEqual([
      {
        version: 1,
        jwsSha256: familyReceipt.jwsSha256,
        receiptId: familyReceipt.receiptId,
        receivedAt: familyReceipt.receivedAt,
        attachments: [{ sha256: crypto.createHash('sha256').update(familyFile).digest('hex'), size: familyFile.length }],
      },
    ]);

    const { text, collections } = await everythingStored();
    // The search finds what is there: the other handover's person, and the tombstone's digest.
    expect(text).toContain(other.persons[0].socialInformation.identity.familyName);
    expect(text).toContain(familyReceipt.jwsSha256);
    for (const needle of familyNeedles()) expect(text, `"${needle}" is still stored`).not.toContain(needle);
    // The attachment is gone from the file store, with every chunk (the other handover has none).
    const db = t.deps.db.connection.db!;
    expect(await db.collection('attachments.files').countDocuments({})).toBe(0);
    expect(await db.collection('attachments.chunks').countDocuments({})).toBe(0);
    expect(collections).toEqual(expect.arrayContaining(['handover_versions', 'feed_buckets', 'audit_events', 'retirements']));

    // The feed still has its place; the counts say what happened.
    const feed = await request(t.app).get('/v1/municipalities/751/handovers').set(as(w.aarhus.token)).expect(200);
    expect(feed.body.items.map((i: Doc) => i.status)).toEqual(['deleted', 'current']);
    expect((await request(t.app).get('/v1/retention').set(as(auditor)).expect(200)).body.counts).toEqual({ scheduled: 1, softDeleted: 0, purged: 1 });
    await request(t.app).get(`/v1/handovers/${other.handoverId}`).set(as(w.aarhus.token)).expect(200);
    await expectSenderListWithoutFamily();
    expect(await runJob()).toEqual({ filed: 0, refiled: 0, draftsRemoved: 0, softDeleted: [], purged: [] });
  });

  it('leaves the audit chain whole, with the job’s own events, and the store check passing', async () => {
    const log = await request(t.app).get(`/v1/audit?handoverId=${family.handoverId}&limit=200`).set(as(auditor)).expect(200);
    const actions = log.body.items.map((e: Doc) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['handover.submit', 'retention.soft-delete', 'retention.purge']));
    expect(log.body.items.find((e: Doc) => e.action === 'retention.purge').actor).toEqual({ credentialId: 'retention-job', organisationId: 'handover-exchange', role: 'service' });
    const verify = await runCli(t, ['audit', 'verify'], { HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile });
    expect(verify.stderr).toBe('');
    expect(verify.status, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/^audit log intact: \d+ events, chain verified/);
    // The store check wants the chain anchored: a signed checkpoint, as the service writes every few minutes.
    await writeAuditCheckpoint(t.deps.checkpoints, 'interval');
    const store = await runCli(t, ['verify-store'], { HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile });
    expect(store.status, store.stdout + store.stderr).toBe(0);
  });
});

describe('withdrawals and retention', () => {
  it('refiles a handover whose every version is withdrawn under the shorter rule, and back when a new version arrives', async () => {
    // Back to the time of the fixtures: a handover taken over in 2026 is past its retention date in 2037 (see below).
    now = Date.parse('2026-12-06T09:00:00Z');
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    const schedule = t.deps.retentionDeps.retention;
    expect(await schedule.scheduled(doc.handoverId)).toMatchObject({ kind: 'handover-content', dueOn: '2036-12-01' });
    await withdraw(t, w.drk, doc.handoverId, 1);
    const withdrawnOn = new Date(now).toISOString().slice(0, 10);
    expect(await schedule.scheduled(doc.handoverId)).toMatchObject({ kind: 'withdrawn-handover', dueOn: `${Number(withdrawnOn.slice(0, 4)) + 1}${withdrawnOn.slice(4)}` });
  });
});

describe('a handover already past its retention date', () => {
  it('is refused at submission (422 retention-period-passed naming /integrationResponsibilityFrom and the rule), stores and files nothing, and is audited', async () => {
    now = Date.parse('2026-12-06T09:00:00Z');
    const counts = () => request(t.app).get('/v1/retention').set(as(auditor)).expect(200).then((r) => r.body.counts);
    const before = await counts();
    // Taken over ten years ago today: due today, so the job's next run would delete it at once.
    const late = singleAdult('751');
    late.integrationResponsibilityFrom = '2016-12-06';
    const res = await postCompact(t, w.drk.token, await signCompact(late, w.drk.key));
    const body = expectProblem(res, 422, 'retention-period-passed');
    const message = 'integrationResponsibilityFrom 2016-12-06: the retention rule handover-content (GET /v1/retention) keeps it until 2026-12-06, which is not after today (2026-12-06); nothing was stored';
    expect(body).toEqual({
      type: 'https://handover-exchange.dk/problems/retention-period-passed',
      title: 'The handover is already past its retention date',
      status: 422,
      code: 'retention-period-passed',
      detail: message,
      instance: body.instance,
      errors: [{ pointer: '/integrationResponsibilityFrom', keyword: 'retentionPeriod', message }],
    });
    expect(await t.deps.handovers.listVersions(late.handoverId)).toEqual([]);
    expect(await t.deps.retentionDeps.retention.scheduled(late.handoverId)).toBeUndefined();
    expect(await counts()).toEqual(before);
    // One audit event of the refusal (a refused submission names no handover: nothing of it was taken as stored).
    const log = await request(t.app).get('/v1/audit?action=handover.submit&limit=500').set(as(auditor)).expect(200);
    expect(log.body.items.filter((e: Doc) => e.outcome === 'rejected:retention-period-passed')).toHaveLength(1);

    // A day later taken over: due tomorrow, accepted and filed under tomorrow.
    const inTime = singleAdult('751');
    inTime.integrationResponsibilityFrom = '2016-12-07';
    const ok = await postCompact(t, w.drk.token, await signCompact(inTime, w.drk.key));
    expect(ok.status, ok.text).toBe(201);
    expect(await t.deps.retentionDeps.retention.scheduled(inTime.handoverId)).toEqual({ handoverId: inTime.handoverId, kind: 'handover-content', dueOn: '2026-12-07' });
  });
});

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

