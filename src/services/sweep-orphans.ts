/**
 * Removes attachment files and signed contents that no handover version references (left by a
 * crash between them and the version's write), and files in its feed a version whose writer
 * stopped before committing it.
 */
import type { AttachmentStore } from '../storage/attachment-store.js';
import type { HandoverRepository } from '../storage/handover.repository.js';
import type { SweepLedger } from '../storage/sweep-ledger.js';

export interface SweepDeps {
  attachments: AttachmentStore;
  ledger: SweepLedger;
  handovers: Pick<HandoverRepository, 'ensureInFeed'>;
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
