/**
 * A generated corpus of hostile submissions against the service running as its own process:
 * every valid handover fixture, mutated (a required field dropped, a wrong type, an over-long
 * string, an impossible date, an extra property, an operator object, a prototype key, a bit
 * flipped in the signature), each signed by the real sender and POSTed over HTTP. None may be
 * accepted, none may cause a 5xx, nothing may be stored, and the process must stay up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { validateDocument } from '../../src/services/validate-document.js';
import { findFreePort } from '../../src/database-process/free-port.js';
import { readValidFixture, validHandoverNames } from '../helpers/fixtures.js';
import { withoutAttachments, type Doc } from '../helpers/handovers.js';
import { SERVICE_ARGS } from '../helpers/service-process.js';
import { submittedCounts } from '../helpers/stored-counts.js';
import { startTestApp, type TestApp, UNTHROTTLED } from '../helpers/test-app.js';
import { setupWorld, signCompact, type World } from '../helpers/world.js';

const PER_FIXTURE = 300;

let t: TestApp;
let w: World;
let port: number;
let child: ChildProcess;
beforeAll(async () => {
  t = await startTestApp();
  w = await setupWorld(t);
  port = await findFreePort();
  const env = { ...process.env, ...UNTHROTTLED, MONGODB_URI: inject('mongodbUri'), HANDOVER_DB_NAME: t.config.dbName, HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile!, HANDOVER_DEMO_DATA: 'off', HANDOVER_LOG_LEVEL: 'silent', PORT: String(port) };
  child = spawn(process.execPath, [...SERVICE_ARGS], { env, stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      if (i > 600) throw new Error('service did not start');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(async () => {
  child.kill('SIGKILL');
  await t.close();
});

/** A small seeded generator, so a failing case can be found again. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Path = (string | number)[];
interface Mutation {
  kind: string;
  pointer: string;
  /** The JSON text to sign (some mutations cannot be expressed as an object, e.g. __proto__). */
  text?: string;
  doc?: Doc;
  flipSignature?: boolean;
}

function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (value && typeof value === 'object') {
    const here = path.length > 0 ? [{ path, value }] : [];
    const children = Array.isArray(value) ? value.flatMap((v, i) => leaves(v, [...path, i])) : Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
    return [...here, ...children];
  }
  return [{ path, value }];
}

function setAt(doc: Doc, path: Path, fn: (parent: any, key: string | number) => void): Doc {
  const copy = structuredClone(doc);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  fn(node, path.at(-1)!);
  return copy;
}

const pointer = (p: Path) => `/${p.join('/')}`;

function mutations(base: Doc, requiredPaths: Set<string>, rnd: () => number): Mutation[] {
  const all = leaves(base).filter((l) => l.path[0] !== 'handoverId');
  const out: Mutation[] = [];
  for (const { path, value } of all) {
    const key = path.at(-1)!;
    const catalogueKey = path.map((p) => (typeof p === 'number' ? '*' : p)).join('/');
    if (typeof key === 'string' && requiredPaths.has(catalogueKey)) out.push({ kind: 'drop-required', pointer: pointer(path), doc: setAt(base, path, (parent, k) => delete parent[k]) });
    if (typeof value === 'string') {
      out.push({ kind: 'wrong-type', pointer: pointer(path), doc: setAt(base, path, (parent, k) => (parent[k] = 12345)) });
      out.push({ kind: 'over-long-string', pointer: pointer(path), doc: setAt(base, path, (parent, k) => (parent[k] = 'x'.repeat(20_000))) });
      out.push({ kind: 'operator-object', pointer: pointer(path), doc: setAt(base, path, (parent, k) => (parent[k] = { $ne: '' })) });
      if (/^\d{4}-\d{2}-\d{2}/.test(value)) out.push({ kind: 'impossible-date', pointer: pointer(path), doc: setAt(base, path, (parent, k) => (parent[k] = value.replace(/^\d{4}-\d{2}-\d{2}/, '2026-02-30'))) });
    } else if (typeof value === 'number') {
      out.push({ kind: 'wrong-type', pointer: pointer(path), doc: setAt(base, path, (parent, k) => (parent[k] = String(value))) });
    } else if (typeof value === 'boolean') {
      out.push({ kind: 'wrong-type', pointer: pointer(path), doc: setAt(base, path, (parent, k) => (parent[k] = String(value))) });
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      out.push({ kind: 'extra-property', pointer: pointer(path), doc: setAt(base, path, (parent, k) => (parent[k] = { ...parent[k], unexpectedField: 'x' })) });
      out.push({ kind: 'operator-object', pointer: pointer(path), doc: setAt(base, path, (parent, k) => (parent[k] = { $where: 'sleep(1000)' })) });
      // A prototype key can only be written as JSON text: an object literal would set the prototype.
      const marker = `"__mark_${out.length}__":0`;
      const text = JSON.stringify(setAt(base, path, (parent, k) => (parent[k] = { ...parent[k], [`__mark_${out.length}__`]: 0 })));
      const protoKey = rnd() < 0.5 ? '__proto__' : 'constructor';
      out.push({ kind: 'prototype-key', pointer: pointer(path), text: text.replace(marker, `"${protoKey}":{"polluted":true}`) });
    }
  }
  out.push({ kind: 'extra-property', pointer: '/', doc: { ...base, status: 'accepted' } });
  for (let i = 0; i < 20; i++) out.push({ kind: 'signature-bit-flip', pointer: '(signature)', doc: base, flipSignature: true });
  // Shuffle deterministically, keep PER_FIXTURE, and make sure every kind is in.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  const kinds = [...new Set(out.map((m) => m.kind))];
  const picked = kinds.map((k) => out.find((m) => m.kind === k)!);
  return [...picked, ...out.filter((m) => !picked.includes(m))].slice(0, PER_FIXTURE);
}

