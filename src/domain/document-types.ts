/** The kinds of signed document the standard defines: what a payload's `documentType` may be. */
export const DOCUMENT_TYPES = ['handover', 'handover-withdrawal', 'health-assessment-result'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
