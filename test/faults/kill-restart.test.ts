/**
 * kill -9 of the service process at random moments while a client submits 1,000 handovers (one
 * in ten with an attachment). After a restart: every submission that got a 201 is stored,
 * re-verifies from its stored bytes and has its file; a retry of each unanswered request gets a
 * 201 or the original receipt, never a duplicate; no version points at a missing file; the
 * sweeper removes what a crash left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sweepOrphans } from '../../src/services/sweep-orphans.js';
import { findFreePort } from '../../src/database-process/free-port.js';
import { familyFile, family, singleAdult, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp, UNTHROTTLED } from '../helpers/test-app.js';
import { SERVICE_ARGS } from '../helpers/service-process.js';
import { setupWorld, signCompact, type World } from '../helpers/world.js';
import { inject } from 'vitest';

const TOTAL = 1000;
const CONCURRENCY = 6;

let t: TestApp;
let w: World;
let port: number;
let child: ChildProcess | undefined;
beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
  port = await findFreePort();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await t.close();
});

async function waitUntilReady(): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // down
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('service did not come back');
}

async function startService(): Promise<void> {
  const env = { ...process.env, ...UNTHROTTLED, MONGODB_URI: inject('mongodbUri'), HANDOVER_DB_NAME: t.config.dbName, HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile!, HANDOVER_DEMO_DATA: 'off', HANDOVER_LOG_LEVEL: 'silent', PORT: String(port) };
  child = spawn(process.execPath, [...SERVICE_ARGS], { env, stdio: 'ignore' });
  await waitUntilReady();
}

interface Submission {
  doc: Doc;
  jws: string;
  withFile: boolean;
  /** The answer, if one came: 201 with its receipt, or another status. */
  status?: number;
  receipt?: Doc;
}

async function post(s: Submission): Promise<void> {
  const headers = { Authorization: `Bearer ${w.drk.token}` };
  let res: Response;
  if (s.withFile) {
    const form = new FormData();
    form.append('jws', s.jws);
    form.append('attachments', new Blob([familyFile], { type: 'application/pdf' }), 'operation-kabul-2022.pdf');
    res = await fetch(`http://127.0.0.1:${port}/v1/handovers`, { method: 'POST', headers, body: form });
  } else {
    res = await fetch(`http://127.0.0.1:${port}/v1/handovers`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/jose' }, body: s.jws });
  }
  const body = (await res.json()) as Doc;
  s.status = res.status;
  if (res.status === 201 || res.status === 200) s.receipt = body;
}

it(`keeps every acknowledged submission through kill -9 at random moments (${TOTAL} submissions)`, async () => {
  const submissions: Submission[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const withFile = i % 10 === 0;
    const doc = withFile ? family('751') : singleAdult('751');
    submissions.push({ doc, withFile, jws: await signCompact(doc, w.drk.key) });
  }
  await startService();
  let next = 0;
  let kills = 0;
  let running = true;
  const client = async () => {
    while (next < submissions.length) {
      const s = submissions[next++]!;
      try {
        await post(s);
      } catch {
        // Connection reset by the kill: no answer (retried at the end). Wait for the service to be back.
        await waitUntilReady();
      }
    }
  };
  const killer = async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 800 + Math.random() * 2000));
      if (!running) break;
      child!.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      kills++;
      await startService();
    }
  };
  const killing = killer();
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  running = false;
  await killing;

  const acknowledged = submissions.filter((s) => s.status === 201);
  const unanswered = submissions.filter((s) => s.status === undefined);
  expect(kills).toBeGreaterThanOrEqual(5);
  expect(unanswered.length).toBeGreaterThan(0);
  expect(submissions.filter((s) => s.status !== undefined && s.status !== 201)).toEqual([]);

  // Retrying what got no answer is safe: a 201 now, or 200 with the receipt of the copy stored before the kill.
  for (const s of unanswered) {
    await post(s);
    expect([200, 201]).toContain(s.status);
  }
  const stillThere = await Promise.all(acknowledged.map(async (s) => ({ s, stored: await t.deps.handovers.findVersion(s.doc.handoverId, 1) })));
  const publicKey = await importJWK(w.drk.key.publicJwk, w.drk.key.alg);
  for (const { s, stored } of stillThere) {
    expect(stored, `acknowledged ${s.doc.handoverId} is stored`).toBeDefined();
    expect(stored!.receipt.receiptId).toBe(s.receipt!.receiptId);
    // re-verifies from the stored bytes, and they are the bytes the receipt names
    expect(createHash('sha256').update(stored!.jws).digest('hex')).toBe(s.receipt!.jwsSha256);
    await compactVerify(stored!.jws.toString(), publicKey);
  }
  // Exactly one version per handover, and every referenced file exists and matches its manifest.
  const db = t.deps.db.connection.db!;
  expect(await db.collection('handover_versions').countDocuments({})).toBe(TOTAL);
  const fileIds = new Set((await db.collection('attachments.files').find({}, { projection: { _id: 1 } }).toArray()).map((f) => String(f._id)));
  // Read here by a scan of every version, as only a test may: the service never does.
  const referenced = new Set((await db.collection('handover_versions').find({}, { projection: { attachments: 1 } }).toArray()).flatMap((v) => (v.attachments as { fileId: unknown }[]).map((a) => String(a.fileId))));
  expect(referenced.size).toBe(TOTAL / 10);
  for (const id of referenced) expect(fileIds.has(String(id))).toBe(true);
  for (const s of submissions.filter((x) => x.withFile).slice(0, 20)) {
    const res = await fetch(`http://127.0.0.1:${port}/v1/handovers/${s.doc.handoverId}/versions/1/attachments/A1`, { headers: { Authorization: `Bearer ${w.drk.token}` } });
    expect(res.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(s.doc.attachments[0].sha256);
  }
  // What a kill left between files and documents is swept; nothing referenced is.
  await sweepOrphans(t.deps, 0);
  const after = new Set((await db.collection('attachments.files').find({}, { projection: { _id: 1 } }).toArray()).map((f) => String(f._id)));
  expect(after.size).toBe(referenced.size);
  expect(await db.collection('handover_contents').countDocuments({})).toBe(TOTAL);
  process.stdout.write(`kill -9 fault test: ${TOTAL} submissions, ${kills} kills, ${acknowledged.length} acknowledged before a kill, ${unanswered.length} unanswered then retried, 0 lost\n`);
}, 600_000);
