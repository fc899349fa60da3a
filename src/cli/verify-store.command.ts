/**
 * `handover verify-store`: checks a store end to end, typically right after restoring a backup
 * into an empty database (docs/operations.md, "Backup and restore"): signed bytes against the keys as
 * registered, attachments against their signed manifests, the audit chain against its last
 * signed checkpoint. The service keys to trust come from a JWKS file or the service key file.
 */
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { configFromEnvironment } from '../config.js';
import { openStoreCheck, servicePublicKeys } from '../cli-stores.js';
import { resolveDatabaseFor } from '../store.js';
import { verifyStore, type StoreCheckProgress } from '../services/verify-store.js';
import { verifyCheckpointSignature } from '../signing/audit-checkpoint-signature.js';
import { verifyReceipt } from '../signing/document-signing.js';
import { jwkThumbprint, verifyStoredSignature } from '../signing/offline-verification.js';
import { defineAction, type CliRun } from './command-kit.js';
import { CliError } from './io.js';
import { startProgress, type Progress } from './progress.js';
import { loadJwks } from './verify-receipt.command.js';

export function registerVerifyStore(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('verify-store')
      .description(
        'check the configured store end to end (after a restore): every version re-verifies from its signed bytes against the keys as registered, every attachment is present with its SHA-256, the audit chain verifies against its last signed checkpoint',
      )
      .option('--jwks <url|file>', "the service's public keys to trust (default: the configured service key file)"),
    run,
    { 0: 'the store verifies', 1: 'at least one problem (each named: the version, attachment or audit event, and what is wrong)', 2: 'usage error, or no service keys to trust' },
    (o: { jwks?: string }) => checkStore(o.jwks),
  );
}

async function checkStore(jwksSource: string | undefined): Promise<number> {
  const config = configFromEnvironment();
  const trusted = jwksSource ? await loadJwks(jwksSource) : ((await servicePublicKeys(config)) as { keys: JWK[] } | undefined);
  if (!trusted) throw new CliError('no service keys to trust: give --jwks, or HANDOVER_SERVICE_KEY_FILE pointing at the service key', 2);
  const database = await resolveDatabaseFor(config);
  const store = await openStoreCheck(config, database);
  let bar: Progress | undefined;
  const progress: StoreCheckProgress = {
    phase(name, total) {
      bar?.stop();
      bar = startProgress(name === 'versions' ? 'handover versions' : 'audit events', total);
    },
    tick: () => bar?.tick(),
  };
  try {
    const report = await verifyStore({ ...store, crypto: { verifyReceipt, jwkThumbprint, verifyStoredSignature, verifyCheckpointSignature } }, trusted, progress);
    bar?.stop();
    const audit = report.audit?.ok ? `${report.audit.count} audit events chained${report.audit.checkpoint ? ` up to signed checkpoint ${report.audit.checkpoint.number}` : ''}` : 'the audit log does not verify';
    for (const f of report.findings) process.stdout.write(`FAIL ${f.subject}: ${f.problem}\n`);
    const summary = `${report.versions} handover versions, ${report.attachments} attachments, ${audit}`;
    process.stdout.write(report.findings.length === 0 ? `store verified: ${summary}\n` : `store NOT verified: ${report.findings.length} problem${report.findings.length === 1 ? '' : 's'}; ${summary}\n`);
    return report.findings.length === 0 ? 0 : 1;
  } finally {
    bar?.stop();
    await store.close();
    await database.stop();
  }
}
