/**
 * What the recipients' use cases need of storage, one interface per concern (storage/*.repository.ts
 * implements them; deps.ts wires them): which version is current, the feed's pages, retrievals and
 * acknowledgements, consent changes, records handed on, GP assignments and results, children routed.
 * A use case names the concerns it uses; the records they read and write are declared here.
 */
import type { ConsentChange } from '../../domain/consent.js';
import type { IssuedReceipt, VerificationFacts } from '../../domain/handover-record.js';
import type { RecordTransfer } from '../../domain/record-transfer.js';
import type { FeedSummary } from '../../domain/recipient-views.js';

/** Which versions a handover has, which are withdrawn and which is current: what every reader asks first. */
export interface VersionState {
  currentVersion?: number;
  withdrawn: Set<number>;
  latestVersion: number;
}

export interface VersionStates {
  versionState(handoverId: string): Promise<VersionState | undefined>;
}

/** An entry of a municipality's feed, as a page shows it. */
export interface FeedEntry {
  kind: 'version' | 'withdrawal';
  seq: number;
  handoverId: string;
  version: number;
  /** For a version entry: what the feed shows of it, kept in the entry. */
  facts?: FeedVersionFacts;
  /** The handover was deleted under its retention rule: no facts. */
  retired?: boolean;
}

/** A version's facts the feed shows, kept in its entry (no signed document needed). */
export interface FeedVersionFacts {
  handoverId: string;
  version: number;
  receivedAt: Date;
  senderOrganisationId: string;
  completenessScore: number;
  expectedArrivalDate: string;
  urgentFlagCount: number;
  feedSummary: FeedSummary;
}

export interface FeedQuery {
  municipalityCode: string;
  /** The last entry the reader has seen (0 for the start). */
  afterSeq: number;
  /** An uncommitted entry stored before this is an orphan (its writer gave up or crashed); a younger one may still be written. */
  settledBefore: Date;
  limit: number;
}

/** What happened later to the versions of a page: found by the feed buckets of their entries. */
export interface FeedPageFacts {
  superseded: Set<string>;
  withdrawn: Set<string>;
  acknowledged: Map<string, Date>;
  consentChanges: Map<string, ConsentChange[]>;
}

/** The municipalities' feed pages, read up to where the feed has settled. */
export interface FeedPages {
  feedPage(q: FeedQuery): Promise<{ entries: FeedEntry[]; scannedTo: number }>;
  feedEntriesAt(municipalityCode: string, seqs: readonly number[], settledBefore: Date): Promise<Map<number, FeedEntry>>;
  feedPageFacts(municipalityCode: string, versionEntrySeqs: readonly number[]): Promise<FeedPageFacts>;
}

/** A municipality's first retrieval of a version. */
export interface Retrieval {
  version: number;
  organisationId: string;
  at: Date;
  person?: { id: string; name: string };
}

export interface Retrievals {
  recordRetrieval(handoverId: string, version: number, organisationId: string, at: Date, person?: { id: string; name: string }): Promise<void>;
  retrievals(handoverId: string, versions: readonly number[]): Promise<Retrieval[]>;
}

/** How a municipality answers a version, in the spirit of MedCom's acknowledgement codes. */
export type AcknowledgementOutcome = 'ok' | 'error' | 'fatal';

export interface AcknowledgementRecord {
  handoverId: string;
  version: number;
  municipalityCode: string;
  organisationId: string;
  credentialId: string;
  /** The person who acknowledged, when they signed in through their organisation's identity provider. */
  personId?: string;
  personName?: string;
  caseworker?: string;
  note?: string;
  /** ok: usable as it is; error: the sender can fix it (a new version); fatal: cannot be used (e.g. misaddressed). Absent on acknowledgements stored before outcomes existed: ok. */
  outcome?: AcknowledgementOutcome;
  /** Why, for error and fatal. */
  reason?: string;
  /** The sections concerned (JSON Pointers into the document). */
  pointers?: string[];
  at: Date;
  receipt: IssuedReceipt;
  /** The feed entry number of the acknowledged version (its facts are found by that entry's bucket). */
  versionFeedSeq: number;
}

/** Each version's acknowledgement, once. */
export interface Acknowledgements {
  acknowledge(a: AcknowledgementRecord): Promise<{ created: boolean; acknowledgement: AcknowledgementRecord }>;
  acknowledgements(handoverId: string, versions: readonly number[]): Promise<AcknowledgementRecord[]>;
  acknowledgement(handoverId: string, version: number): Promise<AcknowledgementRecord | undefined>;
}

/** Consent changes recorded after a version was signed. */
export interface ConsentChanges {
  addConsentChange(c: ConsentChange, versionEntries: readonly { municipalityCode: string; feedSeq: number }[]): Promise<void>;
  consentChanges(handoverId: string): Promise<ConsentChange[]>;
}

/** Records of persons handed on to another municipality. */
export interface Transfers {
  insertTransfer(t: RecordTransfer): Promise<void>;
  transfersOf(handoverId: string): Promise<RecordTransfer[]>;
  transfer(transferId: string): Promise<RecordTransfer | undefined>;
  transfersTo(municipalityCode: string, month: string): Promise<RecordTransfer[]>;
}

export interface GpAssignment {
  handoverId: string;
  personRef: string;
  gpOrganisationId: string;
  municipalityCode: string;
  assignedAt: Date;
  assignedBy: string;
}

export interface AssessmentResultRecord {
  resultId: string;
  handoverId: string;
  personRef: string;
  gpOrganisationId: string;
  receivedAt: Date;
  jws: Buffer;
  jwsSha256: string;
  verification: VerificationFacts;
  payload: Record<string, unknown>;
  receipt: IssuedReceipt;
}

/** Persons assigned to a GP practice. */
export interface GpAssignments {
  assignGp(a: GpAssignment): Promise<void>;
  /** The handover's persons assigned to a practice, whichever (what the coordinating department sees): one query, however many persons. */
  gpAssignmentsOf(handoverId: string): Promise<GpAssignment[]>;
  /** Ends a person's assignment: the one removed, or undefined where there was none. */
  unassignGp(handoverId: string, personRef: string): Promise<GpAssignment | undefined>;
  practiceAssignments(gpOrganisationId: string, handoverId: string, personRef?: string): Promise<GpAssignment[]>;
  assignmentsOfGp(gpOrganisationId: string): Promise<GpAssignment[]>;
}

/** The signed results of GPs' health assessments. */
export interface AssessmentResults {
  insertResult(r: AssessmentResultRecord): Promise<boolean>;
  findResult(resultId: string): Promise<AssessmentResultRecord | undefined>;
  resultsBy(filter: { gpOrganisationId?: string; handoverId?: string }): Promise<AssessmentResultRecord[]>;
}

/** A child routed by the coordinating department to a unit of its children's services. */
export interface ChildRoutingRecord {
  handoverId: string;
  personRef: string;
  unitOrganisationId: string;
  audience: string;
  municipalityCode: string;
  routedAt: Date;
  routedBy: string;
}

export interface ChildRoutings {
  routeChild(r: ChildRoutingRecord): Promise<{ created: boolean; routing: ChildRoutingRecord }>;
  childRouting(handoverId: string, personRef: string, unitOrganisationId: string): Promise<ChildRoutingRecord | undefined>;
  childrenOfUnit(unitOrganisationId: string): Promise<ChildRoutingRecord[]>;
}

/** Every concern at once: what the composition root gives the recipients' use cases, each of which uses a part. */
export type RecipientStores = VersionStates & FeedPages & Retrievals & Acknowledgements & ConsentChanges & Transfers & GpAssignments & AssessmentResults & ChildRoutings;
