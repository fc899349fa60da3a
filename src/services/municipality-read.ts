/**
 * What a read of a handover by the holding municipality records, and the consent changes it
 * applies, for every form of the read (JSON, PDF, briefing): the version's first retrieval and the
 * funnel's note of the read, each written only where the handover's read model does not show it
 * written already (issue 33.4: a repeated read writes nothing but its audit event).
 */
import type { ConsentChange } from '../domain/consent.js';
import type { HandoverVersionRecord } from '../domain/handover-record.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import type { HandoverRead } from './ports/handover-reads.js';
import type { RecipientDeps } from './recipient-access.js';

type ReadRecordDeps = Pick<RecipientDeps, 'clock' | 'funnel'> & { recipients: Pick<RecipientDeps['recipients'], 'recordRetrieval' | 'consentChanges'> };

/** The consent changes of the handover: the read model's when it answered, else the stored ones. */
export function consentChangesOf(d: ReadRecordDeps, handoverId: string, read: HandoverRead | undefined): Promise<ConsentChange[]> {
  return read ? Promise.resolve(read.consentChanges) : d.recipients.consentChanges(handoverId);
}

/**
 * Records a municipality's read of a version (nothing for another caller): its first retrieval
 * (by the person signed in, where `person`) and the funnel's note of the persons read.
 */
export async function recordMunicipalityRead(d: ReadRecordDeps, caller: Caller, record: HandoverVersionRecord, read: HandoverRead | undefined, at: Date, person?: Caller['person']): Promise<void> {
  if (caller.role !== 'municipality' || !caller.municipalityCode) return;
  const municipality = caller.municipalityCode;
  const personRefs = (record.payload as unknown as Handover).persons.map((p) => p.personRef);
  await Promise.all([
    read?.retrieved.has(record.version) ? undefined : d.recipients.recordRetrieval(record.handoverId, record.version, caller.organisationId, at, person),
    read && personRefs.every((p) => read.funnelRetrieved(municipality, p)) ? undefined : d.funnel.retrieved(record.handoverId, municipality, personRefs, at),
  ]);
}
