/**
 * The one access policy of the recipients' reads, JSON, PDF, FHIR and the web app alike: who may
 * read what of a handover.
 * - The addressed municipality, and after a re-addressing (1.1) the holder: the recipient of the
 *   current version (readableVersion, holderOf); the sending organisation its own handovers.
 * - A person whose record was handed on: the municipality it went to is responsible for that
 *   person, and a GP assignment holds while the municipality that made it is (assignmentsInForce).
 * - A GP practice: the persons of a handover assigned to it, in force (assignedToPractice).
 * - Consent by audience and scope: a person's health sections only where their consent covers
 *   the reader (healthReadableBy).
 * - A children's services unit: a child routed to it, of a handover its municipality holds
 *   (routedChildVersion).
 * Each is decided by the query that finds the document, so a handover or person that is not the
 * caller's is answered exactly like one that does not exist, with the same commands.
 */
import type { IdGenerator } from '../domain/crypto.js';
import type { HandoverVersionRecord } from '../domain/handover-record.js';
import type { NotificationDeps } from './notifications.js';
import type { FunnelRecorder } from './funnel-events.js';
import type { Caller } from '../domain/organisations.js';
import { hasConsent, type Audience, type ConsentChange } from '../domain/consent.js';
import type { Handover } from '../domain/handover-types.js';
import { responsibleMunicipality } from '../domain/record-transfer.js';
import { invalidRequest, notFound, queryProblem } from '../errors.js';
import type { ServiceSigner } from '../signing/service-signer.js';
import type { AttachmentFiles } from './ports/attachments.js';
import type { Handovers } from './ports/handovers.js';
import type { HandoverRead, HandoverReads } from './ports/handover-reads.js';
import type { ChildRoutings, GpAssignment, GpAssignments, RecipientStores, Transfers, VersionState, VersionStates } from './ports/recipients.js';

export interface RecipientDeps {
  handovers: Handovers;
  recipients: RecipientStores & HandoverReads;
  attachments: AttachmentFiles;
  signer: ServiceSigner;
  clock: () => Date;
  ids: IdGenerator;
  /** Entries newer than this may still have older twins in flight; the feed waits for them. */
  feedSettleMs: number;
  /** The outbox: senders hear of acknowledgements and questions (notifications.ts). */
  notifications: NotificationDeps;
  /** The funnel's counters: retrievals and GP events move persons along (funnel-events.ts). */
  funnel: FunnelRecorder;
  /** Derives what is still to be derived from stored versions (derivations.ts): the deadline list settles first; notes of reads and GPs' events do not hold it up. */
  settleVersions: () => Promise<void>;
}

/** What the read rule needs: the versions and what happened to them. */
export interface ReadAccess {
  handovers: Pick<Handovers, 'isAccessibleTo' | 'findVersion' | 'findVersionMeta'>;
  recipients: VersionStates & HandoverReads & Pick<Transfers, 'transfersOf'> & Pick<GpAssignments, 'practiceAssignments'> & Pick<ChildRoutings, 'childRouting'>;
}

/** The one answer for a handover that does not exist or is not the caller's. */
export const unknownHandover = () => notFound('no such handover');


/**
 * Loads a version the caller may read: the holding municipality or the sending organisation. The
 * handover's read model answers when it is current (one lookup, with the consent changes and
 * retrievals a fetch needs: `read`); otherwise, and for whoever may not read it, the stored records.
 */
export async function readableVersion(d: ReadAccess, caller: Caller, handoverId: string, version?: number): Promise<{ record: HandoverVersionRecord; state: VersionState; read?: HandoverRead }> {
  const party = caller.role === 'municipality' && caller.municipalityCode ? { municipalityCode: caller.municipalityCode } : caller.role === 'sender' ? { senderOrganisationId: caller.organisationId } : undefined;
  if (!party) throw unknownHandover();
  // Access is decided by the query that finds the model, with the lookup itself: unknown and not-yours cost the same.
  const read = await d.recipients.readFor(handoverId, party);
  if (read) {
    const record = version === undefined || version === read.current.version ? read.current : await d.handovers.findVersion(handoverId, version);
    if (!record || (caller.role === 'sender' && record.senderOrganisationId !== caller.organisationId)) throw unknownHandover();
    return { record, state: read.state, read };
  }
  if (!(await d.handovers.isAccessibleTo(handoverId, party))) throw unknownHandover();
  const state = await d.recipients.versionState(handoverId);
  if (!state) throw unknownHandover();
  const number = version ?? state.currentVersion ?? state.latestVersion;
  const record = await d.handovers.findVersion(handoverId, number);
  if (!record) throw unknownHandover();
  const allowed = caller.role === 'municipality' ? caller.municipalityCode === (await holderOf(d, handoverId, state, record)) : caller.role === 'sender' && caller.organisationId === record.senderOrganisationId;
  if (!allowed) throw unknownHandover();
  return { record, state };
}

