/**
 * Checking a whole store, typically one just restored from a backup: every stored handover
 * version re-verifies from its signed bytes against the sender's key as registered (the evidence
 * checks: bytes, receipt, key fingerprint and validity at receipt, signature), every attachment it
 * references is present with the size and SHA-256 of its signed manifest, and the audit chain
 * verifies against its last signed checkpoint. Every problem is reported, not only the first.
 */
import type { JWK } from 'jose';
import type { AuditEvent, CheckpointClaims } from '../domain/audit-chain.js';
import { verifyLogAgainstCheckpoint, type LogVerdict } from './audit-checkpoints.js';
import { buildEvidence, verifyEvidence, type EvidenceCrypto, type EvidenceSources } from './evidence.js';

export interface StoreCheckDeps {
  evidence: EvidenceSources & {
    handovers: EvidenceSources['handovers'] & { everyVersion(): AsyncIterable<{ handoverId: string; version: number }>; countVersions(): Promise<number> };
  };
  files: { digest(fileId: string): Promise<{ size: number; sha256: string } | { problem: string }> };
  audit: { head(): Promise<{ seq: number }>; all(): AsyncIterable<AuditEvent> };
  latestCheckpointJws(): Promise<string | undefined>;
  crypto: EvidenceCrypto & { verifyCheckpointSignature(jws: string, jwks: { keys: JWK[] }): Promise<CheckpointClaims> };
}

/** Where the check is, for a progress display: each phase starts with its total, then ticks. */
export interface StoreCheckProgress {
  phase(name: 'versions' | 'audit', total: number): void;
  tick(): void;
}

export interface StoreFinding {
  /** `handover <id> version <n>`, `attachment <ref> of handover <id> version <n>`, or `audit log`. */
  subject: string;
  problem: string;
}

export interface StoreReport {
  versions: number;
  attachments: number;
  /** The chain's verdict (absent when its checkpoint could not be trusted). */
  audit?: LogVerdict;
  findings: StoreFinding[];
}

/** Checks the store against the service keys the operator trusts; `findings` is empty when all is well. */
export async function verifyStore(d: StoreCheckDeps, trustedServiceJwks: { keys: JWK[] }, progress: StoreCheckProgress): Promise<StoreReport> {
  const findings: StoreFinding[] = [];
  let versions = 0;
  let attachments = 0;

  progress.phase('versions', await d.evidence.handovers.countVersions());
  for await (const { handoverId, version } of d.evidence.handovers.everyVersion()) {
    const subject = `handover ${handoverId} version ${version}`;
    versions++;
    const record = await d.evidence.handovers.findVersion(handoverId, version);
    if (!record) {
      findings.push({ subject, problem: 'its signed bytes are missing' });
      progress.tick();
      continue;
    }
    try {
      const pkg = await buildEvidence(d.evidence, handoverId, version);
      const checks = pkg ? await verifyEvidence(pkg, trustedServiceJwks, d.crypto) : [];
      for (const c of checks.filter((c) => !c.ok)) findings.push({ subject, problem: `${c.name}: ${c.detail}` });
    } catch (err) {
      findings.push({ subject, problem: (err as Error).message });
    }
    for (const a of record.attachments) {
      attachments++;
      const stored = await d.files.digest(a.fileId);
      const where = `attachment ${a.attachmentRef} of ${subject}`;
      if ('problem' in stored) findings.push({ subject: where, problem: `file ${a.fileId} cannot be read: ${stored.problem}` });
      else if (stored.sha256 !== a.sha256 || stored.size !== a.size) {
        findings.push({ subject: where, problem: `file ${a.fileId} has ${stored.size} bytes with SHA-256 ${stored.sha256}; the signed manifest says ${a.size} bytes, ${a.sha256}` });
      }
    }
    progress.tick();
  }

  progress.phase('audit', (await d.audit.head()).seq);
  let audit: LogVerdict | undefined;
  try {
    audit = await verifyLogAgainstCheckpoint(counting(d.audit.all(), progress), await d.latestCheckpointJws(), (jws) => d.crypto.verifyCheckpointSignature(jws, trustedServiceJwks));
    if (!audit.ok) findings.push({ subject: 'audit log', problem: `broken at event ${audit.first.seq} (${audit.first.problem}): ${audit.first.detail}` });
    else if (!audit.checkpoint && audit.count > 0) findings.push({ subject: 'audit log', problem: 'no signed checkpoint: the chain verifies, but truncation of its newest events could not show' });
  } catch (err) {
    findings.push({ subject: 'audit log', problem: `its last signed checkpoint cannot be trusted: ${(err as Error).message}` });
  }
  return { versions, attachments, ...(audit ? { audit } : {}), findings };
}

async function* counting<T>(items: AsyncIterable<T>, progress: StoreCheckProgress): AsyncGenerator<T> {
  for await (const item of items) {
    progress.tick();
    yield item;
  }
}
