/** POST /v1/handovers: every verification rule, and that a rejection stores nothing. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import { compactVerify, createLocalJWKSet, base64url } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/problem.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { rawRequest } from '../helpers/raw-request.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { makeKey, postCompact, registerKey, setupWorld, signCompact, signFlattened, withNewId, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
});
afterAll(() => t.close());

type Doc = Record<string, any>;
const single = () => withNewId(readValidFixture<Doc>('01-single-adult-asylum-centre'));
const family = () => withNewId(readValidFixture<Doc>('02-family-of-five-blind-child'));
const familyFile = fs.readFileSync('fixtures/attachments/02-family-of-five-blind-child/operation-kabul-2022.pdf');

/** Runs a request that must be rejected, and proves nothing was stored. */
async function rejected(send: () => Promise<{ status: number; headers: Record<string, unknown>; text: string }>, status: number, code: string) {
  const before = await submittedCounts(t.deps);
  const res = await send();
  const body = expectProblem(res, status, code);
  expect(await submittedCounts(t.deps)).toEqual(before);
  return body;
}

describe('accepting a signed handover', () => {
  it('accepts a compact JWS with 201 and a receipt signed by the service key from the JWKS', async () => {
    const doc = single();
    const jws = await signCompact(doc, w.drk.key);
    const res = await postCompact(t, w.drk.token, jws);
    expect(res.status, res.text).toBe(201);
    expect(res.headers.location).toBe(`/v1/handovers/${doc.handoverId}`);
    expect(res.body).toMatchObject({
      type: 'handover-receipt',
      handoverId: doc.handoverId,
      version: 1,
      jwsSha256: createHash('sha256').update(jws).digest('hex'),
      senderOrganisationId: 'drk-asylum',
      municipalityCode: '751',
      issuer: 'handover-exchange',
    });
    expect(res.body.receiptId).toMatch(/^rcpt_[A-Za-z0-9_-]{22}$/);
    expect(res.body.completenessScore).toBeGreaterThan(90);

    const jwks = await request(t.app).get('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    const verified = await compactVerify(res.body.receipt, createLocalJWKSet(jwks.body));
    expect(verified.protectedHeader).toMatchObject({ alg: 'ES256', typ: 'handover-receipt+jws', kid: jwks.body.keys[0].kid });
    expect(JSON.parse(new TextDecoder().decode(verified.payload)).receiptId).toBe(res.body.receiptId);

    const stored = await t.deps.handovers.findVersion(doc.handoverId, 1);
    expect(stored!.jws.toString()).toBe(jws); // the exact bytes received
    expect(stored!.verification).toEqual({ kid: w.drk.key.kid, alg: 'ES256', typ: 'handover+jws', keyFingerprint: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  });

  it('accepts the flattened JSON serialization, and EdDSA keys', async () => {
    const doc = withNewId(readValidFixture<Doc>('03-un-quota-family-iom'));
    doc.attachments = [];
    doc.persons[0].healthScreening.recordsFromAbroad = { status: 'not-assessed', reason: 'no-records' };
    // without attachments, no form may refer to one
    const stripRefs = (v: any): void => {
      if (Array.isArray(v)) v.forEach(stripRefs);
      else if (v && typeof v === 'object') {
        delete v.attachmentRef;
        Object.values(v).forEach(stripRefs);
      }
    };
    stripRefs(doc.persons);
    const jws = await signFlattened(doc, w.iom.key);
    const res = await rawRequest(t.app, 'POST', '/v1/handovers', { Authorization: `Bearer ${w.iom.token}`, 'Content-Type': 'application/jose+json' }, Buffer.from(JSON.stringify(jws)));
    const body = JSON.parse(res.text);
    expect(res.status, res.text).toBe(201);
    expect(body.senderOrganisationId).toBe('iom-kampala');
  });

  it('accepts multipart with the JWS and its attachments streamed to GridFS', async () => {
    const doc = family();
    const jws = await signCompact(doc, w.drk.key);
    const before = await submittedCounts(t.deps);
    const res = await request(t.app)
      .post('/v1/handovers')
      .set('Authorization', `Bearer ${w.drk.token}`)
      .field('jws', jws)
      .attach('attachments', familyFile, { filename: 'operation-kabul-2022.pdf', contentType: 'application/pdf' });
    expect(res.status, res.text).toBe(201);
    const after = await submittedCounts(t.deps);
    expect(after.files).toBe(before.files + 1);
    const stored = await t.deps.handovers.findVersion(doc.handoverId, 1);
    expect(stored!.attachments).toEqual([expect.objectContaining({ attachmentRef: 'A1', filename: 'operation-kabul-2022.pdf', size: familyFile.length, sha256: createHash('sha256').update(familyFile).digest('hex') })]);
    const chunks: Buffer[] = [];
    for await (const c of t.deps.attachments.openDownload(stored!.attachments[0]!.fileId)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(familyFile)).toBe(true);
  });
});

describe('signature and key rules (each rejected with its own problem type, nothing stored)', () => {
  it('rejects a tampered payload', async () => {
    const [h, , s] = (await signCompact(single(), w.drk.key)).split('.');
    const other = base64url.encode(JSON.stringify(single()));
    await rejected(() => postCompact(t, w.drk.token, `${h}.${other}.${s}`), 422, 'jws-signature-invalid');
  });

  it('rejects a tampered header', async () => {
    const [, p, s] = (await signCompact(single(), w.drk.key)).split('.');
    const header = base64url.encode(JSON.stringify({ alg: 'ES256', kid: w.drk.key.kid, typ: 'handover+jws', x: 1 }));
    await rejected(() => postCompact(t, w.drk.token, `${header}.${p}.${s}`), 422, 'jws-signature-invalid');
  });

  it('rejects a bit flipped in the signature, and a truncated signature', async () => {
    const jws = await signCompact(single(), w.drk.key);
    const sig = Buffer.from(jws.split('.')[2]!, 'base64url');
    sig[5]! ^= 0x01;
    await rejected(() => postCompact(t, w.drk.token, `${jws.split('.').slice(0, 2).join('.')}.${sig.toString('base64url')}`), 422, 'jws-signature-invalid');
    await rejected(() => postCompact(t, w.drk.token, jws.slice(0, -10)), 422, 'jws-signature-invalid');
  });

  it('rejects a valid signature by another organisation\'s key (its kid), and A\'s kid over B\'s signature', async () => {
    const doc = single();
    const byIom = await signCompact(doc, w.iom.key);
    await rejected(() => postCompact(t, w.drk.token, byIom), 422, 'signing-key-wrong-organisation');
    const forged = await signCompact(doc, { ...w.iom.key, kid: w.drk.key.kid, alg: 'EdDSA' } as never);
    await rejected(() => postCompact(t, w.drk.token, forged), 422, 'signing-key-alg-mismatch');
  });

  it('rejects an unknown kid', async () => {
    await rejected(async () => postCompact(t, w.drk.token, await signCompact(single(), w.drk.key, { kid: 'no-such-kid' })), 422, 'signing-key-unknown');
  });

  it.each(['none', 'NONE', 'nOnE'])('rejects alg %s with an empty signature', async (alg) => {
    const header = base64url.encode(JSON.stringify({ alg, kid: w.drk.key.kid, typ: 'handover+jws' }));
    const body = await rejected(() => postCompact(t, w.drk.token, `${header}.${base64url.encode(JSON.stringify(single()))}.AAAA`), 422, 'jws-alg-not-allowed');
    expect(body.errors).toEqual([{ pointer: '/protected/alg', keyword: 'alg', message: expect.stringContaining('is not one of ES256, EdDSA, PS256, RS256') }]);
    await rejected(() => postCompact(t, w.drk.token, `${header}.${base64url.encode(JSON.stringify(single()))}.`), 400, 'jws-malformed');
  });

  it('rejects HS256 made with the sender\'s public key bytes as the secret', async () => {
    const { CompactSign } = await import('jose');
    const secret = new TextEncoder().encode(JSON.stringify(w.drk.key.publicJwk));
    const jws = await new CompactSign(Buffer.from(JSON.stringify(single()))).setProtectedHeader({ alg: 'HS256', kid: w.drk.key.kid, typ: 'handover+jws' }).sign(secret);
    await rejected(() => postCompact(t, w.drk.token, jws), 422, 'jws-alg-not-allowed');
  });

  it('rejects an allowed alg that is not the one registered for the key', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'PS256', kid: w.drk.key.kid, typ: 'handover+jws' }));
    const [, p, s] = (await signCompact(single(), w.drk.key)).split('.');
    await rejected(() => postCompact(t, w.drk.token, `${header}.${p}.${s}`), 422, 'signing-key-alg-mismatch');
  });

  it.each(['jwk', 'jku', 'x5u', 'x5c'])('never takes a key from the header (%s)', async (member) => {
    const value = member === 'jwk' ? w.iom.key.publicJwk : member === 'x5c' ? ['MIIB'] : 'http://127.0.0.1:1/keys';
    const body = await rejected(async () => postCompact(t, w.drk.token, await signCompact(single(), w.drk.key, { header: { [member]: value } })), 422, 'jws-embedded-key-not-allowed');
    expect(body.errors![0]!.pointer).toBe(`/protected/${member}`);
  });

  it('rejects an unknown crit, and b64: false', async () => {
    // jose will not sign an unknown crit, so the header is made by hand; the check comes before the signature.
    const [, p, s] = (await signCompact(single(), w.drk.key)).split('.');
    const crit = base64url.encode(JSON.stringify({ alg: 'ES256', kid: w.drk.key.kid, typ: 'handover+jws', crit: ['urn:example:unknown'], 'urn:example:unknown': 1 }));
    await rejected(() => postCompact(t, w.drk.token, `${crit}.${p}.${s}`), 422, 'jws-crit-unsupported');
    const header = base64url.encode(JSON.stringify({ alg: 'ES256', kid: w.drk.key.kid, typ: 'handover+jws', b64: false, crit: ['b64'] }));
    await rejected(() => postCompact(t, w.drk.token, `${header}..AAAA`), 422, 'jws-crit-unsupported');
  });

  it('rejects a token of another type (an access-token JWT)', async () => {
    const body = await rejected(async () => postCompact(t, w.drk.token, await signCompact({ sub: 'x', exp: 2e9 }, w.drk.key, { typ: 'JWT' })), 422, 'jws-typ-invalid');
    expect(body.detail).toBe('typ must be "handover+jws"');
  });

  it('rejects a 5-part JWE and garbage', async () => {
    await rejected(() => postCompact(t, w.drk.token, 'a.b.c.d.e'), 400, 'jws-malformed');
    await rejected(() => postCompact(t, w.drk.token, 'not a jws'), 400, 'jws-malformed');
    await rejected(() => postCompact(t, w.drk.token, '!!!.abc.def'), 400, 'jws-malformed');
  });

  it('rejects a revoked key from the moment of revocation, without restart', async () => {
    const key = await makeKey('ES256', 'rotating');
    await registerKey(t, w.admin, 'drk-asylum', key);
    expect((await postCompact(t, w.drk.token, await signCompact(single(), key))).status).toBe(201);
    const revoke = await request(t.app).post(`/v1/admin/keys/${key.kid}/revocation`).set('Authorization', `Bearer ${w.admin}`).send({ reason: 'laptop lost' });
    expect(revoke.status, revoke.text).toBe(200);
    await rejected(async () => postCompact(t, w.drk.token, await signCompact(single(), key)), 422, 'signing-key-revoked');
  });

  it('rejects an expired key and a key not yet valid', async () => {
    const expired = await makeKey('ES256', 'expired');
    await registerKey(t, w.admin, 'drk-asylum', expired, { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' });
    await rejected(async () => postCompact(t, w.drk.token, await signCompact(single(), expired)), 422, 'signing-key-expired');
    const future = await makeKey('PS256', 'future');
    await registerKey(t, w.admin, 'drk-asylum', future, { validFrom: '2099-01-01T00:00:00Z' });
    await rejected(async () => postCompact(t, w.drk.token, await signCompact(single(), future)), 422, 'signing-key-not-yet-valid');
  });

  it('accepts RS256 and PS256 keys', async () => {
    for (const alg of ['RS256', 'PS256'] as const) {
      const key = await makeKey(alg, 'rsa');
      await registerKey(t, w.admin, 'drk-asylum', key);
      expect((await postCompact(t, w.drk.token, await signCompact(single(), key))).status).toBe(201);
    }
  });
});

describe('document rules after the signature verifies', () => {
  it('rejects a payload that is not JSON', async () => {
    await rejected(async () => postCompact(t, w.drk.token, await signCompact('this is not json', w.drk.key)), 422, 'payload-not-json');
  });

  it('rejects a schema-invalid payload with JSON Pointers', async () => {
    const doc = single();
    doc.persons[0].healthScreening.allergies = {};
    const body = await rejected(async () => postCompact(t, w.drk.token, await signCompact(doc, w.drk.key)), 422, 'validation-failed');
    expect(body.errors).toContainEqual({ pointer: '/persons/0/healthScreening/allergies/status', keyword: 'required', message: 'is required' });
  });

  it('rejects a document whose sender is another organisation', async () => {
    const doc = single();
    doc.sender.organisationId = 'iom-kampala';
    const body = await rejected(async () => postCompact(t, w.drk.token, await signCompact(doc, w.drk.key)), 422, 'sender-mismatch');
    expect(body.errors).toEqual([{ pointer: '/sender/organisationId', keyword: 'senderMatch', message: 'sender.organisationId must be the organisation of the credential' }]);
  });

  it('rejects a withdrawal document posted as a handover', async () => {
    const withdrawal = { documentType: 'handover-withdrawal', schemaVersion: '1.0', handoverId: crypto.randomUUID(), version: 1, senderOrganisationId: 'drk-asylum', withdrawnAt: '2026-11-20T10:00:00Z', reason: 'duplicate' };
    await rejected(async () => postCompact(t, w.drk.token, await signCompact(withdrawal, w.drk.key)), 422, 'validation-failed');
  });
});

describe('attachments against the signed manifest', () => {
  const upload = (jws: string, files: { bytes: Buffer; name: string; type?: string }[]) => {
    let r = request(t.app).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).field('jws', jws);
    for (const f of files) r = r.attach('attachments', f.bytes, { filename: f.name, contentType: f.type ?? 'application/pdf' });
    return r;
  };
  const signedFamily = async (mutate?: (d: Doc) => void) => {
    const doc = family();
    mutate?.(doc);
    return signCompact(doc, w.drk.key);
  };

  it('rejects a file with another SHA-256', async () => {
    const altered = Buffer.from(familyFile);
    altered[altered.length - 3]! ^= 0x20;
    const body = await rejected(async () => upload(await signedFamily(), [{ bytes: altered, name: 'operation-kabul-2022.pdf' }]), 422, 'attachment-hash-mismatch');
    expect(body.errors![0]!.pointer).toBe('/attachments/0/sha256');
  });

  it('rejects a file of another size', async () => {
    await rejected(async () => upload(await signedFamily(), [{ bytes: Buffer.concat([familyFile, Buffer.from('\n')]), name: 'operation-kabul-2022.pdf' }]), 422, 'attachment-size-mismatch');
  });

  it('rejects a declared PDF whose bytes are HTML (415), even when hash and size are signed', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const sig = await signedFamily((d) => Object.assign(d.attachments[0], { size: html.length, sha256: createHash('sha256').update(html).digest('hex') }));
    await rejected(() => upload(sig, [{ bytes: html, name: 'operation-kabul-2022.pdf' }]), 415, 'attachment-media-type-mismatch');
  });

  it('rejects a PDF/HTML polyglot and a PDF with JavaScript (415)', async () => {
    const polyglot = Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n');
    const sig1 = await signedFamily((d) => Object.assign(d.attachments[0], { size: polyglot.length, sha256: createHash('sha256').update(polyglot).digest('hex') }));
    await rejected(() => upload(sig1, [{ bytes: polyglot, name: 'operation-kabul-2022.pdf' }]), 415, 'attachment-polyglot');
    const js = Buffer.from('%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n');
    const sig2 = await signedFamily((d) => Object.assign(d.attachments[0], { size: js.length, sha256: createHash('sha256').update(js).digest('hex') }));
    const body = await rejected(() => upload(sig2, [{ bytes: js, name: 'operation-kabul-2022.pdf' }]), 415, 'attachment-active-content');
    expect(body.detail).toBe('PDF actions are not accepted: /JS, /JavaScript action, /OpenAction running /JavaScript');
  });

  it('rejects a listed file that was not uploaded', async () => {
    await rejected(async () => postCompact(t, w.drk.token, await signedFamily()), 422, 'attachment-missing');
    await rejected(async () => upload(await signedFamily(), []), 422, 'attachment-missing');
  });

  it('rejects an uploaded file the manifest does not list', async () => {
    await rejected(async () => upload(await signedFamily(), [{ bytes: familyFile, name: 'operation-kabul-2022.pdf' }, { bytes: familyFile, name: 'extra.pdf' }]), 422, 'attachment-unlisted');
  });

  it('rejects a file over the size limit (413) and leaves no partial file', async () => {
    const small = await startTestApp({ HANDOVER_MAX_ATTACHMENT_BYTES: '2048', HANDOVER_MAX_ATTACHMENTS: '2' });
    try {
      const world = { token: w.drk.token };
      await small.deps.organisations.createOrganisation({ id: 'drk-asylum', type: 'asylum-centre-operator', name: 'DRK', createdAt: new Date() });
      const { issueCredential } = await import('../../src/services/credentials.js');
      world.token = (await issueCredential(small.deps.organisations, { organisationId: 'drk-asylum', role: 'sender' }, new Date())).token;
      await small.deps.organisations.createKey({ kid: w.drk.key.kid, organisationId: 'drk-asylum', alg: 'ES256', publicJwk: w.drk.key.publicJwk as never, fingerprint: 'x', validFrom: new Date(0), createdAt: new Date() });
      const jws = await signedFamily();
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10_000, 0x20)]);
      const send = (files: Buffer[]) => {
        let r = request(small.app).post('/v1/handovers').set('Authorization', `Bearer ${world.token}`).field('jws', jws);
        files.forEach((f, i) => (r = r.attach('attachments', f, { filename: `f${i}.pdf`, contentType: 'application/pdf' })));
        return r;
      };
      const before = await submittedCounts(small.deps);
      const body = expectProblem(await send([familyFile, big]), 413, 'upload-limit-exceeded');
      expect(body.detail).toMatch(/^limit file size/);
      expectProblem(await send([familyFile, familyFile, familyFile]), 413, 'upload-limit-exceeded');
      expect(await submittedCounts(small.deps)).toEqual(before);
    } finally {
      await small.close();
    }
  });

  it('rejects a form field that names a recipient, and files in another field', async () => {
    const jws = await signedFamily();
    await rejected(
      () => request(t.app).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).field('jws', jws).field('municipalityCode', '101').attach('attachments', familyFile, { filename: 'operation-kabul-2022.pdf', contentType: 'application/pdf' }),
      400,
      'unexpected-field',
    );
    await rejected(() => request(t.app).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).field('jws', jws).attach('other', familyFile, 'x.pdf'), 400, 'unexpected-field');
  });

  it('rejects a malformed multipart body with 400', async () => {
    await rejected(
      () => request(t.app).post('/v1/handovers').set('Authorization', `Bearer ${w.drk.token}`).set('Content-Type', 'multipart/form-data; boundary=XYZ').send('--XYZ\r\nContent-Disposition: form-data; name="jws"\r\n\r\nabc'),
      400,
      'malformed-multipart',
    );
  });
});

