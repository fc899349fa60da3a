/**
 * `handover verify-receipt` tells the kinds of receipt apart: each kind the service signs
 * (submission, delivery, withdrawal, transfer, assessment result) has its own `typ`, the command
 * names the kind it checked and refuses a receipt of another kind when `--kind` asks for one.
 * Receipts signed before each kind had its own `typ` (all as `handover-receipt+jws`) still verify,
 * as the kind their signed `type` says. Regression: a transfer receipt passed as a submission receipt.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, gpPractice, singleAdult, submit, submitFamilyWithRecord, withdraw, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let dir: string;
let jwks: string;
let kid: string;
const now = new Date('2026-12-10T09:00:00Z');
/** One receipt of each kind, as the service gave it out (the compact JWS), and what it is for. */
const receipts: Record<string, { file: string; receiptId: string; handoverId: string; version: number }> = {};

const keep = (name: string, body: Doc) => {
  const file = path.join(dir, `${name}.receipt`);
  fs.writeFileSync(file, body.receipt as string);
  const claims = JSON.parse(Buffer.from((body.receipt as string).split('.')[1]!, 'base64url').toString('utf8')) as Doc;
  receipts[name] = { file, receiptId: claims.receiptId, handoverId: claims.handoverId, version: claims.version };
};

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => now });
  w = await setupWorld(t);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-receipts-'));
  const keys = (await request(t.app).get('/.well-known/jwks.json').expect(200)).body;
  kid = keys.keys[0].kid;
  jwks = path.join(dir, 'jwks.json');
  fs.writeFileSync(jwks, JSON.stringify(keys));

  // A family in Aarhus (integration responsibility from 2026-12-01): submitted, acknowledged, the mother and youngest handed on to Randers.
  const { doc: family, receipt } = await submitFamilyWithRecord(t, w, '751');
  keep('submission', receipt);
  keep('delivery', (await request(t.app).post(`/v1/handovers/${family.handoverId}/acknowledgements`).set(as(w.aarhus.token)).send({}).expect(201)).body);
  const gp = await gpPractice(t, w.admin, 'laege-receipts');
  await request(t.app).post(`/v1/handovers/${family.handoverId}/gp-assignments`).set(as(w.aarhus.token)).send({ personRef: 'F1', gpOrganisationId: gp.id }).expect(201);
  const result: Doc = { ...readValidFixture<Doc>('20-health-assessment-result-accepted'), resultId: crypto.randomUUID(), handoverId: family.handoverId, personRef: 'F1' };
  result.gpPractice = { ...result.gpPractice, organisationId: gp.id };
  const assessed = await postCompact(t, gp.token, await signCompact(result, gp.key, { typ: 'health-assessment-result+jws' }), '/v1/health-assessments');
  expect(assessed.status, assessed.text).toBe(201);
  keep('assessment-result', assessed.body);
  keep('transfer', (await request(t.app).post(`/v1/handovers/${family.handoverId}/transfers`).set(as(w.aarhus.token)).send({ toMunicipalityCode: '730', personRefs: ['F2', 'F5'], movedOn: '2026-12-08' }).expect(201)).body);
  const single = singleAdult('751');
  await submit(t, w.drk, single);
  keep('withdrawal', await withdraw(t, w.drk, single.handoverId, 1));

  // Receipts as the service signed them before each kind had its own typ: all as handover-receipt+jws.
  const legacy = async (name: string, claims: Doc) => keep(name, { receipt: await t.deps.signer.sign({ receiptId: `rcpt_${name}`, issuer: 'handover-exchange', ...claims }, 'handover-receipt+jws') });
  const facts = { handoverId: family.handoverId, version: 1, jwsSha256: 'a'.repeat(64) };
  await legacy('legacy-submission', { type: 'handover-receipt', ...facts, receivedAt: '2026-11-20T10:00:00.000Z', senderOrganisationId: 'drk-asylum', municipalityCode: '751', completenessScore: 90 });
  await legacy('legacy-transfer', { type: 'transfer-receipt', transferId: 'trf_legacy', ...facts, personRefs: ['F3'], fromMunicipalityCode: '751', toMunicipalityCode: '101', movedOn: '2026-12-02', transferredAt: '2026-12-03T10:00:00.000Z' });
  await legacy('legacy-withdrawal', { type: 'withdrawal-receipt', ...facts, receivedAt: '2026-11-21T10:00:00.000Z', senderOrganisationId: 'drk-asylum', municipalityCode: '751' });
}, 120_000);

afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const verify = (name: string, ...extra: string[]) => runCli(t, ['verify-receipt', receipts[name]!.file, '--jwks', jwks, ...extra]);
/** Each `handover` run is a process of its own (tsx loads the CLI): seconds apiece on a loaded machine. */
const CLI_RUNS = 240_000;
const about = (name: string) => `${receipts[name]!.receiptId} for handover ${receipts[name]!.handoverId}`;

describe('handover verify-receipt names the kind of receipt it checked', () => {
  it('gives each kind its own typ and says which kind it verified', async () => {
    const typs = Object.fromEntries(['submission', 'delivery', 'withdrawal', 'transfer', 'assessment-result'].map((k) => [k, JSON.parse(Buffer.from(fs.readFileSync(receipts[k]!.file, 'utf8').split('.')[0]!, 'base64url').toString('utf8')).typ]));
    expect(typs).toEqual({
      submission: 'handover-receipt+jws',
      delivery: 'handover-delivery-receipt+jws',
      withdrawal: 'handover-withdrawal-receipt+jws',
      transfer: 'record-transfer-receipt+jws',
      'assessment-result': 'health-assessment-result-receipt+jws',
    });
    const expected: Record<string, string> = {
      submission: `valid submission receipt ${about('submission')} version 1, signed by ${kid}\n`,
      delivery: `valid delivery receipt ${about('delivery')} version 1 (outcome ok), signed by ${kid}\n`,
      withdrawal: `valid withdrawal receipt ${about('withdrawal')} version 1, signed by ${kid}\n`,
      transfer: `valid transfer receipt ${about('transfer')} version 1 (F2, F5 from 751 to 730), signed by ${kid}\n`,
      'assessment-result': `valid assessment-result receipt ${about('assessment-result')} (person F1), signed by ${kid}\n`,
    };
    // Asked for as its own kind, each passes and is named (without --kind: the legacy and no-receipt cases below).
    for (const [kind, line] of Object.entries(expected)) {
      const res = await verify(kind, '--kind', kind);
      expect({ kind, status: res.status, stdout: res.stdout, stderr: res.stderr }).toEqual({ kind, status: 0, stdout: line, stderr: '' });
    }
  }, CLI_RUNS);

  it('refuses a transfer receipt asked for as a submission receipt (and every other kind asked for as another)', async () => {
    const asSubmission = await verify('transfer', '--kind', 'submission');
    expect(asSubmission).toEqual({ status: 1, stdout: '', stderr: 'INVALID: a transfer receipt, not a submission receipt\n' });
    expect(await verify('submission', '--kind', 'transfer')).toEqual({ status: 1, stdout: '', stderr: 'INVALID: a submission receipt, not a transfer receipt\n' });
    expect(await verify('delivery', '--kind', 'withdrawal')).toEqual({ status: 1, stdout: '', stderr: 'INVALID: a delivery receipt, not a withdrawal receipt\n' });
    expect(await verify('assessment-result', '--kind', 'submission')).toEqual({ status: 1, stdout: '', stderr: 'INVALID: an assessment-result receipt, not a submission receipt\n' });
    const unknown = await verify('submission', '--kind', 'payment');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--kind must be one of submission, delivery, withdrawal, transfer, assessment-result');
  }, CLI_RUNS);

  it('still verifies receipts issued before each kind had its own typ, as the kind their signed type says', async () => {
    expect(await verify('legacy-submission', '--kind', 'submission')).toEqual({ status: 0, stdout: `valid submission receipt ${about('legacy-submission')} version 1, signed by ${kid}\n`, stderr: '' });
    expect(await verify('legacy-transfer')).toEqual({ status: 0, stdout: `valid transfer receipt ${about('legacy-transfer')} version 1 (F3 from 751 to 101), signed by ${kid}\n`, stderr: '' });
    expect(await verify('legacy-transfer', '--kind', 'submission')).toEqual({ status: 1, stdout: '', stderr: 'INVALID: a transfer receipt, not a submission receipt\n' });
    expect(await verify('legacy-withdrawal', '--kind', 'withdrawal')).toEqual({ status: 0, stdout: `valid withdrawal receipt ${about('legacy-withdrawal')} version 1, signed by ${kid}\n`, stderr: '' });
  }, CLI_RUNS);

  it('refuses a token signed by the service key that is no receipt (a webhook payload typ), naming its typ', async () => {
    const file = path.join(dir, 'not-a-receipt.jws');
    fs.writeFileSync(file, await t.deps.signer.sign({ type: 'handover-receipt', receiptId: 'rcpt_x', handoverId: 'x', version: 1 }, 'handover-webhook+jws'));
    expect(await runCli(t, ['verify-receipt', file, '--jwks', jwks])).toEqual({ status: 1, stdout: '', stderr: 'INVALID: not a receipt (typ handover-webhook+jws, type handover-receipt)\n' });
  }, CLI_RUNS);
});
