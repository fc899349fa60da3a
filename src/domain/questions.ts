/**
 * Questions back: the municipality asks the sender about a handover (text, and JSON Pointers to
 * the sections concerned); the sender answers with text, a new version, or both; the
 * municipality closes the question. A thread is kept as events; its state is derived from them.
 */

export type QuestionEventKind = 'question' | 'answer' | 'closure';

export interface QuestionEvent {
  handoverId: string;
  kind: QuestionEventKind;
  number: number;
  /** For a question: the version asked about; for an answer: the new version that answers it, if any. */
  version?: number;
  text?: string;
  pointers?: string[];
  caseworker?: string;
  at: Date;
  organisationId: string;
  credentialId: string;
}

export type QuestionState = 'open' | 'answered' | 'closed';

export interface Question {
  number: number;
  state: QuestionState;
  version: number;
  text: string;
  pointers: string[];
  askedAt: string;
  askedBy: { organisationId: string; caseworker?: string };
  answers: { at: string; by: string; text?: string; version?: number }[];
  closedAt: string | null;
}

/** The thread of one handover, question by question, with each question's state. */
export function questionThread(events: readonly QuestionEvent[]): Question[] {
  const byTime = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  return byTime
    .filter((e) => e.kind === 'question')
    .sort((a, b) => a.number - b.number)
    .map((q) => {
      const answers = byTime.filter((e) => e.kind === 'answer' && e.number === q.number);
      const closure = byTime.find((e) => e.kind === 'closure' && e.number === q.number);
      return {
        number: q.number,
        state: closure ? 'closed' : answers.length > 0 ? 'answered' : 'open',
        version: q.version!,
        text: q.text!,
        pointers: q.pointers ?? [],
        askedAt: q.at.toISOString(),
        askedBy: { organisationId: q.organisationId, ...(q.caseworker ? { caseworker: q.caseworker } : {}) },
        answers: answers.map((a) => ({ at: a.at.toISOString(), by: a.organisationId, ...(a.text ? { text: a.text } : {}), ...(a.version ? { version: a.version } : {}) })),
        closedAt: closure ? closure.at.toISOString() : null,
      };
    });
}