/**
 * The municipality that holds a handover: the recipient of its current version. It reads every
 * version, also those addressed to a municipality before a re-addressing (1.1); a municipality it
 * was re-addressed away from reads none from then on (what it retrieved before stays in the audit log).
 */
export async function holderOf(d: ReadAccess, handoverId: string, state: { currentVersion?: number; latestVersion: number }, known?: { version: number; municipalityCode: string }): Promise<string | undefined> {
  const current = state.currentVersion ?? state.latestVersion;
  if (known?.version === current) return known.municipalityCode;
  return (await d.handovers.findVersionMeta(handoverId, current))?.municipalityCode;
}

/** Who is responsible for each person of a handover now (undefined when it has no versions). */
async function responsibleFor(d: ReadAccess, handoverId: string): Promise<(personRef: string) => string | undefined> {
  const [state, transfers] = await Promise.all([d.recipients.versionState(handoverId), d.recipients.transfersOf(handoverId)]);
  const holder = state ? await holderOf(d, handoverId, state) : undefined;
  return (personRef) => responsibleMunicipality(personRef, holder, transfers);
}

/**
 * Which GP assignments are in force, in the order given (one look per handover): an assignment
 * holds while the municipality that made it is responsible for the person, so a re-addressing
 * (the new holder) or a transfer of the person's record (the receiving municipality) ends the
 * earlier one without touching it; the new one assigns afresh.
 */
export async function assignmentsInForce<A extends Pick<GpAssignment, 'handoverId' | 'personRef' | 'municipalityCode'>>(d: ReadAccess, assignments: readonly A[]): Promise<A[]> {
  const handovers = [...new Set(assignments.map((a) => a.handoverId))];
  const rules = new Map(await Promise.all(handovers.map(async (id) => [id, await responsibleFor(d, id)] as const)));
  return assignments.filter((a) => rules.get(a.handoverId)!(a.personRef) === a.municipalityCode);
}

/**
 * The persons of a handover assigned to a GP practice, with the assignment in force (one person
 * with `personRef`). Found by handover and practice in the one query, so another practice's
 * person, a person whose assignment ended and an unknown one are answered alike, at the same
 * cost: the one way every GP read (summary, FHIR, PDF, result) decides assignment.
 */
export async function assignedToPractice(d: ReadAccess, gpOrganisationId: string, handoverId: string, personRef?: string): Promise<GpAssignment[]> {
  return assignmentsInForce(d, await d.recipients.practiceAssignments(gpOrganisationId, handoverId, personRef));
}

/** Whether a person's consent lets `audience` read the person's health information (as of the changes recorded since). */
export function healthReadableBy(audience: Audience, doc: Pick<Handover, 'consents'>, changes: readonly ConsentChange[], personRef: string): boolean {
  return hasConsent(doc.consents, changes, personRef, audience, 'health');
}

/** The current version of a child's handover for the unit the child was routed to, while the unit's municipality holds it; 404 otherwise. */
export async function routedChildVersion(d: ReadAccess, unit: { organisationId: string; municipalityCode?: string }, handoverId: string, personRef: string): Promise<HandoverVersionRecord> {
  const routing = await d.recipients.childRouting(handoverId, personRef, unit.organisationId);
  const state = routing ? await d.recipients.versionState(handoverId) : undefined;
  const version = state?.currentVersion;
  const record = version !== undefined ? await d.handovers.findVersion(handoverId, version) : undefined;
  // Re-addressed to another municipality, the handover is no longer this unit's municipality's.
  if (!routing || !state || !record || (await holderOf(d, handoverId, state, record)) !== unit.municipalityCode) throw notFound('no such child routed to this unit');
  return record;
}

/** A version's status: withdrawn, the current one, or superseded by a newer one. */
export function versionStatus(version: number, state: { currentVersion?: number; withdrawn: Set<number> }): 'current' | 'superseded' | 'withdrawn' {
  if (state.withdrawn.has(version)) return 'withdrawn';
  return state.currentVersion === version ? 'current' : 'superseded';
}

/** ?version=N: absent means the current version. */
export function parseVersionParam(versionParam: string | undefined): number | undefined {
  if (versionParam === undefined) return undefined;
  const version = Number(versionParam);
  if (!Number.isInteger(version) || version < 1 || version > 1000) throw invalidRequest([queryProblem('version', 'maximum', 'must be a version number')]);
  return version;
}
