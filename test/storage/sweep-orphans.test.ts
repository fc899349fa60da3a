import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepOrphans } from '../../src/services/sweep-orphans.js';
import { signCompact, postCompact, setupWorld, withNewId, type World } from '../helpers/world.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import request from 'supertest';
import fs from 'node:fs';

// A store of its own per test: the sweeper resumes where it stopped, and each test moves its clock on.
let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
});
afterEach(() => t.close());

describe('orphan sweeper', () => {
  it('removes files no handover references once they are older than the grace period, and keeps referenced ones', async () => {
    const doc = withNewId(readValidFixture<Record<string, any>>('02-family-of-five-blind-child'));
    const pdf = fs.readFileSync('fixtures/attachments/02-family-of-five-blind-child/operation-kabul-2022.pdf');
    const ok = await request(t.app).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).field('jws', await signCompact(doc, w.drk.key)).attach('attachments', pdf, { filename: 'operation-kabul-2022.pdf', contentType: 'application/pdf' });
    expect(ok.status).toBe(201);
    // As if the service died after streaming a file but before writing its document:
    await t.deps.attachments.write(Readable.from([Buffer.from('%PDF-1.4 orphan')]), 'orphan.pdf', new Date());
    expect((await submittedCounts(t.deps)).files).toBe(2);

    // Within the grace period nothing is touched (a submission may be in flight).
    expect(await sweepOrphans(t.deps, 60_000)).toBe(0);
    expect((await submittedCounts(t.deps)).files).toBe(2);

    const later = { ...t.deps, clock: () => new Date(Date.now() + 120_000) };
    expect(await sweepOrphans(later, 60_000)).toBe(1);
    const after = await submittedCounts(t.deps);
    expect(after.files).toBe(1);
    const stored = await t.deps.handovers.findVersion(doc.handoverId, 1);
    const chunks: Buffer[] = [];
    for await (const c of t.deps.attachments.openDownload(stored!.attachments[0]!.fileId)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(pdf)).toBe(true);
  });

  it('removes chunks of an upload cut off before its files entry was written', async () => {
    const db = t.deps.db.connection.db!;
    const { ObjectId } = (await import('mongoose')).default.mongo;
    // What a crash mid-stream leaves: the sweeper's note of the upload (written before the first chunk) and a chunk, no files entry.
    const id = new ObjectId();
    await t.deps.ledger.noteFile(id.toHexString(), new Date());
    await db.collection('attachments.chunks').insertOne({ files_id: id, n: 0, data: Buffer.from('partial') } as never);
    const before = await submittedCounts(t.deps);
    const later = { ...t.deps, clock: () => new Date(Date.now() + 120_000) };
    expect(await sweepOrphans(later, 60_000)).toBe(1);
    expect((await submittedCounts(t.deps)).chunks).toBe(before.chunks - 1);
  });

  it('removes signed bytes whose version was never written, and keeps those of stored versions', async () => {
    const doc = withNewId(readValidFixture<Record<string, any>>('01-single-adult-asylum-centre'));
    const ok = await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key));
    expect(ok.status).toBe(201);
    // As if the service died after writing the signed bytes of another submission but before its version:
    const orphanId = `${crypto.randomUUID()}:1:${'ab'.repeat(32)}`;
    await t.deps.ledger.noteContent(orphanId, `${orphanId.split(':')[0]}:1`, new Date());
    await t.deps.db.connection.db!.collection('handover_contents').insertOne({ _id: orphanId, jws: Buffer.from('x'), storedAt: new Date() } as never);
    const before = await submittedCounts(t.deps);
    const later = { ...t.deps, clock: () => new Date(Date.now() + 120_000) };
    expect(await sweepOrphans(later, 60_000)).toBe(1);
    expect((await submittedCounts(t.deps)).contents).toBe(before.contents - 1);
    expect((await t.deps.handovers.findVersion(doc.handoverId, 1))!.jws.length).toBeGreaterThan(0);
    // Settled notes are forgotten: a second sweep finds nothing more to do.
    expect(await sweepOrphans(later, 60_000)).toBe(0);
  });

  it('a rejected submission leaves nothing for the sweeper (it cleans up itself)', async () => {
    const before = await submittedCounts(t.deps);
    await postCompact(t, w.drk.token, 'a.b.c');
    expect(await submittedCounts(t.deps)).toEqual(before);
  });
});
