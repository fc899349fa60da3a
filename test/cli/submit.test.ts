/** The sender's tool chain end to end: admin bootstrap, keys, submit every valid handover fixture, verify receipts. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidFixture, validHandoverNames } from '../helpers/fixtures.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { runCli } from '../helpers/cli.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let server: http.Server;
let url: string;
let dir: string;

const run = (args: string[]) => runCli(t, args);

const senders: Record<string, { key: string; token: string }> = {};

beforeAll(async () => {
  t = await startTestApp();
  server = http.createServer(t.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-cli-'));
  for (const [org, type, alg] of [['drk-asylum', 'asylum-centre-operator', 'ES256'], ['iom-kampala', 'iom-mission', 'EdDSA']] as const) {
    expect((await run(['admin', 'create-organisation', '--id', org, '--type', type, '--name', org])).status).toBe(0);
    const key = path.join(dir, `${org}.test-only.private.jwk.json`);
    const gen = await run(['keys', 'generate', '--alg', alg, '--kid', `${org}-1`, '--out', key]);
    expect(gen.status, gen.stderr).toBe(0);
    const pub = path.join(dir, `${org}.public.jwk.json`);
    fs.writeFileSync(pub, gen.stdout);
    expect(JSON.parse(gen.stdout)).not.toHaveProperty('d');
    const reg = await run(['admin', 'register-key', '--org', org, '--jwk', pub, '--alg', alg]);
    expect(reg.status, reg.stderr).toBe(0);
    const cred = await run(['admin', 'issue-credential', '--org', org, '--role', 'sender']);
    expect(cred.status, cred.stderr).toBe(0);
    senders[org] = { key, token: JSON.parse(cred.stdout).token };
  }
}, 120_000);

afterAll(async () => {
  server.close();
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The files of a fixture's manifest, as --attach arguments (fixtures/attachments/<fixture>/<file name>). */
const attachmentsOf = (name: string, doc: { attachments?: { filename: string; personRef: string; category: string }[] }) =>
  (doc.attachments ?? []).map((a) => `fixtures/attachments/${name}/${a.filename}:${a.personRef}:${a.category}`);

describe('handover submit and verify-receipt', () => {
  it('submits every valid handover fixture (with the files of those that list some) and each receipt verifies against the JWKS and the submission', async () => {
    const names = validHandoverNames();
    expect(names.filter((n) => (readValidFixture<{ attachments: unknown[] }>(n).attachments ?? []).length > 0).length).toBeGreaterThanOrEqual(2);
    for (const file of names) {
      const name = file.replace(/\.json$/, '');
      const doc = readValidFixture<{ sender: { organisationId: string }; attachments?: { filename: string; personRef: string; category: string }[] }>(file);
      const sender = senders[doc.sender.organisationId]!;
      const receipt = path.join(dir, `${name}.receipt.json`);
      const jws = path.join(dir, `${name}.jws`);
      const attach = attachmentsOf(name, doc).flatMap((a) => ['--attach', a]);
      const sub = await run(['submit', `fixtures/valid/${file}`, ...attach, '--url', url, '--credential', sender.token, '--key', sender.key, '--out', receipt, '--save-jws', jws]);
      expect(sub.status, `${name}: ${sub.stderr}`).toBe(0);
      expect(sub.stderr).toBe('accepted\n');
      const verify = await run(['verify-receipt', receipt, '--jwks', `${url}/.well-known/jwks.json`, '--jws', jws]);
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(new RegExp(`^valid submission receipt rcpt_\\S+ for handover \\S+ version \\d, signed by svc-\\S+, matching the submission\\n$`));
    }
    const counts = await submittedCounts(t.deps);
    expect(counts.handovers).toBe(names.length);
    expect(counts.files).toBe(names.flatMap((n) => readValidFixture<{ attachments?: unknown[] }>(n).attachments ?? []).length);
  }, 120_000);

  it('rejects a receipt that does not match the submission, and a forged receipt', async () => {
    const receipt = path.join(dir, '01-single-adult-asylum-centre.receipt.json');
    const otherJws = path.join(dir, '05-elderly-care-on-arrival.jws');
    const mismatch = await run(['verify-receipt', receipt, '--jwks', `${url}/.well-known/jwks.json`, '--jws', otherJws]);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain('acknowledges other bytes');
    const forged = path.join(dir, 'forged.jws');
    const original = JSON.parse(fs.readFileSync(receipt, 'utf8')).receipt as string;
    const [h, , s] = original.split('.');
    fs.writeFileSync(forged, `${h}.${Buffer.from(JSON.stringify({ receiptId: 'rcpt_fake', handoverId: 'x', version: 1 })).toString('base64url')}.${s}`);
    const bad = await run(['verify-receipt', forged, '--jwks', `${url}/.well-known/jwks.json`]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^INVALID: /);
  });

  it('sign --out writes exactly the token, which the service accepts as a body; the stdout form (with its newline) is refused', async () => {
    const doc = { ...readValidFixture<Record<string, unknown>>('01-single-adult-asylum-centre'), handoverId: crypto.randomUUID() };
    const file = path.join(dir, `${doc.handoverId as string}.json`);
    fs.writeFileSync(file, JSON.stringify(doc));
    const out = path.join(dir, `${doc.handoverId as string}.jws`);
    const signed = await run(['sign', file, '--key', senders['drk-asylum']!.key, '--out', out]);
    expect(signed.status, signed.stderr).toBe(0);
    const bytes = fs.readFileSync(out);
    expect(bytes.toString('latin1')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const post = (body: Buffer) => fetch(`${url}/v1/handovers`, { method: 'POST', headers: { Authorization: `Bearer ${senders['drk-asylum']!.token}`, 'Content-Type': 'application/jose' }, body });
    const withNewline = await post(Buffer.concat([bytes, Buffer.from('\n')]));
    expect(withNewline.status).toBe(400);
    expect(((await withNewline.json()) as { code: string }).code).toBe('jws-malformed');
    expect((await post(bytes)).status).toBe(201);
  });

  it('re-signing an accepted version gives other bytes (ECDSA is randomised): a 409 conflict, never a silent duplicate', async () => {
    const sender = senders['drk-asylum']!;
    const sub = await run(['submit', 'fixtures/valid/05-elderly-care-on-arrival.json', '--url', url, '--credential', sender.token, '--key', sender.key]);
    // Signing again gives other signature bytes (ECDSA is randomised): that is other content for the same version.
    expect(sub.status).toBe(1);
    expect(sub.stderr).toContain('handover-version-conflict');
  });
});
