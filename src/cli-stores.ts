/**
 * What each `handover` command opens of the store, composed here as buildDeps composes the
 * service: only what the command reads, on one connection opened by openStore (store.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Config } from './config.js';
import type { AdminDeps } from './services/admin.js';
import type { EvidenceSources } from './services/evidence.js';
import type { StoreCheckDeps } from './services/verify-store.js';
import { checkPublicJwk } from './signing/jwk-policy.js';
import { loadServiceSigner, type ServiceSigner } from './signing/service-signer.js';
import { auditCheckpointRepository, type AuditCheckpointRepository } from './storage/audit-checkpoint.repository.js';
import { auditLease, type AuditLease } from './storage/audit-lease.js';
import { auditRepository, type AuditRepository } from './storage/audit.repository.js';
import { feedLog } from './storage/feed-log.js';
import { handoverRepository } from './storage/handover.repository.js';
import { organisationRepository, type OrganisationRepository } from './storage/organisation.repository.js';
import { openStore, serviceKeyFileOf, type DatabaseTarget } from './store.js';

/** What the admin use cases are given around a registry. */
export const adminDepsOf = (organisations: OrganisationRepository, config: Config): AdminDeps => ({ organisations, checkJwk: checkPublicJwk, expiryWarningMs: config.expiryWarningDays * 86_400_000 });

/** Just the registry of organisations, keys and credentials, for the `handover admin` bootstrap commands. */
export async function openRegistry(config: Config, target: DatabaseTarget): Promise<{ admin: AdminDeps; close(): Promise<void> }> {
  const store = await openStore(config, target);
  return { admin: adminDepsOf(organisationRepository(store.models), config), close: store.close };
}

/** The stored versions, the key registry and the service's public keys, for `handover evidence export`. */
export async function openEvidenceSources(config: Config, target: DatabaseTarget): Promise<EvidenceSources & { close(): Promise<void> }> {
  const signer = await loadServiceSigner(serviceKeyFileOf(config), { generateIfMissing: false });
  const { models, ledger, close } = await openStore(config, target);
  const organisations = organisationRepository(models);
  return { handovers: handoverRepository(models, feedLog(models), ledger), findKey: (kid) => organisations.findKey(kid), serviceJwks: () => signer.jwks(), close };
}

/** Everything `handover verify-store` reads: versions, the key registry, attachments, the audit log and its last checkpoint. */
export async function openStoreCheck(config: Config, target: DatabaseTarget): Promise<Omit<StoreCheckDeps, 'crypto'> & { close(): Promise<void> }> {
  const { models, ledger, attachments, close } = await openStore(config, target);
  const organisations = organisationRepository(models);
  const checkpoints = auditCheckpointRepository(models);
  return {
    // The package's own copy of the service keys is not used by the check: it trusts only the operator's.
    evidence: { handovers: handoverRepository(models, feedLog(models), ledger), findKey: (kid) => organisations.findKey(kid), serviceJwks: () => ({ keys: [] }) },
    files: attachments,
    audit: auditRepository(models),
    latestCheckpointJws: async () => (await checkpoints.latest())?.jws,
    close,
  };
}

/** The service's public keys, from its key file, when that file is there (checking exported audit logs offline). */
export async function servicePublicKeys(config: Config): Promise<{ keys: object[] } | undefined> {
  const keyFile = serviceKeyFileOf(config);
  return fs.existsSync(keyFile) ? (await loadServiceSigner(keyFile, { generateIfMissing: false })).jwks() : undefined;
}

/**
 * Just the audit log and its checkpoints, for `handover audit verify` and `export`; with the
 * service key when its file is there (export signs a checkpoint, verify checks one with it).
 */
export async function openAuditLog(
  config: Config,
  target: DatabaseTarget,
): Promise<{ audit: AuditRepository; checkpoints: AuditCheckpointRepository; signer?: ServiceSigner; lease: AuditLease; close(): Promise<void> }> {
  const keyFile = serviceKeyFileOf(config);
  const signer = fs.existsSync(keyFile) ? await loadServiceSigner(keyFile, { generateIfMissing: false }) : undefined;
  const { models, close } = await openStore(config, target);
  // `audit export` integrates what is pending before it signs (as the service's sequencer would, by the same lease).
  const lease = auditLease(models, `cli:${os.hostname()}:${process.pid}`, config.auditLeaseMs);
  return { audit: auditRepository(models), checkpoints: auditCheckpointRepository(models), ...(signer ? { signer } : {}), lease, close };
}
