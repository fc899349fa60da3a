/**
 * Pipeline cost: CPU microseconds per submission for each step, measured in this process with
 * process.cpuUsage, and jose's verify against a reference verify written with node:crypto.
 */
import crypto from 'node:crypto';
import { parseStrictJson } from '../src/domain/strict-json.js';
import type { HandoverVersionRecord } from '../src/domain/handover-record.js';
import { signReceipt } from '../src/services/receipts.js';
import { validateDocument } from '../src/services/validate-document.js';
import { freshHandover, SENDER, signHandover, type Bench } from './setup.js';

export interface PipelineFigures {
  alg: string;
  /** CPU µs per submission. */
  verify: number;
  referenceVerify: number;
  parse: number;
  validate: number;
  sha256: number;
  receipt: number;
  insert: number;
  /** Wall ms per insert (the database's own time is not in this process's CPU). */
  insertWallMs: number;
}

/** Calls fn(0..n-1) and returns CPU µs per call; fn(n..n+19) first, to warm up (every input is used once). */
async function cpuMicros(n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number> {
  for (let i = n; i < n + 20; i++) await fn(i);
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn(i);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

function referenceVerifier(alg: string, key: crypto.KeyObject): (input: Buffer, signature: Buffer) => boolean {
  if (alg === 'ES256') return (input, sig) => crypto.verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, sig);
  if (alg === 'EdDSA') return (input, sig) => crypto.verify(null, input, key, sig);
  return (input, sig) => crypto.verify('sha256', input, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
}

export async function benchPipeline(bench: Bench, fixture: Record<string, unknown>, n: number): Promise<PipelineFigures[]> {
  const out: PipelineFigures[] = [];
  const s = bench.deps.submission;
  for (const [alg, key] of Object.entries(bench.keys)) {
    const jws: Buffer[] = [];
    for (let i = 0; i < n + 20; i++) jws.push(Buffer.from(await signHandover(freshHandover(fixture), key)));
    const receivedAt = new Date();
    const verifyOne = (i: number) => s.verify({ bytes: jws[i]!, serialization: 'compact', expectedTyp: 'handover+jws', organisationId: SENDER, receivedAt });
    const verify = await cpuMicros(n, verifyOne);
    const ref = referenceVerifier(alg, crypto.createPublicKey({ key: key.publicJwk as crypto.JsonWebKey, format: 'jwk' }));
    const parts = jws.map((b) => b.toString().split('.'));
    const referenceVerify = await cpuMicros(n, (i) => {
      const [h, p, sig] = parts[i]!;
      if (!ref(Buffer.from(`${h}.${p}`), Buffer.from(sig!, 'base64url'))) throw new Error('reference verify failed');
    });
    const payloads = parts.map(([, p]) => Buffer.from(p!, 'base64url'));
    const parse = await cpuMicros(n, (i) => parseStrictJson(payloads[i]!));
    const docs = payloads.map((p) => parseStrictJson(p) as Record<string, any>);
    const validate = await cpuMicros(n, (i) => {
      if (!validateDocument(s.standard, docs[i]).valid) throw new Error('invalid');
    });
    const sha256 = await cpuMicros(n, (i) => crypto.createHash('sha256').update(jws[i]!).digest('hex'));
    const receipt = await cpuMicros(n, (i) => signReceipt(s, { type: 'handover-receipt', handoverId: docs[i]!.handoverId, version: 1, jwsSha256: '0'.repeat(64), receivedAt: receivedAt.toISOString(), senderOrganisationId: SENDER, municipalityCode: '751', completenessScore: 90 }));
    const { issued } = await signReceipt(s, { type: 'handover-receipt', handoverId: docs[0]!.handoverId, version: 1, jwsSha256: '0'.repeat(64), receivedAt: receivedAt.toISOString(), senderOrganisationId: SENDER, municipalityCode: '751', completenessScore: 90 });
    const verified = await verifyOne(0);
    const record = (i: number): HandoverVersionRecord => ({
      handoverId: docs[i]!.handoverId,
      version: 1,
      senderOrganisationId: SENDER,
      // Not a real municipality: these rows stay out of the feed that is measured later.
      municipalityCode: '000',
      receivedAt,
      jwsSha256: crypto.createHash('sha256').update(jws[i]!).digest('hex'),
      jws: jws[i]!,
      serialization: 'compact',
      verification: verified.verification,
      payload: docs[i]!,
      attachments: [],
      receipt: issued,
      completenessScore: 90,
      expectedArrivalDate: docs[i]!.expectedArrival.date,
      urgentFlagCount: docs[i]!.urgentFlags.length,
      feedAt: receivedAt,
    });
    const t0 = performance.now();
    const insert = await cpuMicros(n, (i) => s.handovers.insertVersion(record(i)));
    const insertWallMs = (performance.now() - t0) / (n + 20);
    out.push({ alg, verify, referenceVerify, parse, validate, sha256, receipt, insert, insertWallMs });
  }
  return out;
}
