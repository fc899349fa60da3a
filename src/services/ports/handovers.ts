/**
 * What the use cases need of the stored handover versions and withdrawals
 * (storage/handover.repository.ts implements it; deps.ts wires it).
 */
import type { Deadline } from '../../domain/deadlines.js';
import type { Consent } from '../../domain/handover-types.js';
import type { HandoverVersionRecord, WithdrawalRecord } from '../../domain/handover-record.js';

/** A version's metadata: everything but the signed bytes and the document decoded from them. */
export type HandoverVersionMeta = Omit<HandoverVersionRecord, 'jws' | 'payload'> & {
  /** When the handover was soft-deleted under its retention rule (its derived records are gone and stay gone). */
  retiredAt?: Date;
};

/** A deadline as the list reads it. */
export interface DeadlineRow {
  handoverId: string;
  version: number;
  feedSeq: number;
  position: number;
  deadline: Deadline;
  /** The person's name in the version, and whether the version gave the coordinating department consent to their health (absent on rows filed before both were kept: the list then reads the version). */
  personName?: string;
  healthConsent?: boolean;
}

/** What a version's deadlines are filed with: its deadlines, and its persons and consents from its feed summary. */
export interface FiledVersion {
  handoverId: string;
  version: number;
  municipalityCode: string;
  summary: { deadlines?: readonly Deadline[]; persons: readonly { personRef: string; name: string }[]; consents: readonly Consent[] };
}

export interface StoredVersionSummary {
  version: number;
  senderOrganisationId: string;
  jwsSha256: string;
  municipalityCode: string;
  feedSeq: number;
  /** Soft-deleted under its retention rule. */
  retired?: boolean;
}

export interface Handovers {
  /** Stores a version (its signed bytes, feed entry and metadata); VersionExistsError when the number is taken. */
  insertVersion(v: HandoverVersionRecord): Promise<{ feedSeq: number }>;
  findVersion(handoverId: string, version: number): Promise<HandoverVersionRecord | undefined>;
  /** Whether the handover is addressed to the municipality, or sent by the organisation: decided by the lookup itself. */
  isAccessibleTo(handoverId: string, party: { municipalityCode: string } | { senderOrganisationId: string }): Promise<boolean>;
  findVersionMeta(handoverId: string, version: number): Promise<HandoverVersionMeta | undefined>;
  wasDeleted(handoverId: string): Promise<boolean>;
  listVersions(handoverId: string): Promise<StoredVersionSummary[]>;
  everyVersion(): AsyncGenerator<{ handoverId: string; version: number }>;
  countVersions(): Promise<number>;
  senderList(sender: string, afterSeq: number, count: number): Promise<{ entries: { seq: number; handoverId: string; valid: boolean }[]; end: boolean }>;
  /** The deadline list's index (storage/deadline-index.ts): the days of a year ("YYYY") with deadlines, a day's slots (feed buckets), a slot's rows of any version in list order. */
  deadlineDaysOf(municipalityCode: string, year: string): Promise<string[]>;
  /** Files a stored version's deadlines under its feed entry's number (the worker does: derivations.ts); filing again writes nothing new. */
  fileDeadlines(v: FiledVersion, feedSeq: number): Promise<void>;
  deadlineSlotsOf(municipalityCode: string, isoDate: string): Promise<number[]>;
  deadlinesInSlot(municipalityCode: string, isoDate: string, bucket: number): Promise<DeadlineRow[]>;
  insertWithdrawal(w: WithdrawalRecord): Promise<void>;
  /** Makes sure a stored version is shown in its feed (its writer may have stopped before committing it). */
  ensureInFeed(handoverId: string, version: number, now: () => Date): Promise<void>;
  findWithdrawal(handoverId: string, version: number): Promise<WithdrawalRecord | undefined>;
  withdrawnVersions(handoverId: string, versions: readonly number[]): Promise<Set<number>>;
}
