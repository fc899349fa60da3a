/**
 * `handover evidence export HANDOVER_ID --version N --out FILE` (operator, from the configured
 * database) writes an evidence package; `handover evidence verify FILE... --jwks URL|FILE` checks
 * packages offline against the service keys the checker trusts.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { configFromEnvironment } from '../config.js';
import { openEvidenceSources } from '../cli-stores.js';
import { resolveDatabaseFor } from '../store.js';
import { buildEvidence, EVIDENCE_FORMAT, verifyEvidence, type EvidencePackage } from '../services/evidence.js';
import { verifyReceipt } from '../signing/document-signing.js';
import { jwkThumbprint, verifyStoredSignature } from '../signing/offline-verification.js';
import { defineAction, wholeNumber, type CliRun } from './command-kit.js';
import { CliError, readJsonFile } from './io.js';
import { startProgress } from './progress.js';
import { loadJwks } from './verify-receipt.command.js';

export function registerEvidence(program: Command, run: CliRun): void {
  const evidence = program.command('evidence').description('evidence packages: signed bytes, the sender key as registered, the receipt; verifiable offline');
  defineAction(
    evidence
      .command('export')
      .description('write the evidence package of one stored version (from the configured database)')
      .argument('<handoverId>', 'the handover')
      .requiredOption('--version <n>', 'the version', wholeNumber('--version'))
      .requiredOption('--out <file>', 'a new file'),
    run,
    { 0: 'written', 1: 'no such version, or its key is not in the registry', 2: 'usage error, or the file exists' },
    (handoverId: string, o: { version: number; out: string }) => exportEvidence(handoverId, o.version, o.out),
  );
  defineAction(
    evidence
      .command('verify')
      .description('check evidence packages offline against the service keys you trust')
      .argument('<files...>', 'evidence packages')
      .requiredOption('--jwks <url|file>', "the service's public keys, from your own copy"),
    run,
    { 0: 'every package verified', 1: 'at least one package did not verify (its failed checks printed)', 2: 'usage error or unreadable input' },
    (files: string[], o: { jwks: string }) => verifyPackages(files, o.jwks),
  );
}

async function exportEvidence(handoverId: string, version: number, out: string): Promise<number> {
  const config = configFromEnvironment();
  const database = await resolveDatabaseFor(config);
  const sources = await openEvidenceSources(config, database);
  try {
    const pkg = await buildEvidence(sources, handoverId, version);
    if (!pkg) throw new CliError(`no handover ${handoverId} version ${version}`, 1);
    try {
      fs.writeFileSync(out, `${JSON.stringify(pkg, null, 2)}\n`, { flag: 'wx' });
    } catch (err) {
      throw new CliError(`${out}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'}); it must not exist yet`, 2);
    }
    process.stdout.write(`wrote the evidence of handover ${pkg.handoverId} version ${pkg.version} to ${out}\n`);
    return 0;
  } finally {
    await sources.close();
    await database.stop();
  }
}

async function verifyPackages(files: string[], jwksSource: string): Promise<number> {
  const jwks = await loadJwks(jwksSource);
  const progress = startProgress('verifying evidence', files.length);
  let failed = 0;
  try {
    for (const file of files) {
      const pkg = readJsonFile<EvidencePackage>(file);
      if (pkg.format !== EVIDENCE_FORMAT) throw new CliError(`${file}: not a ${EVIDENCE_FORMAT} package`, 1);
      const checks = await verifyEvidence(pkg, jwks, { verifyReceipt, jwkThumbprint, verifyStoredSignature });
      const ok = checks.every((c) => c.ok);
      if (!ok) failed++;
      const lines = checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`).join('');
      const prefix = files.length > 1 ? `${file}\n` : '';
      progress.print(process.stdout, `${prefix}${lines}${ok ? 'VERIFIED' : 'NOT VERIFIED'}: handover ${pkg.handoverId} version ${pkg.version}\n`);
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  return failed > 0 ? 1 : 0;
}
