/** A handler for `route.all(...)` that answers 405 with the Allow header for a known path. */
import type { RequestHandler } from 'express';
import { methodNotAllowed } from '../errors.js';

export function allowOnly(...methods: string[]): RequestHandler {
  return (_req, _res, next) => next(methodNotAllowed(methods));
}