function flipBit(jws: string, rnd: () => number): string {
  const [h, p, s] = jws.split('.');
  const sig = Buffer.from(s!, 'base64url');
  const bit = Math.floor(rnd() * sig.length * 8);
  sig[bit >> 3]! ^= 1 << (bit & 7);
  return `${h}.${p}.${sig.toString('base64url')}`;
}

it('accepts none of 2,000+ mutated submissions, answers none with a 5xx, stores nothing, and stays up', async () => {
  const rnd = random(20261122);
  const catalogue = t.deps.standard.catalogue('handover', '1.0');
  const requiredPaths = new Set(catalogue.filter((f) => f.required).map((f) => f.path.join('/')));
  const corpus: Mutation[] = [];
  for (const name of validHandoverNames()) {
    const base = withoutAttachments(readValidFixture<Doc>(name));
    base.recipient.municipalityCode = '751';
    base.sender.organisationId = w.drk.id;
    if (base.version !== 1) {
      base.version = 1;
      delete base.supersedes;
    }
    expect(validateDocument(t.deps.standard, base).errors, name).toEqual([]);
    corpus.push(...mutations(base, requiredPaths, rnd));
  }
  expect(corpus.length).toBeGreaterThanOrEqual(2000);
  const before = await submittedCounts(t.deps);
  const pid = child.pid;

  const results: { m: Mutation; status: number; code?: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < corpus.length) {
      const m = corpus[next++]!;
      // A fresh id each time, so an accepted mutation could not hide behind an earlier one.
      const id = crypto.randomUUID();
      const text = m.text ? m.text.replace(/"handoverId":"[^"]+"/, `"handoverId":"${id}"`) : JSON.stringify({ ...m.doc, handoverId: id });
      let jws = await signCompact(text, w.drk.key);
      if (m.flipSignature) jws = flipBit(jws, rnd);
      const res = await fetch(`http://127.0.0.1:${port}/v1/handovers`, { method: 'POST', headers: { Authorization: `Bearer ${w.drk.token}`, 'Content-Type': 'application/jose' }, body: jws });
      const body = (await res.json().catch(() => ({}))) as { type?: string };
      results.push({ m, status: res.status, ...(body.type ? { code: body.type.split('/').at(-1)! } : {}) });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));

  const accepted = results.filter((r) => r.status < 300);
  const serverErrors = results.filter((r) => r.status >= 500);
  const after = await submittedCounts(t.deps);
  const byKind: Record<string, number> = {};
  for (const r of results) byKind[r.m.kind] = (byKind[r.m.kind] ?? 0) + 1;
  const codes: Record<string, number> = {};
  for (const r of results) codes[`${r.status} ${r.code}`] = (codes[`${r.status} ${r.code}`] ?? 0) + 1;
  process.stdout.write(`hostile corpus: tried ${results.length}, accepted ${accepted.length}, 5xx ${serverErrors.length}, stored-after-rejection ${after.handovers - before.handovers + after.contents - before.contents + after.files - before.files}, process restarts ${child.pid === pid && child.exitCode === null ? 0 : 1}\n  by kind: ${JSON.stringify(byKind)}\n  answers: ${JSON.stringify(codes)}\n`);
  expect(accepted.map((r) => `${r.m.kind} ${r.m.pointer}`)).toEqual([]);
  expect(serverErrors.map((r) => `${r.m.kind} ${r.m.pointer}: ${r.status}`)).toEqual([]);
  expect(after).toEqual(before);
  expect(child.exitCode).toBeNull();
  expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  expect(Object.keys(byKind).sort()).toEqual(['drop-required', 'extra-property', 'impossible-date', 'operator-object', 'over-long-string', 'prototype-key', 'signature-bit-flip', 'wrong-type']);
}, 600_000);
