/** Removes attachment files and signed contents that no handover version references (left by a crash between them and the version's write). */
import type { AttachmentStore } from '../storage/attachment-store.js';
import type { HandoverRepository } from '../storage/handover.repository.js';

export interface SweepDeps {
  attachments: AttachmentStore;
  handovers: HandoverRepository;
  clock: () => Date;
}

/**
 * Only files older than the grace period are candidates: a submission in flight has its files
 * stored but its document not yet written, and must not lose them.
 */
export async function sweepOrphans(d: SweepDeps, graceMs: number): Promise<number> {
  const olderThan = new Date(d.clock().getTime() - graceMs);
  // Read the references after choosing the cut-off: a document written meanwhile can only refer to newer files or to ones we see.
  const referenced = await d.handovers.referencedFileIds();
  const files = await d.attachments.sweepOrphans(referenced, olderThan);
  return files + (await d.handovers.sweepOrphanContents(olderThan));
}
