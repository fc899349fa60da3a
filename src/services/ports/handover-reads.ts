/**
 * The read model of a handover (issue 33.4, storage/handover-read.repository.ts): what a fetch
 * needs in one document, kept by the derivation worker (services/handover-read-model.ts).
 */
import type { ConsentChange } from '../../domain/consent.js';
import type { HandoverVersionRecord } from '../../domain/handover-record.js';
import type { VersionState } from './recipients.js';

/** A handover as its read model shows it: current in everything a fetch uses. */
export interface HandoverRead {
  state: VersionState;
  /** The version read by default: the current one, or the latest when every version is withdrawn. */
  current: HandoverVersionRecord;
  consentChanges: ConsentChange[];
  /** The versions with a first retrieval. */
  retrieved: Set<number>;
  /** Whether the funnel counts the person as retrieved by the municipality. */
  funnelRetrieved(municipalityCode: string, personRef: string): boolean;
}

/** What the model is built from, as the worker reads it from the stored records (undefined: no readable handover). */
export interface HandoverReadFacts {
  state: VersionState;
  current: HandoverVersionRecord;
  consentChanges: ConsentChange[];
  retrieved: number[];
  /** "<municipalityCode>|<personRef>" */
  funnelRetrieved: string[];
}

export interface HandoverReads {
  /**
   * The handover's read model when `party` may read it (the holder: the recipient of the version
   * read by default; or its sender) and it shows every change: decided by the query that finds
   * it. Undefined otherwise: the caller then reads the stored records, which answer alike.
   */
  readFor(handoverId: string, party: { municipalityCode: string } | { senderOrganisationId: string }): Promise<HandoverRead | undefined>;
}

/** What the worker needs to keep the read models. */
export interface HandoverReadStore {
  /** The handovers with journal entries not covered yet (at most a pass's worth). */
  changedHandovers(): Promise<string[]>;
  /**
   * Replaces the handover's read model with `facts` (undefined: nothing readable), showing each
   * journal entry whose change `facts` show (or that is older than `abandonedBefore`: its write
   * failed), and deletes those entries.
   */
  /** `readFacts` is called once, after the journal is read: what it shows then covers every change stored before. */
  rebuild(handoverId: string, readFacts: () => Promise<HandoverReadFacts | undefined>, at: Date, abandonedBefore: Date): Promise<void>;
}
