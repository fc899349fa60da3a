/** What the drafts' use cases need of storage (storage/draft.repository.ts). */

export interface DraftRecord {
  draftId: string;
  organisationId: string;
  /** The form as JSON text. */
  document: string;
  persons: string[];
  municipalityCode?: string;
  savedAt: Date;
  savedBy: string;
  expiresAt: Date;
}

export interface Drafts {
  save(d: DraftRecord): Promise<void>;
  find(draftId: string, organisationId: string): Promise<DraftRecord | undefined>;
  listOf(organisationId: string): Promise<DraftRecord[]>;
  remove(draftId: string, organisationId: string): Promise<boolean>;
  /** Removes the drafts expired at `now`; how many. */
  removeExpired(now: Date): Promise<number>;
}
