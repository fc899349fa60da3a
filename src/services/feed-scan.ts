/**
 * The one way the service reads a municipality's feed in order: pages of entries after a
 * position, up to where the feed has settled. An entry younger than the settle time may still
 * have an older twin in flight, so a scan never passes it; the feed pages, the export and the
 * figures all read through here, so that rule and its arithmetic live in one place.
 */
import type { FeedEntry, FeedPages } from './ports/recipients.js';

export interface FeedScanDeps {
  recipients: Pick<FeedPages, 'feedPage'>;
  clock: () => Date;
  /** Entries newer than this may still have older twins in flight; the feed waits for them. */
  feedSettleMs: number;
}

/** Before this instant every feed entry is decided (written, or an orphan passed over); after it a reader waits. */
export function feedSettledBefore(d: Pick<FeedScanDeps, 'clock' | 'feedSettleMs'>): Date {
  return new Date(d.clock().getTime() - d.feedSettleMs);
}

export interface FeedScanPage {
  entries: FeedEntry[];
  /** The position this page was read after. */
  from: number;
  /** Where the next page starts (past orphans passed over, too). */
  scannedTo: number;
}

/**
 * The pages of a municipality's feed after `afterSeq`, each of at most `pageSize()` entries (asked
 * before each page, so a reader filling a page of its own asks only for what it still lacks). The
 * scan ends when nothing settled follows: the end of the feed as it stands. A reader that has
 * enough breaks out; the next page is read only when asked for.
 */
export async function* scanFeed(d: FeedScanDeps, municipalityCode: string, afterSeq: number, pageSize: () => number): AsyncGenerator<FeedScanPage> {
  const settledBefore = feedSettledBefore(d);
  for (let position = afterSeq; ; ) {
    const { entries, scannedTo } = await d.recipients.feedPage({ municipalityCode, afterSeq: position, settledBefore, limit: pageSize() });
    if (scannedTo === position) return;
    yield { entries, from: position, scannedTo };
    position = scannedTo;
  }
}
