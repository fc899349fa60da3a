/**
 * Removes attachment files and signed contents that no handover version references (left by a
 * crash between them and the version's write), and files in its feed a version whose writer
 * stopped before committing it.
 */
import type { AttachmentFiles } from './ports/attachments.js';
import type { Handovers } from './ports/handovers.js';
import type { SweepLedger } from './ports/sweep.js';

export interface SweepDeps {
  attachments: AttachmentFiles;
  ledger: SweepLedger;
  handovers: Pick<Handovers, 'ensureInFeed'>;
  clock: () => Date;
}

/**
 * Only what is older than the grace period is a candidate: a submission in flight has its files
 * stored but its version not yet written, and must not lose them.
 */
export async function sweepOrphans(d: SweepDeps, graceMs: number): Promise<number> {
  const olderThan = new Date(d.clock().getTime() - graceMs);
  return d.ledger.sweep(olderThan, {
    removeFile: (fileId) => d.attachments.removeFile(fileId),
    fileVersion: (versionId) => {
      const at = versionId.lastIndexOf(':');
      return d.handovers.ensureInFeed(versionId.slice(0, at), Number(versionId.slice(at + 1)), d.clock);
    },
  });
}
