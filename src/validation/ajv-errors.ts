/** Translates ajv's errors into our field errors: a JSON Pointer, the rule, a message. */
import type { ErrorObject } from 'ajv';
import type { FieldError } from '../errors.js';
import { escapePointerToken } from '../domain/strict-json.js';

/** A client needs the first problems, not thousands of them. */
export const MAX_REPORTED_ERRORS = 50;

function pointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return `${error.instancePath}/${escapePointerToken(params.missingProperty)}`;
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `${error.instancePath}/${escapePointerToken(params.additionalProperty)}`;
  }
  if (error.keyword === 'discriminator' && typeof params.tag === 'string') {
    return `${error.instancePath}/${escapePointerToken(params.tag)}`;
  }
  return error.instancePath;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return 'property is not allowed here';
    case 'required':
      return 'is required';
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`.slice(0, 300);
    case 'discriminator':
      return params.error === 'mapping' ? `must be one of the allowed values of "${String(params.tag)}"` : `"${String(params.tag)}" must be a string`;
    case 'pattern':
      return 'does not have the required format';
    case 'not':
      return 'is not allowed in this combination';
    case 'false schema':
      return 'is not allowed here';
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * Ajv reports a failed `if/then` both as the inner error and as an "if" error, and a failed
 * const inside a discriminated branch as noise; keep the errors a person can act on.
 */
export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue;
    const field = { pointer: pointerOf(error), keyword: error.keyword, message: messageOf(error) };
    const key = `${field.pointer} ${field.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(field);
    if (out.length >= MAX_REPORTED_ERRORS) break;
  }
  return out;
}
