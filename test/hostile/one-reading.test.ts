/**
 * Reliability catalogue 47-49 and the number rule: a signed handover has exactly one reading and
 * exactly one signed text. Each rejection stores nothing and leaves one audit event.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, family, familyFile, singleAdult, type Doc } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { rawRequest } from '../helpers/raw-request.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { headerTextOf, postCompact, setupWorld, signCompact, signFlattened, signRawCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
});
afterAll(() => t.close());

type Sent = { status: number; headers: Record<string, unknown>; text: string };

/** Counted in the chain, once the sequencer has integrated what requests wrote (services/audit-sequencer.ts). */
const rejectionEvents = async (code: string) => {
  await t.deps.auditSequencer.settle();
  return t.deps.db.connection.db!.collection('audit_events').countDocuments({ outcome: `rejected:${code}` });
};

/** Sends what must be refused; proves the problem, that nothing was stored and one audit event. */
async function refused(send: () => Promise<Sent>, status: number, code: string, pointer?: string) {
  const before = await submittedCounts(t.deps);
  const eventsBefore = await rejectionEvents(code);
  const res = await send();
  const body = expectProblem(res, status, code);
  if (pointer !== undefined) expect(body.errors?.map((e) => e.pointer)).toEqual([pointer]);
  expect(await submittedCounts(t.deps)).toEqual(before);
  expect(await rejectionEvents(code)).toBe(eventsBefore + 1);
  return body;
}

/** The document's JSON text with one member written again, right after the first (text surgery). */
function withSecondMember(doc: Doc, after: string, member: string): string {
  const text = JSON.stringify(doc);
  const at = text.indexOf(after);
  expect(at).toBeGreaterThan(0);
  return `${text.slice(0, at + after.length)},${member}${text.slice(at + after.length)}`;
}

const flattenedBody = (jws: { protected?: string; payload: string; signature: string }, extra = '') =>
  `{"protected":"${jws.protected}","payload":"${jws.payload}","signature":"${jws.signature}"${extra}}`;

// Raw bytes: superagent would serialise a Buffer sent as +json into {"type":"Buffer",...}.
const postFlattened = (body: string) => rawRequest(t.app, 'POST', '/v1/handovers', { ...as(w.drk.token), 'Content-Type': 'application/jose+json' }, Buffer.from(body));

describe('duplicate member names are refused at every depth (duplicate-member, 400)', () => {
  it('in the protected header: {"alg":"none","alg":"ES256"} with a valid ES256 signature', async () => {
    const header = `{"alg":"none","kid":"${w.drk.key.kid}","typ":"handover+jws","alg":"ES256"}`;
    const jws = await signRawCompact(header, JSON.stringify(singleAdult()), w.drk.key);
    await refused(() => postCompact(t, w.drk.token, jws), 400, 'duplicate-member', '/protected/alg');
  });

  it('in the payload: a recipient with municipalityCode twice is filed under neither code', async () => {
    const doc = singleAdult('751');
    const payload = withSecondMember(doc, '"municipalityCode":"751"', '"municipalityCode":"730"');
    const jws = await signRawCompact(headerTextOf(w.drk.key), payload, w.drk.key);
    await refused(() => postCompact(t, w.drk.token, jws), 400, 'duplicate-member', '/recipient/municipalityCode');
    const read = await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.randers.token));
    expect(read.status).toBe(404);
  });

  it('deep in the payload, with the pointer of the second occurrence', async () => {
    const doc = family();
    const payload = withSecondMember(doc, `"personRef":"${doc.persons[1].personRef}"`, `"personRef":"${doc.persons[1].personRef}"`);
    const jws = await signRawCompact(headerTextOf(w.drk.key), payload, w.drk.key);
    await refused(() => request(t.app).post('/v1/handovers').set(as(w.drk.token)).field('jws', jws).attach('attachments', familyFile, { filename: 'operation-kabul-2022.pdf', contentType: 'application/pdf' }), 400, 'duplicate-member', '/persons/1/personRef');
  });

  it('in the flattened JSON envelope: two "payload" members', async () => {
    const first = await signFlattened(singleAdult(), w.drk.key);
    const second = await signFlattened(singleAdult('730'), w.drk.key);
    const body = flattenedBody(first, `,"payload":"${second.payload}"`);
    await refused(() => postFlattened(body), 400, 'duplicate-member', '/payload');
  });

  it('in an ordinary JSON request body (a GP assignment), with the pointer', async () => {
    const res = await request(t.app)
      .post(`/v1/handovers/${crypto.randomUUID()}/gp-assignments`)
      .set(as(w.aarhus.token))
      .set('Content-Type', 'application/json')
      .send('{"personRef":"P1","gpOrganisationId":"gp-a","personRef":"P2"}');
    const body = expectProblem(res, 400, 'duplicate-member');
    expect(body.errors).toEqual([{ pointer: '/personRef', keyword: 'uniqueMembers', message: 'this member name occurs earlier in the same object' }]);
  });

  it('sees through escapes: "a" and "\\u0061" are one name', async () => {
    const res = await request(t.app).post('/v1/validate').set(as(w.drk.token)).set('Content-Type', 'application/json').send('{"a":1,"\\u0061":2}');
    expect(expectProblem(res, 400, 'duplicate-member').errors?.[0]?.pointer).toBe('/a');
  });
});

