/** GET /v1/handovers/:id: the document as its reader may see it (health withheld without consent), one audit event per person. */
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { attachmentLinks, coordinatingDepartmentView, deadlinesFor } from '../domain/recipient-views.js';
import type { AuditFn } from './audit.js';
import { consentChangesOf, recordMunicipalityRead } from './municipality-read.js';
import { parseVersionParam, readableVersion, versionStatus, type RecipientDeps } from './recipient-access.js';

/** Exactly what reading a handover uses. */
type ReadDeps = Pick<RecipientDeps, 'clock' | 'funnel' | 'handovers' | 'recipients'>;

/**
 * The version the caller may read (current by default), with its receipt facts and deadlines;
 * for a municipality health sections are withheld where consent does not cover it, and the read
 * counts as the first retrieval. One audit event per person, before the answer. From the
 * handover's read model when it is current: one lookup, and no write a repeated read would repeat.
 */
export async function readHandover(d: ReadDeps, caller: Caller, handoverId: string, versionParam: string | undefined, audit: AuditFn) {
  const { record, state, read } = await readableVersion(d, caller, handoverId, parseVersionParam(versionParam));
  const doc = record.payload as unknown as Handover;
  const changes = await consentChangesOf(d, handoverId, read);
  const view = caller.role === 'municipality' ? coordinatingDepartmentView(doc, changes) : { document: doc, withheld: [] as string[] };
  // The retrieval and its funnel note are written while the audit event is: neither depends on the other, and both before the answer.
  // One event per person: whose data was read, and whether health was shown or withheld (the log keeps them in this order).
  await Promise.all([
    recordMunicipalityRead(d, caller, record, read, d.clock(), caller.person),
    ...doc.persons.map((p) => audit({ action: 'handover.read', handoverId, version: record.version, personRef: p.personRef, section: view.withheld.includes(p.personRef) ? 'social;health:withheld' : 'social;health', outcome: 'ok' })),
  ]);
  return {
    handoverId,
    version: record.version,
    status: versionStatus(record.version, state),
    receivedAt: record.receivedAt.toISOString(),
    receiptId: record.receipt.receiptId,
    jwsSha256: record.jwsSha256,
    completenessScore: record.completenessScore,
    healthWithheldFor: view.withheld,
    deadlines: deadlinesFor(doc, view.withheld),
    attachments: attachmentLinks(handoverId, record.version, record.attachments),
    document: view.document,
  };
}
