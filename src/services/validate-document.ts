/** Validates a parsed document against the standard: schema, then the cross-field rules (and, at receipt, the plausibility of its time). */
import { completenessReport, type CompletenessReport } from '../domain/completeness.js';
import { computeDeadlines, type Deadline } from '../domain/deadlines.js';
import { checkHandoverConsistency, checkResultConsistency } from '../domain/handover-consistency.js';
import type { Handover } from '../domain/handover-types.js';
import { checkCreatedAt, checkResultDates } from '../domain/plausible-time.js';
import type { FieldError } from '../errors.js';
import { DOCUMENT_TYPES, type DocumentType } from '../domain/document-types.js';
import type { Standard } from '../validation/standard.js';

export interface DocumentValidation {
  valid: boolean;
  documentType?: DocumentType;
  schemaVersion?: string;
  errors: FieldError[];
  /** Only for a valid handover. */
  completeness?: CompletenessReport;
  deadlines?: Deadline[];
}

/**
 * Picks the schema from the document's own `documentType` and `schemaVersion`, validates,
 * and for a valid handover also reports completeness and deadlines. Given the time of receipt
 * (a submission's, or now for a dry run), a handover's `createdAt` must also be plausible then,
 * and a GP's result may name no day after it.
 */
export function validateDocument(standard: Standard, doc: unknown, receivedAt?: Date): DocumentValidation {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { valid: false, errors: [{ pointer: '', keyword: 'type', message: 'must be a JSON object' }] };
  }
  const { documentType, schemaVersion } = doc as { documentType?: unknown; schemaVersion?: unknown };
  if (typeof documentType !== 'string' || !(DOCUMENT_TYPES as readonly string[]).includes(documentType)) {
    return { valid: false, errors: [{ pointer: '/documentType', keyword: 'documentType', message: `must be one of: ${DOCUMENT_TYPES.join(', ')}` }] };
  }
  const type = documentType as DocumentType;
  if (typeof schemaVersion !== 'string' || !standard.validator.has(type, schemaVersion)) {
    const versions = standard.validator.files.filter((f) => f.name === type).map((f) => f.version);
    return { valid: false, documentType: type, errors: [{ pointer: '/schemaVersion', keyword: 'schemaVersion', message: `must be a published version of ${type}: ${versions.join(', ')}` }] };
  }
  const result = standard.validator.validate(type, schemaVersion, doc);
  if (!result.valid) return { valid: false, documentType: type, schemaVersion, errors: result.errors };
  if (type === 'handover-withdrawal') return { valid: true, documentType: type, schemaVersion, errors: [] };
  if (type === 'health-assessment-result') {
    const assessment = doc as Parameters<typeof checkResultDates>[0];
    const errors = [...checkResultConsistency(assessment), ...(receivedAt ? checkResultDates(assessment, receivedAt) : [])];
    return { valid: errors.length === 0, documentType: type, schemaVersion, errors };
  }
  const handover = doc as Handover;
  const errors = [...checkHandoverConsistency(handover), ...(receivedAt ? checkCreatedAt(handover.createdAt, receivedAt) : [])];
  if (errors.length > 0) return { valid: false, documentType: type, schemaVersion, errors };
  return {
    valid: true,
    documentType: type,
    schemaVersion,
    errors: [],
    completeness: completenessReport(handover, standard.personSections(schemaVersion)),
    deadlines: computeDeadlines(handover),
  };
}
