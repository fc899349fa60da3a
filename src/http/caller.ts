/** Authentication and role checks: every route but health, schemas and JWKS needs a credential. */
import type { RequestHandler } from 'express';
import type { Caller, Role } from '../domain/organisations.js';
import { forbidden } from '../errors.js';
import { authenticate } from '../services/credentials.js';
import type { OrganisationRepository } from '../storage/organisation.repository.js';

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

export function requireCaller(repo: OrganisationRepository, clock: () => Date): RequestHandler {
  return async (req, _res, next) => {
    req.caller = await authenticate(repo, req.headers.authorization, clock());
    req.log = req.log.child({ org: req.caller.organisationId, role: req.caller.role, credential: req.caller.credentialId });
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.caller || !roles.includes(req.caller.role)) {
      next(forbidden(`this endpoint is for the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}`));
      return;
    }
    next();
  };
}

export function callerOf(req: { caller?: Caller }): Caller {
  if (!req.caller) throw new Error('route is missing requireCaller');
  return req.caller;
}
