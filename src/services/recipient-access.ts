/**
 * The recipients' shared read rule: who may read a handover (the addressed municipality, the
 * sending organisation), decided by the one query that finds it, so a handover addressed
 * elsewhere is answered exactly like one that does not exist; and the dependencies the
 * recipients' use cases share.
 */
import type { IdGenerator } from '../domain/crypto.js';
import type { BodyProblems } from '../validation/request-bodies.js';
import type { HandoverVersionRecord } from '../domain/handover-record.js';
import type { NotificationDeps } from './notifications.js';
import type { FunnelRecorder } from './funnel-events.js';
import { normaliseMunicipalityCode } from '../domain/municipality-code.js';
import type { Caller } from '../domain/organisations.js';
import { invalidRequest, notFound } from '../errors.js';
import type { ServiceSigner } from '../signing/service-signer.js';
import type { AttachmentStore } from '../storage/attachment-store.js';
import type { HandoverRepository } from '../storage/handover.repository.js';
import type { RecipientRepository } from '../storage/recipient.repository.js';

export interface RecipientDeps {
  handovers: HandoverRepository;
  recipients: RecipientRepository;
  attachments: AttachmentStore;
  signer: ServiceSigner;
  clock: () => Date;
  ids: IdGenerator;
  /** The request-body check (validation/request-bodies.ts). */
  bodyProblems: BodyProblems;
  /** Entries newer than this may still have older twins in flight; the feed waits for them. */
  feedSettleMs: number;
  /** The outbox: senders hear of acknowledgements and questions (notifications.ts). */
  notifications: NotificationDeps;
  /** The funnel's counters: retrievals and GP events move persons along (funnel-events.ts). */
  funnel: FunnelRecorder;
}

/** What the read rule needs: the versions and what happened to them. */
export type ReadAccess = Pick<RecipientDeps, 'handovers' | 'recipients'>;

/** The one answer for a handover that does not exist or is not the caller's. */
export const unknownHandover = () => notFound('no such handover');


/** Loads a version the caller may read: the addressed municipality or the sending organisation. */
export async function readableVersion(d: ReadAccess, caller: Caller, handoverId: string, version?: number): Promise<{ record: HandoverVersionRecord; state: { currentVersion?: number; withdrawn: Set<number>; latestVersion: number } }> {
  // Access is decided by the first query, with the lookup itself: unknown and not-yours cost the same.
  const party = caller.role === 'municipality' && caller.municipalityCode ? { municipalityCode: caller.municipalityCode } : caller.role === 'sender' ? { senderOrganisationId: caller.organisationId } : undefined;
  if (!party || !(await d.handovers.isAccessibleTo(handoverId, party))) throw unknownHandover();
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

/** A version's status: withdrawn, the current one, or superseded by a newer one. */
export function versionStatus(version: number, state: { currentVersion?: number; withdrawn: Set<number> }): 'current' | 'superseded' | 'withdrawn' {
  if (state.withdrawn.has(version)) return 'withdrawn';
  return state.currentVersion === version ? 'current' : 'superseded';
}

/** ?version=N: absent means the current version. */
export function parseVersionParam(versionParam: string | undefined): number | undefined {
  if (versionParam === undefined) return undefined;
  const version = Number(versionParam);
  if (!Number.isInteger(version) || version < 1 || version > 1000) throw invalidRequest([{ pointer: '/query/version', keyword: 'type', message: 'must be a version number' }]);
  return version;
}
