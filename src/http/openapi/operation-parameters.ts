/** The parameters and answers several operations of the endpoint list share. */
import type { Parameter } from './operation-types.js';

export const str = { type: 'string' };
export const transferIdParam: Parameter = { name: 'transferId', description: 'the transfer id (trf_…)', schema: { type: 'string' } };
export const draftIdParam: Parameter = { name: 'draftId', description: "the draft's id (a UUID the web application makes)", schema: { type: 'string', format: 'uuid' } };
export const handoverId: Parameter = { name: 'handoverId', description: "the handover's id (the sender's UUID)", schema: { type: 'string', format: 'uuid' } };
export const code: Parameter = { name: 'code', description: 'the municipality code (3 digits, e.g. 751)', schema: { type: 'string', pattern: '^[0-9]{3,4}$' } };
export const organisationId: Parameter = { name: 'organisationId', description: 'the organisation', schema: str };
export const after: Parameter = { name: 'after', description: 'a cursor exactly as a page gave it (`next` or `resumeAfter`)', schema: str };
export const limit: Parameter = { name: 'limit', description: 'entries per page, 1-500 (default 50)', schema: { type: 'integer', minimum: 1, maximum: 500 } };
export const version: Parameter = { name: 'version', description: 'a version number (default: the current version)', schema: { type: 'integer', minimum: 1 } };
/** The first meeting's day and participants, for its agenda. */
export const meetingQuery: Parameter[] = [
  { name: 'date', description: "the meeting's day (default today): deadlines are counted from it", schema: { type: 'string', format: 'date' } },
  { name: 'participants', description: 'who takes part, separated by ";" (at most 20, each at most 120 characters)', schema: { type: 'string', maxLength: 2500 } },
];
export const yesNo = { enum: ['true', 'false'] };
export const questionNumber: Parameter = { name: 'number', description: "the question's number in the handover's thread", schema: { type: 'integer', minimum: 1 } };
export const personRef: Parameter = { name: 'personRef', description: "the person's reference in the handover", schema: str };

export const receipt = { description: 'accepted: the signed receipt', schema: 'Receipt', headers: ['Location'] } as const;
export const replayed = { description: 'the same bytes were accepted before: the original receipt', schema: 'Receipt' } as const;
