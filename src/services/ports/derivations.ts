/** What the derivation worker needs of its notes (storage/derivation.repository.ts). */

export type GpFunnelEvent = 'gpAssigned' | 'gpSummaryRead' | 'gpResultReturned';

/** A note of something still to be derived from a stored record. */
export type DerivationNote =
  | { id: string; kind: 'version'; handoverId: string; version: number; at: Date }
  | { id: string; kind: 'retrieval'; handoverId: string; municipalityCode: string; personRefs: string[]; at: Date }
  | { id: string; kind: 'gp'; handoverId: string; event: GpFunnelEvent; municipalityCode: string; personRefs: [string]; at: Date }
  | { id: string; kind: 'transfer'; handoverId: string; transferId: string; at: Date }
  | { id: string; kind: 'figures'; handoverId: string; at: Date };

export interface DerivationNotes {
  noteRetrieval(handoverId: string, municipalityCode: string, personRefs: readonly string[], at: Date): Promise<void>;
  noteGp(event: GpFunnelEvent, handoverId: string, personRef: string, municipalityCode: string, at: Date): Promise<void>;
  noteTransfer(handoverId: string, transferId: string, at: Date): Promise<void>;
  /** The notes of the next pass, in the order they are derived. */
  pending(): Promise<DerivationNote[]>;
  /** Deletes a note once everything it stands for is written. */
  done(id: string): Promise<void>;
}