describe('idempotency and versions', () => {
  it('returns 200 and the original receipt for a byte-identical retry', async () => {
    const jws = await signCompact(single(), w.drk.key);
    const first = await postCompact(t, w.drk.token, jws);
    expect(first.status).toBe(201);
    const before = await submittedCounts(t.deps);
    const again = await postCompact(t, w.drk.token, jws);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await submittedCounts(t.deps)).toEqual(before);
  });

  it('answers 20 concurrent copies of one JWS with one 201 and nineteen 200s carrying the same receipt', async () => {
    const jws = await signCompact(single(), w.drk.key);
    const results = await Promise.all(Array.from({ length: 20 }, () => postCompact(t, w.drk.token, jws)));
    expect(results.map((r) => r.status).sort(), JSON.stringify(results.filter((r) => r.status >= 400).map((r) => r.body))).toEqual([...Array(19).fill(200), 201]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.body.receiptId)).size).toBe(1);
  });

  it('answers the same handover id and version with other content with 409', async () => {
    const doc = single();
    expect((await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key))).status).toBe(201);
    doc.expectedArrival.place = 'Et andet sted';
    await rejected(async () => postCompact(t, w.drk.token, await signCompact(doc, w.drk.key)), 409, 'handover-version-conflict');
  });

  it('accepts a new version that supersedes the current one, and refuses one that does not', async () => {
    const v1 = single();
    expect((await postCompact(t, w.drk.token, await signCompact(v1, w.drk.key))).status).toBe(201);
    const v2 = { ...readValidFixture<Doc>('08-single-adult-version-2'), handoverId: v1.handoverId };
    const skip = { ...v2, version: 3, supersedes: { version: 2 } };
    await rejected(async () => postCompact(t, w.drk.token, await signCompact(skip, w.drk.key)), 409, 'version-out-of-sequence');
    const res = await postCompact(t, w.drk.token, await signCompact(v2, w.drk.key));
    expect(res.status, res.text).toBe(201);
    expect(res.body.version).toBe(2);
    const versions = await request(t.app).get(`/v1/handovers/${v1.handoverId}/versions`).set('Authorization', `Bearer ${w.drk.token}`);
    expect(versions.body).toMatchObject({ currentVersion: 2, status: 'submitted' });
  });

  it('refuses a new version addressed to another municipality without saying it was re-addressed (409 recipient-change-not-allowed naming the field), and stores nothing', async () => {
    const v1 = single();
    expect((await postCompact(t, w.drk.token, await signCompact(v1, w.drk.key))).status).toBe(201);
    const code = v1.recipient.municipalityCode as string;
    const v2: Doc = { ...readValidFixture<Doc>('08-single-adult-version-2'), handoverId: v1.handoverId };
    const elsewhere = { ...v2, recipient: { ...v2.recipient, municipalityCode: code === '730' ? '751' : '730' } };
    const body = await rejected(async () => postCompact(t, w.drk.token, await signCompact(elsewhere, w.drk.key)), 409, 'recipient-change-not-allowed');
    expect(body.errors).toEqual([{ pointer: '/recipient/municipalityCode', keyword: 'recipientChange', message: `must stay ${code}, the recipient of the version before, unless recipient.readdressing says why it changes` }]);
    // The same recipient: accepted.
    const same = { ...v2, recipient: { ...v2.recipient, municipalityCode: code } };
    const res = await postCompact(t, w.drk.token, await signCompact(same, w.drk.key));
    expect(res.status, res.text).toBe(201);
  });

  it('does not let another sender add versions to a handover id it does not own', async () => {
    const doc = single();
    expect((await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key))).status).toBe(201);
    const theirs = { ...doc, version: 2, supersedes: { version: 1 }, sender: { ...doc.sender, organisationId: 'iom-kampala', organisationType: 'iom-mission' } };
    await rejected(async () => postCompact(t, w.iom.token, await signCompact(theirs, w.iom.key)), 409, 'handover-id-taken');
  });

  it('answers version 1 under another sender’s handover id with 409 handover-id-taken, not as a version stored with other bytes, and stores nothing', async () => {
    const doc = single();
    expect((await postCompact(t, w.drk.token, await signCompact(doc, w.drk.key))).status).toBe(201);
    const theirs = { ...doc, sender: { ...doc.sender, organisationId: 'iom-kampala', organisationType: 'iom-mission' } };
    const body = await rejected(async () => postCompact(t, w.iom.token, await signCompact(theirs, w.iom.key)), 409, 'handover-id-taken');
    expect(body).toEqual({
      type: 'https://handover-exchange.dk/problems/handover-id-taken',
      title: 'The handover id belongs to another sender',
      status: 409,
      code: 'handover-id-taken',
      detail: 'choose a new UUID for a new handover',
      instance: body.instance,
    });
  });

  it('withdraws a version with a signed withdrawal; the current version falls back; history stays', async () => {
    const v1 = single();
    await postCompact(t, w.drk.token, await signCompact(v1, w.drk.key));
    const v2 = { ...readValidFixture<Doc>('08-single-adult-version-2'), handoverId: v1.handoverId };
    await postCompact(t, w.drk.token, await signCompact(v2, w.drk.key));
    const withdrawal = { documentType: 'handover-withdrawal', schemaVersion: '1.0', handoverId: v1.handoverId, version: 2, senderOrganisationId: 'drk-asylum', withdrawnAt: '2026-11-21T08:00:00Z', reason: 'error-in-content' };
    const wjws = await signCompact(withdrawal, w.drk.key, { typ: 'handover-withdrawal+jws' });
    const res = await postCompact(t, w.drk.token, wjws, `/v1/handovers/${v1.handoverId}/withdrawals`);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ type: 'withdrawal-receipt', handoverId: v1.handoverId, version: 2 });
    expect((await postCompact(t, w.drk.token, wjws, `/v1/handovers/${v1.handoverId}/withdrawals`)).status).toBe(200);
    const versions = await request(t.app).get(`/v1/handovers/${v1.handoverId}/versions`).set('Authorization', `Bearer ${w.drk.token}`);
    expect(versions.body).toMatchObject({ currentVersion: 1, status: 'submitted', versions: [{ version: 2, withdrawn: true }, { version: 1, withdrawn: false, current: true }] });
    // a withdrawal signed as a handover type is refused
    await rejected(async () => postCompact(t, w.drk.token, await signCompact({ ...withdrawal, version: 1 }, w.drk.key), `/v1/handovers/${v1.handoverId}/withdrawals`), 422, 'jws-typ-invalid');
    // another sender cannot withdraw it
    const theirs = await signCompact({ ...withdrawal, version: 1, senderOrganisationId: 'iom-kampala' }, w.iom.key, { typ: 'handover-withdrawal+jws' });
    await rejected(() => postCompact(t, w.iom.token, theirs, `/v1/handovers/${v1.handoverId}/withdrawals`), 404, 'not-found');
  });
});

