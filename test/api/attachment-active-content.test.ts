/**
 * PDF attachments are judged by what a PDF reader would find in them, not by the bytes they
 * happen to contain: names escaped with #XX, actions and a catalog compressed into an object
 * stream, actions that run on opening or on a page, and markup past the first kilobyte are all
 * refused (415, nothing stored); a plain PDF with a link and a go-to-page on opening is stored.
 * Every file is built here with pdf-lib, as an attacker would build it.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFDict } from 'pdf-lib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody } from '../helpers/binary-body.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, signCompact, withNewId, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
});
afterAll(() => t.close());

const FILENAME = 'operation-kabul-2022.pdf';

/**
 * A one-page PDF with some text, changed by `build` (given the document and its first page), saved
 * with or without object streams. Names written as `Java~53~cript` come out hex-escaped
 * (`/Java#53cript`): the marker is as long as the escape, so the file's offsets stay right.
 */
async function pdf(build: (doc: PDFDocument, page: PDFDict) => void = () => {}, o: { objectStreams?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  page.drawText('Operationsbeskrivelse', { x: 20, y: 150, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  build(doc, page.node);
  const bytes = Buffer.from(await doc.save({ useObjectStreams: o.objectStreams ?? false }));
  return Buffer.from(bytes.toString('latin1').replace(/~([0-9A-Fa-f]{2})~/g, '#$1'), 'latin1');
}

/** An action dictionary in the document's context. */
const action = (doc: PDFDocument, entries: Record<string, unknown>) => doc.context.obj(entries as never);
const js = (doc: PDFDocument) => action(doc, { S: PDFName.of('Java~53~cript'), ['J~53~']: PDFString.of('app.alert(1)') });

/** Submits a family with the file as its one attachment, the manifest signed over the file's bytes. */
async function submitWith(file: Buffer) {
  const doc = withNewId(readValidFixture<Doc>('02-family-of-five-blind-child'));
  Object.assign(doc.attachments[0], { size: file.length, sha256: createHash('sha256').update(file).digest('hex') });
  const jws = await signCompact(doc, w.drk.key);
  const res = await request(t.app).post('/v1/handovers').set(as(w.drk.token)).field('jws', jws).attach('attachments', file, { filename: FILENAME, contentType: 'application/pdf' });
  return { res, doc };
}

/** The file is refused with 415 attachment-active-content naming what is active, and nothing is stored. */
async function expectRefused(file: Buffer, found: string[]) {
  const before = await submittedCounts(t.deps);
  const { res } = await submitWith(file);
  const body = expectProblem(res, 415, 'attachment-active-content');
  const detail = `PDF actions are not accepted: ${found.join(', ')}`;
  expect(body).toEqual({
    type: 'https://handover-exchange.dk/problems/attachment-active-content',
    title: 'A PDF attachment contains active content',
    status: 415,
    code: 'attachment-active-content',
    detail,
    instance: expect.stringMatching(/^urn:request:/),
    errors: [{ pointer: '/attachments/0/mediaType', keyword: 'attachment-active-content', message: detail }],
  });
  expect(await submittedCounts(t.deps)).toEqual(before);
}

describe('PDF attachments with active content', () => {
  it('refuses JavaScript run on opening, its names hex-escaped (/S /Java#53cript /J#53)', async () => {
    const file = await pdf((doc) => doc.catalog.set(PDFName.of('OpenAction'), js(doc)));
    expect(file.toString('latin1')).toMatch(/\/S \/Java#53cript\s+\/J#53 \(app\.alert\(1\)\)/);
    expect(file.toString('latin1')).not.toMatch(/JavaScript|\/JS\b/);
    await expectRefused(file, ['/JS', '/JavaScript action', '/OpenAction running /JavaScript']);
  });

  it('refuses JavaScript in the document-level /Names tree, hex-escaped', async () => {
    const file = await pdf((doc) => {
      const scripts = doc.context.obj({ Names: [PDFString.of('init'), js(doc)] });
      doc.catalog.set(PDFName.of('Names'), doc.context.obj({ ['Java~53~cript']: scripts }));
    });
    expect(file.toString('latin1')).toMatch(/\/Names\s+<<\s*\/Java#53cript/);
    expect(file.toString('latin1')).not.toMatch(/JavaScript|\/JS\b/);
    await expectRefused(file, ['/JS', '/JavaScript', '/JavaScript action']);
  });

  it('refuses JavaScript in a page’s additional actions (/AA, run when the page opens)', async () => {
    const file = await pdf((doc, page) => page.set(PDFName.of('AA'), doc.context.obj({ O: js(doc) })));
    await expectRefused(file, ['/AA running /JavaScript', '/JS', '/JavaScript action']);
  });

  it('refuses a Launch action behind a link, its name escaped in upper or lower case (/#4Caunch, /#4caunch)', async () => {
    for (const escape of ['4C', '4c']) {
      const file = await pdf((doc, page) => {
        const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [10, 10, 100, 30], A: action(doc, { S: PDFName.of(`~${escape}~aunch`), F: PDFString.of('cmd.exe') }) });
        page.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
      });
      expect(file.toString('latin1')).toContain(`/S /#${escape}aunch`);
      await expectRefused(file, ['/Launch action']);
    }
  });

  it('refuses a form that submits its fields, its name escaped (/#53ubmitForm)', async () => {
    const file = await pdf((doc, page) => {
      const submitButton = doc.context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Btn', Rect: [10, 10, 100, 30], A: action(doc, { S: PDFName.of('~53~ubmitForm'), F: { FS: 'URL', F: PDFString.of('https://collector.example/') } }) });
      page.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(submitButton)]));
    });
    await expectRefused(file, ['/SubmitForm action']);
  });

  it('refuses a catalog and a JavaScript action compressed into a /FlateDecode object stream (no JS bytes in the file)', async () => {
    const file = await pdf((doc) => doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action(doc, { S: 'JavaScript', JS: PDFString.of('app.alert(1)') }))), { objectStreams: true });
    const text = file.toString('latin1');
    expect(text).toContain('/Type /ObjStm');
    expect(text).toContain('/Filter /FlateDecode');
    expect(text).not.toMatch(/JavaScript|\/JS|OpenAction|\/Catalog/);
    await expectRefused(file, ['/JS', '/JavaScript action', '/OpenAction running /JavaScript']);
  });

  it('refuses a web address opened on reading (/OpenAction << /S /URI >>)', async () => {
    const file = await pdf((doc) => doc.catalog.set(PDFName.of('OpenAction'), action(doc, { S: 'URI', URI: PDFString.of('https://tracker.example/opened') })));
    await expectRefused(file, ['/OpenAction running /URI']);
  });

  it('refuses HTML after the first 1,024 bytes (attachment-polyglot), nothing stored', async () => {
    const plain = await pdf();
    expect(plain.length).toBeGreaterThan(1024);
    const file = Buffer.concat([plain, Buffer.from('%<html><body><script>alert(document.cookie)</script></body></html>\n', 'latin1')]);
    const before = await submittedCounts(t.deps);
    const body = expectProblem((await submitWith(file)).res, 415, 'attachment-polyglot');
    expect(body).toEqual({
      type: 'https://handover-exchange.dk/problems/attachment-polyglot',
      title: 'An attachment also contains markup',
      status: 415,
      code: 'attachment-polyglot',
      detail: 'HTML or script found in the file',
      instance: expect.stringMatching(/^urn:request:/),
      errors: [{ pointer: '/attachments/0/mediaType', keyword: 'attachment-polyglot', message: 'HTML or script found in the file' }],
    });
    expect(await submittedCounts(t.deps)).toEqual(before);
  });

  it('stores a plain PDF with a web link to click and a go-to-page on opening, and serves it back unchanged', async () => {
    const file = await pdf(
      (doc, page) => {
        const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [10, 10, 100, 30], A: action(doc, { S: 'URI', URI: PDFString.of('https://www.sundhed.dk/') }) });
        page.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
        doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj([doc.getPage(0).ref, PDFName.of('Fit')]));
      },
      { objectStreams: true },
    );
    const { res, doc } = await submitWith(file);
    expect(res.status, res.text).toBe(201);
    const served = await request(t.app).get(`/v1/handovers/${doc.handoverId}/versions/1/attachments/A1`).set(as(w.randers.token)).buffer(true).parse(binaryBody);
    expect(served.status).toBe(200);
    expect(Buffer.compare(served.body as Buffer, file)).toBe(0);
  });
});
