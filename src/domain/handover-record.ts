/** A stored handover version and a withdrawal, as services see them (plain objects). */
import type { FigureFacts } from './figures.js';
import type { FeedSummary } from './recipient-views.js';

export interface VerificationFacts {
  kid: string;
  alg: string;
  typ: string;
  keyFingerprint: string;
}

export interface StoredAttachment {
  attachmentRef: string;
  fileId: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  personRef: string;
  category: string;
}

export interface IssuedReceipt {
  receiptId: string;
  /** Compact JWS signed by the service. */
  jws: string;
}

export interface HandoverVersionRecord {
  handoverId: string;
  version: number;
  supersedesVersion?: number;
  senderOrganisationId: string;
  municipalityCode: string;
  receivedAt: Date;
  jwsSha256: string;
  jws: Buffer;
  serialization: 'compact' | 'flattened';
  verification: VerificationFacts;
  payload: Record<string, unknown>;
  attachments: StoredAttachment[];
  receipt: IssuedReceipt;
  completenessScore: number;
  expectedArrivalDate: string;
  urgentFlagCount: number;
  feedAt: Date;
  /** The number of its entry in the municipality's feed: set when stored. */
  feedSeq?: number;
  /** What the feed shows of this version (absent on versions stored before it was kept). */
  feedSummary?: FeedSummary;
  /** What the figures read of this version, no personal data (absent on versions stored before it was kept). */
  figureFacts?: FigureFacts;
}

export interface WithdrawalRecord {
  handoverId: string;
  version: number;
  reason: string;
  withdrawnAt: Date;
  senderOrganisationId: string;
  jws: Buffer;
  jwsSha256: string;
  verification: VerificationFacts;
  receipt: IssuedReceipt;
  municipalityCode: string;
  feedAt: Date;
}
