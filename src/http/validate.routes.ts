/** POST /v1/validate: a dry run for integrators; validation errors or the completeness report, nothing stored. */
import type { Router } from 'express';
import { unsupportedMediaType, validationFailed } from '../errors.js';
import { validateDocument } from '../services/validate-document.js';
import type { Standard } from '../validation/standard.js';
import { JSON_TYPES } from './json-body.js';
import { bindOperations } from './bind-operations.js';

/** `clock`: the dry run's time of receipt is now (a handover's createdAt is checked against it, as at submission). */
export function validateRouter(standard: Standard, clock: () => Date): Router {
  return bindOperations({
    validateDocument: {
      open: ({ req }) => {
        if (!req.is(JSON_TYPES)) throw unsupportedMediaType('send the document as application/json');
        const result = validateDocument(standard, req.body, clock());
        if (!result.valid) throw validationFailed(result.errors);
        return {
          valid: true,
          documentType: result.documentType,
          schemaVersion: result.schemaVersion,
          ...(result.completeness ? { completeness: result.completeness } : {}),
          ...(result.deadlines ? { deadlines: result.deadlines } : {}),
        };
      },
    },
  });
}