describe('only canonical base64url in every part (jws-malformed, 400)', () => {
  /** The last character of a part changed so that only its unused bits differ: same bytes decoded. */
  function sameBytesOtherText(part: string): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const unusedBits = { 2: 4, 3: 2 }[part.length % 4 as 2 | 3];
    expect(unusedBits, 'this part has no unused bits to change').toBeDefined();
    const last = alphabet.indexOf(part.at(-1)!);
    const variant = `${part.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(variant, 'base64url')).toEqual(Buffer.from(part, 'base64url'));
    return variant;
  }

  it('refuses a signature whose spare bits were changed, so one document has one signed text', async () => {
    // ES256 signatures are 64 bytes: 86 characters with 4 unused bits in the last.
    const doc = singleAdult();
    const jws = await signCompact(doc, w.drk.key);
    const [h, p, s] = jws.split('.') as [string, string, string];
    await refused(() => postCompact(t, w.drk.token, `${h}.${p}.${sameBytesOtherText(s)}`), 400, 'jws-malformed');
    // The canonical text is accepted once, and its retry is a retry (200), not a conflict.
    expect((await postCompact(t, w.drk.token, jws)).status).toBe(201);
    expect((await postCompact(t, w.drk.token, jws)).status).toBe(200);
  });

  it('refuses non-canonical header and payload parts', async () => {
    for (let pad = 0; pad < 3; pad++) {
      const doc = singleAdult();
      doc.persons[0].socialInformation.identity.givenNames = `Ahmad${'a'.repeat(pad)}`;
      const [h, p, s] = (await signCompact(doc, w.drk.key)).split('.') as [string, string, string];
      if (p.length % 4 !== 0) await refused(() => postCompact(t, w.drk.token, `${h}.${sameBytesOtherText(p)}.${s}`), 400, 'jws-malformed');
      if (h.length % 4 !== 0) await refused(() => postCompact(t, w.drk.token, `${sameBytesOtherText(h)}.${p}.${s}`), 400, 'jws-malformed');
    }
  });

  it.each([
    ['a trailing newline', (jws: string) => `${jws}\n`],
    ['a trailing CR LF', (jws: string) => `${jws}\r\n`],
    ['padding', (jws: string) => `${jws}==`],
    ['a space inside the payload', (jws: string) => jws.replace('.', '. ')],
    ['a standard-base64 character', (jws: string) => `${jws.slice(0, 10)}+${jws.slice(11)}`],
  ])('refuses %s around or inside a compact JWS', async (_what, mutate) => {
    const jws = await signCompact(singleAdult(), w.drk.key);
    await refused(() => postCompact(t, w.drk.token, mutate(jws)), 400, 'jws-malformed');
  });

  it('refuses a non-canonical signature in the flattened serialization and in a multipart jws field', async () => {
    const flat = await signFlattened(singleAdult(), w.drk.key);
    await refused(() => postFlattened(flattenedBody({ ...flat, signature: sameBytesOtherText(flat.signature) })), 400, 'jws-malformed');
    const jws = await signCompact(singleAdult(), w.drk.key);
    await refused(() => request(t.app).post('/v1/handovers').set(as(w.drk.token)).field('jws', `${jws}\n`), 400, 'jws-malformed');
  });
});

describe('time claims in the protected header are refused as unsupported (jws-header-invalid, 422)', () => {
  it.each(['exp', 'nbf', 'iat'])('refuses %s, even a current one, naming it', async (claim) => {
    const now = Math.floor(Date.now() / 1000);
    const jws = await signCompact(singleAdult(), w.drk.key, { header: { [claim]: claim === 'exp' ? now + 3600 : now } });
    const body = await refused(() => postCompact(t, w.drk.token, jws), 422, 'jws-header-invalid', `/protected/${claim}`);
    expect(body.detail).toContain('not supported');
  });
});

describe('numbers have one written form (ambiguous-number, 400)', () => {
  /** A health-screening score (an integer in the schema) written as the given text. */
  function withScoreText(text: string): { doc: Doc; payload: string } {
    const doc = singleAdult();
    const payload = JSON.stringify(doc);
    const match = /"version":1/.exec(payload);
    expect(match).not.toBeNull();
    return { doc, payload: payload.replace('"version":1', `"version":${text}`) };
  }

  it.each(['1.0', '1e0', '1E0', '10e-1', '-0', '9007199254740993', '9007199254740992'])('refuses %s where an integer is expected, with the pointer', async (text) => {
    const { payload } = withScoreText(text);
    const jws = await signRawCompact(headerTextOf(w.drk.key), payload, w.drk.key);
    await refused(() => postCompact(t, w.drk.token, jws), 400, 'ambiguous-number', '/version');
  });

  it('accepts the canonical form of the same number', async () => {
    const { payload } = withScoreText('1');
    const jws = await signRawCompact(headerTextOf(w.drk.key), payload, w.drk.key);
    expect((await postCompact(t, w.drk.token, jws)).status).toBe(201);
  });

  it('refuses -0 and 1.50 in a request body too', async () => {
    for (const text of ['-0', '1.50']) {
      const res = await request(t.app).post('/v1/validate').set(as(w.drk.token)).set('Content-Type', 'application/json').send(`{"n":[1,${text}]}`);
      expect(expectProblem(res, 400, 'ambiguous-number').errors?.[0]?.pointer).toBe('/n/1');
    }
  });
});

describe('upload part names', () => {
  /** A multipart body written by hand: form-data (under supertest) would cut the path off the name itself. */
  function multipart(jws: string, filename: string): { type: string; body: Buffer } {
    const boundary = `----one-reading-${crypto.randomUUID()}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="jws"\r\n\r\n${jws}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${filename.replace(/"/g, '%22')}"\r\nContent-Type: application/pdf\r\n\r\n`),
      familyFile,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { type: `multipart/form-data; boundary=${boundary}`, body };
  }

  it.each(['../../operation-kabul-2022.pdf', 'x/operation-kabul-2022.pdf', 'C:\\tmp\\operation-kabul-2022.pdf'])('refuses a part named %s, even when its bare name is in the manifest (upload-filename-invalid, 400)', async (filename) => {
    const jws = await signCompact(family(), w.drk.key);
    const { type, body } = multipart(jws, filename);
    const problem = await refused(() => request(t.app).post('/v1/handovers').set(as(w.drk.token)).set('Content-Type', type).send(body), 400, 'upload-filename-invalid');
    expect(problem.detail).not.toContain('operation-kabul');
  });

  it('accepts the same part under its bare name (the hand-written body is a real upload)', async () => {
    const jws = await signCompact(family(), w.drk.key);
    const { type, body } = multipart(jws, 'operation-kabul-2022.pdf');
    const res = await request(t.app).post('/v1/handovers').set(as(w.drk.token)).set('Content-Type', type).send(body);
    expect(res.status, res.text).toBe(201);
  });
});

describe('single-line fields stay single-line (validation-failed, 422, pattern)', () => {
  const identity = (doc: Doc) => doc.persons[0].socialInformation.identity;
  it.each([
    ['a line feed', 'Ahmad\nAli'],
    ['a carriage return', 'Ahmad\rAli'],
    ['a tab', 'Ahmad\tAli'],
    ['a NEL (C1)', 'Ahmad\u0085Ali'],
    ['a line separator', 'Ahmad\u2028Ali'],
    ['a paragraph separator', 'Ahmad\u2029Ali'],
  ])('refuses %s in a person’s given names, naming the field', async (_what, givenNames) => {
    const doc = singleAdult();
    identity(doc).givenNames = givenNames;
    const body = await refused(async () => postCompact(t, w.drk.token, await signCompact(doc, w.drk.key)), 422, 'validation-failed');
    expect(body.errors).toContainEqual(expect.objectContaining({ pointer: '/persons/0/socialInformation/identity/givenNames', keyword: 'pattern' }));
  });

  it('refuses a line break in the name in the original script and in the arrival place', async () => {
    const doc = singleAdult();
    identity(doc).nameInOriginalScript = 'أحمد\nالحسن';
    doc.expectedArrival.place = 'Borgerservice\nrådhuset';
    const body = await refused(async () => postCompact(t, w.drk.token, await signCompact(doc, w.drk.key)), 422, 'validation-failed');
    expect(body.errors?.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/persons/0/socialInformation/identity/nameInOriginalScript', '/expectedArrival/place']));
  });

  it('keeps line breaks in multi-line notes, and right-to-left marks in names', async () => {
    const doc = singleAdult();
    doc.expectedArrival.note = 'Ankommer med tog.\nRing til kontaktperson ved forsinkelse.\r\n\tTak.';
    identity(doc).nameInOriginalScript = 'أحمد\u200f الحسن';
    const res = await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key));
    expect(res.status, res.text).toBe(201);
    const read = await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token));
    expect(read.body.document.expectedArrival.note).toBe(doc.expectedArrival.note);
  });
});
