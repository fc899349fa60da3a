/**
 * Reliability catalogue 21: hostile file names. The signed manifest's names are bounded by the
 * schema (no path separators, no control characters, 200 characters at most); an uploaded part
 * whose name the manifest does not list is refused; a name that is allowed but hostile to shells,
 * HTML or headers is kept only as metadata, the file is stored under a server-made id, and the
 * download names it by its reference with the original percent-encoded.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, family, familyFile } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, signCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
});
afterAll(() => t.close());

function upload(jws: string, filename: string) {
  return request(t.app).post('/v1/handovers').set(as(w.drk.token)).field('jws', jws).attach('attachments', familyFile, { filename, contentType: 'application/pdf' });
}

function named(filename: string) {
  const doc = family();
  doc.attachments[0].filename = filename;
  return doc;
}

describe('hostile file names', () => {
  it.each([
    ['path traversal', '../../etc/passwd'],
    ['a Windows path', '..\\..\\boot.ini'],
    ['a NUL byte', 'report.pdf\u0000.exe'],
    ['a line break (header injection)', 'a.pdf\r\nSet-Cookie: x=1'],
    ['300 characters', `${'a'.repeat(296)}.pdf`],
  ])('refuses %s in the signed manifest with the field named, storing nothing', async (_what, filename) => {
    const before = await submittedCounts(t.deps);
    const body = expectProblem(await upload(await signCompact(named(filename), w.drk.key), 'x.pdf'), 422, 'validation-failed');
    expect(body.errors!.map((e) => e.pointer)).toContain('/attachments/0/filename');
    expect(await submittedCounts(t.deps)).toEqual(before);
  });

  it.each([['../../etc/passwd'], ['/etc/shadow'], ['report%0d%0aSet-Cookie: x=1.pdf'], ['C:\\Windows\\win.ini'], [`${'b'.repeat(1000)}.pdf`]])('refuses an uploaded part named %s that the manifest does not list', async (filename) => {
    const before = await submittedCounts(t.deps);
    const res = await upload(await signCompact(family(), w.drk.key), filename);
    expect([400, 413, 422]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await submittedCounts(t.deps)).toEqual(before);
  });

  it('stores an allowed but hostile name under a server id, and serves the file as a download named by its reference', async () => {
    const hostile = "'; rm -rf * <img src=x onerror=alert(1)> \u202Efdp.exe تقرير.pdf";
    const doc = named(hostile);
    const res = await upload(await signCompact(doc, w.drk.key), hostile);
    expect(res.status, res.text).toBe(201);
    const file = await t.deps.db.connection.db!.collection('attachments.files').findOne({ 'metadata.clientFilename': hostile });
    expect(file).not.toBeNull();
    // The stored name is the service's own, never the client's.
    expect(file!.filename).toMatch(/^upload-[0-9a-f]{24}$/);

    const ref = doc.attachments[0].attachmentRef;
    const dl = await request(t.app).get(`/v1/handovers/${doc.handoverId}/versions/1/attachments/${ref}`).set(as(w.randers.token)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(dl.status).toBe(200);
    expect(createHash('sha256').update(dl.body as Buffer).digest('hex')).toBe(doc.attachments[0].sha256);
    const disposition = String(dl.headers['content-disposition']);
    expect(disposition).toBe(`attachment; filename="${ref}.pdf"; filename*=UTF-8''${encodeURIComponent(hostile)}`);
    // Nothing in the header a browser or shell could read as markup, a quote or a second header.
    expect(disposition).not.toMatch(/[<>\r\n]|; rm/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['content-type']).toBe('application/pdf');
  });
});
