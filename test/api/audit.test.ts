/** The audit log: every look at personal data leaves an event; the chain shows edits, removals and reordering. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GENESIS_HASH, hashAuditEvent, verifyAuditChain, type AuditEvent } from '../../src/domain/audit-chain.js';
import { writeAuditCheckpoint } from '../../src/services/audit-checkpoints.js';
import { loadServiceSigner } from '../../src/signing/service-signer.js';
import { as, auditorOf, gpPractice, submit, temporaryProtection } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, uniqueDbName, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

const BIN = path.resolve('bin/handover.js');
let t: TestApp;
let w: World;
let auditor: string;
let handoverId: string;
/** The operator's witness: a file on other storage each new checkpoint is appended to. */
const witnessFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-witness-')), 'checkpoints.jsonl');
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_AUDIT_WITNESS: witnessFile });
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
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, MONGODB_URI: inject('mongodbUri'), HANDOVER_LOG_LEVEL: 'silent', HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile!, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

const auditPage = async (q = '') => {
  const res = await request(t.app).get(`/v1/audit${q}`).set(as(auditor));
  expect(res.status, res.text).toBe(200);
  return res.body as { items: AuditEvent[]; next: string | null; resumeAfter: string };
};
const events = async (q = '') => (await auditPage(q)).items;

/** Every event from the start, following `next` to the end. */
async function allEvents(q = ''): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let after = '';
  for (;;) {
    const page = await auditPage(`?limit=500${q}${after ? `&after=${after}` : ''}`);
    out.push(...page.items);
    if (page.next === null) return out;
    after = page.next;
  }
}

describe('what the log records', () => {
  it('records who, what, when, request id and outcome for every read and write of personal data', async () => {
    const all = await allEvents(`&handoverId=${handoverId}`);
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
    const page1 = await auditPage('?limit=3');
    expect(page1.next).toBe(page1.resumeAfter);
    const page2 = await events(`?limit=3&after=${page1.next}`);
    expect(page2[0]!.seq).toBe(page1.items.at(-1)!.seq + 1);
  });

  it('is for the auditor role only', async () => {
    for (const token of [w.aarhus.token, w.drk.token, w.admin]) expectProblem(await request(t.app).get('/v1/audit').set(as(token)), 403, 'forbidden');
    expectProblem(await request(t.app).get('/v1/audit'), 401, 'unauthenticated');
  });

  it('chains every event to the one before', async () => {
    const all = await allEvents();
    expect(all.length).toBeGreaterThan(10);
    expect(await verifyAuditChain(all.map((e) => ({ ...e, at: new Date(e.at) })))).toEqual({ ok: true, count: all.length });
  });
});

