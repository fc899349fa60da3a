/**
 * The witness: each new signed audit checkpoint also goes somewhere the database's owner does not
 * control, so one who can write the database cannot take it back (the operator configures where:
 * HANDOVER_AUDIT_WITNESS). A URL gets the checkpoint's JWS POSTed as application/jose; a file gets
 * a JSON line appended, in the form `handover audit verify --checkpoint` reads.
 */
import fs from 'node:fs/promises';
import type { AuditCheckpoint } from '../domain/audit-chain.js';

export function auditWitness(target: string, timeoutMs = 5_000): (checkpoint: AuditCheckpoint) => Promise<void> {
  if (/^https?:\/\//.test(target)) {
    return async (c) => {
      const res = await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/jose' }, body: c.jws, signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`the witness answered ${res.status}`);
    };
  }
  return async (c) => {
    await fs.appendFile(target, `${JSON.stringify({ checkpoint: { number: c.number, headSeq: c.headSeq, headHash: c.headHash, at: c.at, jws: c.jws } })}\n`);
  };
}
