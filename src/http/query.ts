/** Query parameters are single-valued strings; anything else is a 400 naming the parameter. */
import type { Request } from 'express';
import { invalidRequest, type FieldError } from '../errors.js';

export function singleQuery<K extends string>(req: Request, allowed: readonly K[]): Partial<Record<K, string>> {
  const errors: FieldError[] = [];
  const out: Partial<Record<K, string>> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (!(allowed as readonly string[]).includes(name)) {
      errors.push({ pointer: `/query/${name}`, keyword: 'additionalProperties', message: 'unknown query parameter' });
    } else if (typeof value !== 'string') {
      errors.push({ pointer: `/query/${name}`, keyword: 'type', message: 'must be given once, as a plain value' });
    } else {
      out[name as K] = value;
    }
  }
  if (errors.length > 0) throw invalidRequest(errors);
  return out;
}
