/** The audit log: every look at personal data leaves an event; the chain shows edits, removals and reordering. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditChain, type AuditEvent } from '../../src/domain/audit-chain.js';
import { as, auditorOf, gpPractice, submit, temporaryProtection } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, uniqueDbName, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

const BIN = path.resolve('bin/handover.js');
let t: TestApp;
let w: World;
let auditor: string;
let handoverId: string;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  auditor = await auditorOf(t, w.admin);
  const gp = await gpPractice(t, w.admin, 'gp-audit');
  const doc = temporaryProtection('751');
  handoverId = doc.handoverId;
  await submit(t, w.drk, doc);
  // a rejected submission, reads by the municipality, a GP read, a denied GP read
  await postCompact(t, w.drk.token, await signCompact({ ...doc, version: 5 }, w.drk.key));
  await request(t.app).get(`/v1/handovers/${handoverId}`).set(as(w.aarhus.token));
  await request(t.app).get('/v1/municipalities/751/handovers').set(as(w.aarhus.token));
  await request(t.app).post(`/v1/handovers/${handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'S1', gpOrganisationId: gp.id });
  await request(t.app).post(`/v1/handovers/${handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'S2', gpOrganisationId: gp.id });
  await request(t.app).get(`/v1/gp/persons/${handoverId}/S1`).set(as(gp.token));
  await request(t.app).get(`/v1/gp/persons/${handoverId}/S2`).set(as(gp.token));
  await request(t.app).post(`/v1/handovers/${handoverId}/acknowledgements`).set(as(w.aarhus.token)).send({});
});
afterAll(() => t.close());

function run(args: string[], env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, MONGODB_URI: inject('mongodbUri'), HANDOVER_LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

const events = async (q = '') => {
  const res = await request(t.app).get(`/v1/audit${q}`).set(as(auditor));
  expect(res.status, res.text).toBe(200);
  return res.body.events as AuditEvent[];
};

describe('what the log records', () => {
  it('records who, what, when, request id and outcome for every read and write of personal data', async () => {
    const all = await events(`?handoverId=${handoverId}&limit=1000`);
    const summary = all.map((e) => `${e.action} ${e.actor.organisationId} ${e.personRef ?? '-'} ${e.outcome}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'handover.submit drk-asylum - ok',
        'handover.read aarhus S1 ok',
        'handover.read aarhus S2 ok',
        'handover.read aarhus S3 ok',
        'gp.assign aarhus S1 ok',
        'gp.summary.read gp-audit S1 ok',
        'gp.summary.read gp-audit S2 denied',
        'acknowledgement.create aarhus - ok',
      ]),
    );
    const read = all.find((e) => e.action === 'handover.read' && e.personRef === 'S2')!;
    expect(read).toMatchObject({ handoverId, version: 1, section: 'social;health:withheld', actor: { organisationId: 'aarhus', role: 'municipality', credentialId: expect.any(String) }, requestId: expect.any(String), at: expect.any(String) });
    expect((await events('?action=handover.submit')).some((e) => e.outcome === 'rejected:validation-failed' && e.actor.organisationId === 'drk-asylum')).toBe(true);
    expect((await events('?action=feed.list')).every((e) => e.action === 'feed.list')).toBe(true);
    expect((await events('?organisationId=gp-audit')).every((e) => e.actor.organisationId === 'gp-audit')).toBe(true);
    const page1 = await events('?limit=3');
    const page2 = await events(`?limit=3&after=${page1.at(-1)!.seq}`);
    expect(page2[0]!.seq).toBe(page1.at(-1)!.seq + 1);
  });

  it('is for the auditor role only', async () => {
    for (const token of [w.aarhus.token, w.drk.token, w.admin]) expectProblem(await request(t.app).get('/v1/audit').set(as(token)), 403, 'forbidden');
    expectProblem(await request(t.app).get('/v1/audit'), 401, 'unauthenticated');
  });

  it('chains every event to the one before', async () => {
    const all = await events('?limit=1000');
    expect(all.length).toBeGreaterThan(10);
    expect(await verifyAuditChain(all.map((e) => ({ ...e, at: new Date(e.at) })))).toEqual({ ok: true, count: all.length });
  });
});

describe('handover audit verify', () => {
  /** Copies the live log into a database of its own, where the test may tamper with it. */
  async function copyOfLog(tamper: (c: import('mongodb').Collection) => Promise<void>) {
    const name = uniqueDbName('audit_copy');
    const source = await t.deps.db.connection.db!.collection('audit_events').find({}).sort({ _id: 1 }).toArray();
    const copy = t.deps.db.connection.getClient().db(name).collection('audit_events');
    await copy.insertMany(source);
    await tamper(copy);
    return { name, drop: () => t.deps.db.connection.getClient().db(name).dropDatabase() };
  }

  it('reports an intact log as intact', async () => {
    const copy = await copyOfLog(async () => {});
    try {
      const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
      expect(res.status, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/^audit log intact: \d+ events, chain verified\n$/);
    } finally {
      await copy.drop();
    }
  });

  it('names an edited event', async () => {
    const copy = await copyOfLog((c) => c.updateOne({ _id: 5 } as never, { $set: { outcome: 'denied' } }).then(() => undefined));
    try {
      const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
      expect(res.status).toBe(1);
      expect(res.stdout).toMatch(/^audit log BROKEN at event 5 \(edited\)/);
    } finally {
      await copy.drop();
    }
  });

  it('names the event after a deleted one', async () => {
    const copy = await copyOfLog((c) => c.deleteOne({ _id: 7 } as never).then(() => undefined));
    try {
      const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
      expect(res.status).toBe(1);
      expect(res.stdout).toMatch(/^audit log BROKEN at event 8 \(missing-before\): event 7/);
    } finally {
      await copy.drop();
    }
  });

  it('names swapped events, in the database and in an exported copy', async () => {
    // in the database the sequence is the key: swapping two events means renumbering them
    const copy = await copyOfLog(async (c) => {
      const [a, b] = [await c.findOne({ _id: 3 } as never), await c.findOne({ _id: 4 } as never)];
      await c.deleteMany({ _id: { $in: [3, 4] } } as never);
      await c.insertMany([{ ...b!, _id: 3 }, { ...a!, _id: 4 }] as never);
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-'));
    try {
      const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
      expect(res.status).toBe(1);
      expect(res.stdout).toMatch(/^audit log BROKEN at event 3 \(edited\)/);

      // an exported copy with two lines swapped
      const file = path.join(dir, 'audit.jsonl');
      const exported = await run(['audit', 'export', '--out', file], { HANDOVER_DB_NAME: t.config.dbName });
      expect(exported.status, exported.stderr).toBe(0);
      expect((await run(['audit', 'verify', '--file', file], {})).status).toBe(0);
      const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      [lines[5], lines[6]] = [lines[6]!, lines[5]!];
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      const swapped = await run(['audit', 'verify', '--file', file], {});
      expect(swapped.status).toBe(1);
      expect(swapped.stdout).toMatch(/^audit log BROKEN at event 7 \(out-of-order\): event 7 stands before event 6/);
    } finally {
      await copy.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
