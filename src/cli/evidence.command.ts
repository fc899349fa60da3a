/**
 * `handover evidence export HANDOVER_ID --version N --out FILE` (operator, from the configured
 * database) writes an evidence package; `handover evidence verify FILE --jwks URL|FILE` checks
 * one offline against the service keys the checker trusts.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { configFromEnvironment } from '../config.js';
import { openEvidenceSources, resolveDatabaseFor } from '../deps.js';
import { buildEvidence, EVIDENCE_FORMAT, verifyEvidence, type EvidencePackage } from '../services/evidence.js';
import { verifyReceipt } from '../signing/document-signing.js';
import { jwkThumbprint, verifyStoredSignature } from '../signing/offline-verification.js';
import { CliError, readJsonFile, requireOption } from './io.js';
import { loadJwks } from './verify-receipt.command.js';

export const EVIDENCE_USAGE = `handover evidence export HANDOVER_ID --version N --out FILE
  handover evidence verify FILE --jwks URL|FILE`;

export async function evidenceCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { version: { type: 'string' }, out: { type: 'string' }, jwks: { type: 'string' } } });
  if (sub === 'export' && positionals.length === 1) {
    const out = requireOption(values, 'out');
    const version = Number(requireOption(values, 'version'));
    if (!Number.isInteger(version) || version < 1) throw new CliError('--version must be a version number', 2);
    const config = configFromEnvironment();
    const database = await resolveDatabaseFor(config);
    const sources = await openEvidenceSources(config, database);
    try {
      const pkg = await buildEvidence(sources, positionals[0]!, version);
      if (!pkg) throw new CliError(`no handover ${positionals[0]} version ${version}`, 1);
      fs.writeFileSync(out, `${JSON.stringify(pkg, null, 2)}\n`, { flag: 'wx' });
      process.stdout.write(`wrote the evidence of handover ${pkg.handoverId} version ${pkg.version} to ${out}\n`);
      return 0;
    } finally {
      await sources.close();
      await database.stop();
    }
  }
  if (sub === 'verify' && positionals.length === 1) {
    const pkg = readJsonFile<EvidencePackage>(positionals[0]!);
    if (pkg.format !== EVIDENCE_FORMAT) throw new CliError(`${positionals[0]}: not a ${EVIDENCE_FORMAT} package`, 1);
    const checks = await verifyEvidence(pkg, await loadJwks(requireOption(values, 'jwks')), { verifyReceipt, jwkThumbprint, verifyStoredSignature });
    for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
    const ok = checks.every((c) => c.ok);
    process.stdout.write(ok ? `VERIFIED: handover ${pkg.handoverId} version ${pkg.version}\n` : `NOT VERIFIED: handover ${pkg.handoverId} version ${pkg.version}\n`);
    return ok ? 0 : 1;
  }
  throw new CliError(`usage:\n  ${EVIDENCE_USAGE}`, 2);
}