describe('handover audit verify', () => {
  /**
   * Copies the live log into a database of its own, where the test may tamper with it, once the
   * sequencer has integrated and anchored what is pending; `tamper` is told the head its last
   * signed checkpoint covers.
   */
  async function copyOfLog(tamper: (c: import('mongodb').Collection, checkpointHead: number) => Promise<void>) {
    await t.deps.auditSequencer.settle();
    const name = uniqueDbName('audit_copy');
    const source = await t.deps.db.connection.db!.collection('audit_events').find({}).sort({ _id: 1 }).toArray();
    const copy = t.deps.db.connection.getClient().db(name).collection('audit_events');
    await copy.insertMany(source);
    // The checkpoints too, kept apart from the events as in the service's own database.
    const checkpoints = await t.deps.db.connection.db!.collection('audit_checkpoints').find({}).toArray();
    if (checkpoints.length > 0) await t.deps.db.connection.getClient().db(name).collection('audit_checkpoints').insertMany(checkpoints);
    const checkpointHead = Math.max(0, ...checkpoints.map((c) => c.headSeq as number));
    await tamper(copy, checkpointHead);
    return { name, checkpointHead, drop: () => t.deps.db.connection.getClient().db(name).dropDatabase() };
  }

  it('reports an intact log as intact', async () => {
    const copy = await copyOfLog(async () => {});
    try {
      const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
      expect(res.status, res.stderr).toBe(0);
      // Reading the log (GET /v1/audit above, or settling for this copy) integrated and anchored it.
      expect(res.stdout).toMatch(new RegExp(`^audit log intact: (\\d+) events, chain verified, signed checkpoint \\d+ \\(.+, events up to ${copy.checkpointHead}\\) matches\\n$`));
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
  }, 90_000);

  describe('against the last signed checkpoint', () => {
    beforeAll(async () => {
      await writeAuditCheckpoint(t.deps.checkpoints, 'interval');
      // Events after the checkpoint are fine: the log goes on.
      await request(t.app).get(`/v1/handovers/${handoverId}`).set(as(w.aarhus.token));
    });

    it('reports an intact log with the checkpoint that matches', async () => {
      const copy = await copyOfLog(async () => {});
      try {
        const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
        expect(res.status, res.stderr).toBe(0);
        expect(res.stdout).toMatch(new RegExp(`^audit log intact: \\d+ events, chain verified, signed checkpoint \\d+ \\(.+, events up to ${copy.checkpointHead}\\) matches\\n$`));
      } finally {
        await copy.drop();
      }
    });

    it('detects the newest events deleted (truncation), which the chain alone cannot', async () => {
      const copy = await copyOfLog(async (c, headSeq) => {
        const last = (await c.find({}).toArray()).map((e) => e._id as unknown as number).sort((a, b) => b - a)[0]!;
        await c.deleteMany({ _id: { $in: Array.from({ length: last - headSeq + 3 }, (_, i) => last - i) } } as never);
      });
      const headSeq = copy.checkpointHead;
      try {
        const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
        expect(res.status).toBe(1);
        expect(res.stdout).toMatch(new RegExp(`^audit log BROKEN at event ${headSeq - 2} \\(truncated\\): the log ends at event ${headSeq - 3}, but the signed checkpoint \\d+ of .+ covers events up to ${headSeq}`));
      } finally {
        await copy.drop();
      }
    });

    it('detects the whole chain rewritten with fresh hashes', async () => {
      const copy = await copyOfLog(async (c) => {
        const events = (await c.find({}).sort({ _id: 1 }).toArray()) as unknown as (AuditEvent & { _id: number })[];
        let prevHash = GENESIS_HASH;
        for (const stored of events) {
          const e = { ...stored, seq: stored._id, prevHash, ...(stored._id === 2 ? { outcome: 'denied' } : {}) };
          const hash = hashAuditEvent(e);
          await c.updateOne({ _id: stored._id } as never, { $set: { prevHash, hash, outcome: e.outcome } });
          prevHash = hash;
        }
      });
      try {
        const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
        expect(res.status).toBe(1);
        expect(res.stdout).toMatch(new RegExp(`^audit log BROKEN at event ${copy.checkpointHead} \\(rewritten\\)`));
      } finally {
        await copy.drop();
      }
    });

    it('fails on a field the hash does not cover, which the log never serves', async () => {
      await t.deps.auditSequencer.settle();
      await t.deps.db.connection.db!.collection('audit_events').updateOne({ _id: 4 } as never, { $set: { comment: 'forged: approved by the director' } });
      try {
        const served = (await events('?limit=10')).find((e) => e.seq === 4)!;
        expect(served).not.toHaveProperty('comment');
        const copy = await copyOfLog(async () => {});
        try {
          const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
          expect(res.status).toBe(1);
          expect(res.stdout).toMatch(/^audit log BROKEN at event 4 \(unhashed-field\): the event holds "comment", which its hash does not cover/);
        } finally {
          await copy.drop();
        }
      } finally {
        await t.deps.db.connection.db!.collection('audit_events').updateOne({ _id: 4 } as never, { $unset: { comment: '' } });
      }
    });

    it('fails when events older than twice the checkpoint interval are not covered: checkpoints deleted, newest events removed', async () => {
      const copy = await copyOfLog(async (c, headSeq) => {
        await t.deps.db.connection.getClient().db(c.dbName).collection('audit_checkpoints').deleteMany({});
        await c.deleteMany({ _id: { $in: [headSeq, headSeq - 1] } } as never);
      });
      try {
        // This file's first events were recorded more than 2 s ago: with a 1 s interval they must be covered.
        const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name, HANDOVER_AUDIT_CHECKPOINT_MS: '1000' });
        expect(res.status).toBe(1);
        expect(res.stdout).toMatch(/^audit log BROKEN at event 1 \(not-anchored\): event 1 of .+ is older than the checkpoint interval allows, but there is no signed checkpoint/);
        // With the default interval (10 s) they are young enough still: the log itself is whole.
        expect((await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name, HANDOVER_AUDIT_CHECKPOINT_MS: '3600000' })).status).toBe(0);
      } finally {
        await copy.drop();
      }
    });

    it('a checkpoint from a receipt detects truncation below it, with every checkpoint in the database deleted', async () => {
      await t.deps.auditSequencer.settle();
      const doc = temporaryProtection('751');
      const res = await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key));
      expect(res.status).toBe(201);
      const kept = res.headers['audit-checkpoint'] as string;
      expect(kept).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const claims = JSON.parse(Buffer.from(kept.split('.')[1]!, 'base64url').toString()) as { headSeq: number };
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kept-checkpoint-'));
      const file = path.join(dir, 'checkpoint.jws');
      fs.writeFileSync(file, `${kept}\n`);
      const cut = await copyOfLog(async (c) => {
        await t.deps.db.connection.getClient().db(c.dbName).collection('audit_checkpoints').deleteMany({});
        const last = (await c.find({}).toArray()).map((e) => e._id as unknown as number).sort((a, b) => b - a)[0]!;
        await c.deleteMany({ _id: { $in: Array.from({ length: last - claims.headSeq + 2 }, (_, i) => last - i) } } as never);
      });
      try {
        expect((await run(['audit', 'verify'], { HANDOVER_DB_NAME: cut.name, HANDOVER_AUDIT_CHECKPOINT_MS: '3600000' })).status).toBe(0);
        const res2 = await run(['audit', 'verify', '--checkpoint', file], { HANDOVER_DB_NAME: cut.name, HANDOVER_AUDIT_CHECKPOINT_MS: '3600000' });
        expect(res2.status).toBe(1);
        // The witness holds every checkpoint signed, the newest last: it shows the cut as well.
        const witnessed = await run(['audit', 'verify', '--checkpoint', witnessFile], { HANDOVER_DB_NAME: cut.name, HANDOVER_AUDIT_CHECKPOINT_MS: '3600000' });
        expect(witnessed.stdout).toMatch(/^audit log BROKEN at event \d+ \(truncated\): .+ but the kept checkpoint \d+ of .+ covers events up to \d+/);
        expect(res2.stdout).toMatch(new RegExp(`^audit log BROKEN at event ${claims.headSeq - 1} \\(truncated\\): the log ends at event ${claims.headSeq - 2}, but the kept checkpoint \\d+ of .+ covers events up to ${claims.headSeq}`));
        const whole = await copyOfLog(async () => {});
        try {
          const ok = await run(['audit', 'verify', '--checkpoint', file], { HANDOVER_DB_NAME: whole.name });
          expect(ok.status, ok.stdout).toBe(0);
        } finally {
          await whole.drop();
        }
      } finally {
        await cut.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }, 180_000);

    it('does not trust a checkpoint signed with another key', async () => {
      const copy = await copyOfLog(async () => {});
      try {
        const other = await loadServiceSigner(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'other-key-')), 'k.json'), { generateIfMissing: true });
        const forged = await other.sign({ checkpoint: 99, headSeq: 1, headHash: 'x', at: new Date().toISOString() }, 'audit-checkpoint+jws');
        await t.deps.db.connection.getClient().db(copy.name).collection('audit_checkpoints').insertOne({ _id: 999, headSeq: 1, headHash: 'x', at: new Date(), reason: 'interval', jws: forged } as never);
        // The newest is found by probing numbers 1, 2, 3...: make the forged one the newest.
        const checkpoints = t.deps.db.connection.getClient().db(copy.name).collection('audit_checkpoints');
        const count = await checkpoints.countDocuments({});
        await checkpoints.deleteOne({ _id: 999 } as never);
        await checkpoints.insertOne({ _id: count, headSeq: 1, headHash: 'x', at: new Date(), reason: 'interval', jws: forged } as never);
        const res = await run(['audit', 'verify'], { HANDOVER_DB_NAME: copy.name });
        expect(res.status).toBe(1);
        expect(res.stdout).toMatch(/^audit log BROKEN: its last signed checkpoint cannot be trusted: the signature does not verify/);
      } finally {
        await copy.drop();
      }
    });

    it('an export ends with its own signed checkpoint; cutting the file short or dropping the last events shows', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-'));
      try {
        const file = path.join(dir, 'audit.jsonl');
        const exported = await run(['audit', 'export', '--out', file], { HANDOVER_DB_NAME: t.config.dbName });
        expect(exported.status, exported.stderr).toBe(0);
        expect(exported.stdout).toMatch(/^exported \d+ events and their signed checkpoint to /);
        const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
        expect(JSON.parse(lines.at(-1)!).checkpoint.headSeq).toBe(lines.length - 1);
        const intact = await run(['audit', 'verify', '--file', file], {});
        expect(intact.status, intact.stdout).toBe(0);
        expect(intact.stdout).toMatch(/^audit log intact: \d+ events, chain verified, signed checkpoint \d+ \(.+\) matches\n$/);

        fs.writeFileSync(file, `${lines.slice(0, -4).join('\n')}\n`);
        const cut = await run(['audit', 'verify', '--file', file], {});
        expect(cut.status).toBe(1);
        expect(cut.stdout).toMatch(/\(truncated\): the export does not end with its signed checkpoint/);

        fs.writeFileSync(file, `${[...lines.slice(0, -4), lines.at(-1)].join('\n')}\n`);
        const dropped = await run(['audit', 'verify', '--file', file], {});
        expect(dropped.status).toBe(1);
        expect(dropped.stdout).toMatch(/\(truncated\): the log ends at event/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
