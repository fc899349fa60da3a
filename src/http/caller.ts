/**
 * Authentication and role checks: every route but health, schemas and JWKS needs a credential,
 * as a bearer token (systems) or a browser session cookie (people, through the web application).
 * A request that changes something through a cookie must carry the web application's own header
 * (which no other site can make a browser send without our consent): no cross-site request forgery.
 */
import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Caller, Role } from '../domain/organisations.js';
import { forbidden, unauthenticated } from '../errors.js';
import { authenticate } from '../services/credentials.js';
import { sessionCaller, type SessionDeps } from '../services/web-session.js';
import type { OrganisationRepository } from '../storage/organisation.repository.js';

export const SESSION_COOKIE = 'hx_session';
/** Sent by the web application on every request it makes; required for a change made through a session cookie. */
export const WEB_APP_HEADER = 'x-handover-web';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One cookie of the request (no cookie middleware: only these few are ever read). */
export function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookies(header)[name] : undefined;
}

export function sessionTokenOf(req: Request): string | undefined {
  return cookieValue(req, SESSION_COOKIE);
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

export function requireCaller(deps: { organisations: OrganisationRepository; clock: () => Date; sessionDeps: SessionDeps }): RequestHandler {
  return async (req, _res, next) => {
    const session = req.headers.authorization === undefined ? sessionTokenOf(req) : undefined;
    if (session !== undefined && !SAFE_METHODS.has(req.method) && req.headers[WEB_APP_HEADER] !== '1') throw unauthenticated(`a change through a session needs the ${WEB_APP_HEADER} header`);
    req.caller = session !== undefined ? await sessionCaller(deps.sessionDeps, session) : await authenticate(deps.organisations, req.headers.authorization, deps.clock());
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
