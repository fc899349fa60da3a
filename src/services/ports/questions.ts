/** What the question threads need of storage (storage/question.repository.ts). */
import type { QuestionEvent } from '../../domain/questions.js';

/** A party whose questions are listed: the sending organisation, or the addressed municipality. */
export type QuestionParty = { senderOrganisationId: string } | { municipalityCode: string };

export interface Questions {
  events(handoverId: string): Promise<QuestionEvent[]>;
  /** Adds a question under the next free number after `after`, listed for each party; its number. */
  ask(q: Omit<QuestionEvent, 'kind' | 'number'>, after: number, parties: readonly QuestionParty[]): Promise<number>;
  logRun(party: QuestionParty, after: number, count: number): Promise<{ seq: number; handoverId: string; number: number }[]>;
  answer(a: Omit<QuestionEvent, 'kind'>): Promise<void>;
  close(c: Omit<QuestionEvent, 'kind'>): Promise<boolean>;
}
