/**
 * Evidence packages: everything a third party needs to check, offline and years later, that a
 * sender signed exactly these bytes and that the service received them at the stated time: the
 * bytes as received, the sender's public key as registered (also once it is revoked or rotated
 * away), and the service's signed receipt. The check trusts no part of the package on its own:
 * the receipt must verify against the service keys the checker trusts, the bytes must hash to
 * what the receipt acknowledges, the key must have the recorded fingerprint, be valid at the
 * time of receipt, and verify the signature.
 */
import type { JWK } from 'jose';
import { sha256Hex } from '../domain/crypto.js';
import type { SigningKeyRecord } from '../domain/organisations.js';
import type { verifyReceipt } from '../signing/document-signing.js';
import type { jwkThumbprint, verifyStoredSignature } from '../signing/offline-verification.js';
import type { JwsSerialization } from '../domain/stored-jws.js';
import type { ReceiptClaims } from './receipts.js';
import type { Handovers } from './ports/handovers.js';

export const EVIDENCE_FORMAT = 'handover-evidence/1';

export interface EvidencePackage {
  format: typeof EVIDENCE_FORMAT;
  handoverId: string;
  version: number;
  serialization: JwsSerialization;
  /** The signed submission exactly as received (JWS text is ASCII). */
  jws: string;
  jwsSha256: string;
  receivedAt: string;
  verification: { kid: string; alg: string; keyFingerprint: string };
  senderKey: { kid: string; organisationId: string; alg: string; publicJwk: JWK; validFrom: string; validUntil?: string; revokedAt?: string };
  receipt: string;
  /** The service's public keys when the package was made; a checker should prefer its own copy. */
  serviceJwks: { keys: JWK[] };
}

export interface EvidenceSources {
  handovers: Handovers;
  findKey(kid: string): Promise<SigningKeyRecord | undefined>;
  serviceJwks(): { keys: JWK[] };
}

/** The evidence package of one stored version (undefined when there is none): its bytes, the sender's key as registered, the receipt. */
export async function buildEvidence(s: EvidenceSources, handoverId: string, version: number): Promise<EvidencePackage | undefined> {
  const record = await s.handovers.findVersion(handoverId, version);
  if (!record) return undefined;
  const key = await s.findKey(record.verification.kid);
  if (!key) throw new Error(`the key ${record.verification.kid} of handover ${handoverId} version ${version} is not in the registry`);
  return {
    format: EVIDENCE_FORMAT,
    handoverId: record.handoverId,
    version: record.version,
    serialization: record.serialization,
    jws: record.jws.toString('latin1'),
    jwsSha256: record.jwsSha256,
    receivedAt: record.receivedAt.toISOString(),
    verification: { kid: record.verification.kid, alg: record.verification.alg, keyFingerprint: record.verification.keyFingerprint },
    senderKey: {
      kid: key.kid,
      organisationId: key.organisationId,
      alg: key.alg,
      publicJwk: key.publicJwk as JWK,
      validFrom: key.validFrom.toISOString(),
      ...(key.validUntil ? { validUntil: key.validUntil.toISOString() } : {}),
      ...(key.revokedAt ? { revokedAt: key.revokedAt.toISOString() } : {}),
    },
    receipt: record.receipt.jws,
    serviceJwks: s.serviceJwks(),
  };
}

export interface EvidenceCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** The signature checks an evidence check needs (signing/ provides them; the CLI passes them in). */
export interface EvidenceCrypto {
  verifyReceipt: typeof verifyReceipt;
  jwkThumbprint: typeof jwkThumbprint;
  verifyStoredSignature: typeof verifyStoredSignature;
}

/** Runs every check (not stopping at the first failure), so a report says all that is wrong. */
export async function verifyEvidence(p: EvidencePackage, trustedServiceJwks: { keys: JWK[] }, crypto: EvidenceCrypto): Promise<EvidenceCheck[]> {
  const { verifyReceipt, jwkThumbprint, verifyStoredSignature } = crypto;
  const checks: EvidenceCheck[] = [];
  const check = async (name: string, fn: () => Promise<string> | string) => {
    try {
      checks.push({ name, ok: true, detail: await fn() });
    } catch (err) {
      checks.push({ name, ok: false, detail: (err as Error).message });
    }
  };
  const bytes = Buffer.from(String(p.jws), 'latin1');
  const digest = sha256Hex(bytes);
  await check('bytes', () => {
    if (digest !== p.jwsSha256) throw new Error(`the signed bytes hash to ${digest}, the package says ${p.jwsSha256}`);
    return `SHA-256 ${digest}`;
  });
  await check('receipt', async () => {
    const r = await verifyReceipt(String(p.receipt), trustedServiceJwks, bytes, 'submission');
    const claims = r.claims as Partial<ReceiptClaims>;
    if (!r.matchesSubmission) throw new Error('the receipt acknowledges other bytes');
    if (claims.handoverId !== p.handoverId || claims.version !== p.version) throw new Error('the receipt is for another handover version');
    if (claims.receivedAt !== p.receivedAt) throw new Error(`the receipt says received at ${claims.receivedAt}`);
    return `receipt ${claims.receiptId} signed by the service key ${r.kid}, received ${claims.receivedAt}`;
  });
  await check('key', async () => {
    const thumbprint = await jwkThumbprint(p.senderKey.publicJwk);
    if (thumbprint !== p.verification.keyFingerprint) throw new Error('the public key does not have the fingerprint recorded at receipt');
    if (p.senderKey.kid !== p.verification.kid || p.senderKey.alg !== p.verification.alg) throw new Error('the key is not the one recorded at receipt');
    return `${p.senderKey.kid} (${p.senderKey.alg}) of ${p.senderKey.organisationId}, fingerprint ${thumbprint}`;
  });
  await check('key validity', () => {
    // The policy: a signature counts when its key was valid at receipt; a later revocation or rotation does not undo it.
    const at = Date.parse(p.receivedAt);
    if (!(Date.parse(p.senderKey.validFrom) <= at)) throw new Error('the key was not yet valid at receipt');
    if (p.senderKey.validUntil && !(at < Date.parse(p.senderKey.validUntil))) throw new Error('the key had expired at receipt');
    if (p.senderKey.revokedAt && !(at < Date.parse(p.senderKey.revokedAt))) throw new Error('the key was revoked at receipt');
    return p.senderKey.revokedAt ? `valid at receipt; revoked later, ${p.senderKey.revokedAt}` : 'valid at receipt';
  });
  await check('signature', async () => {
    const { kid } = await verifyStoredSignature(bytes, p.serialization, p.senderKey.publicJwk, p.senderKey.alg);
    if (kid !== p.verification.kid) throw new Error('the signature names another kid');
    return `verifies with ${p.senderKey.kid}`;
  });
  return checks;
}