describe('credentials and roles', () => {
  it('answers a missing or malformed credential with 401', async () => {
    const jws = await signCompact(single(), w.drk.key);
    const res = await request(t.app).post('/v1/handovers').set('Content-Type', 'application/jose').send(Buffer.from(jws));
    expectProblem(res, 401, 'unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="handover-exchange"');
    expectProblem(await postCompact(t, 'hx1.nonsense', jws), 401, 'unauthenticated');
    expectProblem(await postCompact(t, `${w.drk.token.slice(0, -2)}xx`, jws), 401, 'unauthenticated');
  });

  it('answers a municipality submitting with 403', async () => {
    expectProblem(await postCompact(t, w.aarhus.token, await signCompact(single(), w.drk.key)), 403, 'forbidden');
  });

  it('answers a revoked credential with 401 from the next request on', async () => {
    const cred = await request(t.app).post('/v1/admin/organisations/drk-asylum/credentials').set('Authorization', `Bearer ${w.admin}`).send({ role: 'sender' });
    const jws = await signCompact(single(), w.drk.key);
    expect((await postCompact(t, cred.body.token, jws)).status).toBe(201);
    const revoked = await request(t.app).post(`/v1/admin/credentials/${cred.body.credential.id}/revocation`).set('Authorization', `Bearer ${w.admin}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).not.toHaveProperty('secretHash');
    expectProblem(await postCompact(t, cred.body.token, jws), 401, 'unauthenticated');
  });

  it('stores credentials only as a hash', async () => {
    const cred = await request(t.app).post('/v1/admin/organisations/aarhus/credentials').set('Authorization', `Bearer ${w.admin}`).send({ role: 'municipality' });
    const secret = cred.body.token.split('.')[2];
    const raw = await t.deps.db.connection.db!.collection('credentials').findOne({ _id: cred.body.credential.id } as never);
    expect(JSON.stringify(raw)).not.toContain(secret);
  });
});

describe('key registration', () => {
  it('refuses RSA keys under 2048 bits, private keys, duplicate kids, and keys that do not fit the alg', async () => {
    // jose refuses to make a weak key, so node:crypto does.
    const weak = { ...(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'weak-rsa' };
    const res = await request(t.app).post('/v1/admin/organisations/drk-asylum/keys').set('Authorization', `Bearer ${w.admin}`).send({ jwk: weak, alg: 'RS256' });
    expect(expectProblem(res, 422, 'invalid-signing-key').detail).toBe('RSA keys need at least 2048 bits; this one has 1024');
    const priv = { ...w.drk.key.publicJwk, kid: 'leaky', d: 'AAAA' };
    expectProblem(await request(t.app).post('/v1/admin/organisations/drk-asylum/keys').set('Authorization', `Bearer ${w.admin}`).send({ jwk: priv, alg: 'ES256' }), 422, 'invalid-signing-key');
    expectProblem(await request(t.app).post('/v1/admin/organisations/drk-asylum/keys').set('Authorization', `Bearer ${w.admin}`).send({ jwk: w.drk.key.publicJwk, alg: 'ES256' }), 409, 'signing-key-exists');
    expectProblem(await request(t.app).post('/v1/admin/organisations/drk-asylum/keys').set('Authorization', `Bearer ${w.admin}`).send({ jwk: { ...w.drk.key.publicJwk, kid: 'other' }, alg: 'EdDSA' }), 422, 'invalid-signing-key');
  });

  it('keeps admin endpoints for the admin role', async () => {
    expectProblem(await request(t.app).get('/v1/admin/organisations').set('Authorization', `Bearer ${w.drk.token}`), 403, 'forbidden');
    expectProblem(await request(t.app).get('/v1/admin/organisations'), 401, 'unauthenticated');
  });
});
