/**
 * Authentication and role checks: every route but health, schemas and JWKS needs a credential,
 * as a bearer token (systems) or a browser session cookie (people, through the web application).
 * A request that changes something through a cookie must carry the web application's own header
 * (which no other site can make a browser send without our consent): no cross-site request forgery.
 * Each read counts against its credential's fair share (admission.ts), and a dry-run validation
 * against its credential's or, anonymous, its client address's.
 */
import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Caller } from '../domain/organisations.js';
import { AppError, unauthenticated } from '../errors.js';
import { authenticate } from '../services/credentials.js';
import { sessionCaller, type SessionDeps } from '../services/web-session.js';
import type { OrganisationRepository } from '../storage/organisation.repository.js';
import type { FairShares } from '../services/fair-shares.js';

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

/** The token a request presents: its bearer credential, else its session cookie (never both: a bearer is what systems send). */
function presentedToken(req: Request): string | undefined {
  return req.headers.authorization === undefined ? sessionTokenOf(req) : /^Bearer (\S+)$/.exec(req.headers.authorization)?.[1];
}

export interface CallerDeps {
  organisations: OrganisationRepository;
  clock: () => Date;
  sessionDeps: SessionDeps;
  fairShares: FairShares;
}

async function callerFrom(deps: CallerDeps, req: Request, session: string | undefined): Promise<Caller> {
  return session !== undefined ? sessionCaller(deps.sessionDeps, session) : authenticate(deps.organisations, req.headers.authorization, deps.clock());
}

export function requireCaller(deps: CallerDeps): RequestHandler {
  return async (req, res, next) => {
    const session = req.headers.authorization === undefined ? sessionTokenOf(req) : undefined;
    if (session !== undefined && !SAFE_METHODS.has(req.method) && req.headers[WEB_APP_HEADER] !== '1') throw unauthenticated(`a change through a session needs the ${WEB_APP_HEADER} header`);
    const read = SAFE_METHODS.has(req.method);
    const token = presentedToken(req);
    const held = read ? deps.fairShares.heldBack(token) : undefined;
    if (held) throw held;
    req.caller = await callerFrom(deps, req, session);
    req.log = req.log.child({ org: req.caller.organisationId, role: req.caller.role, credential: req.caller.credentialId });
    const refused = read ? await deps.fairShares.admitRead(req.caller.credentialId, token, res) : undefined;
    if (refused) throw refused;
    next();
  };
}

/**
 * POST /v1/validate's fair share, before its body is read: signed in (a valid credential or
 * session), it counts as a read of that credential; otherwise, or with a credential that does not
 * authenticate, per client address (`req.ip`, behind a trusted proxy its forwarded address).
 */
export function admitValidation(deps: CallerDeps): RequestHandler {
  return async (req, res, next) => {
    const token = presentedToken(req);
    const held = deps.fairShares.heldBack(token);
    if (held) throw held;
    let credentialId: string | undefined;
    if (token !== undefined) {
      try {
        credentialId = (await callerFrom(deps, req, req.headers.authorization === undefined ? token : undefined)).credentialId;
      } catch (err) {
        // Validation needs no credential: one that does not authenticate makes the request anonymous.
        if (!(err instanceof AppError && err.code === 'unauthenticated')) throw err;
      }
    }
    const refused = credentialId !== undefined ? await deps.fairShares.admitRead(credentialId, token, res) : await deps.fairShares.admitAnonymous(req.ip ?? 'unknown', res);
    if (refused) throw refused;
    next();
  };
}

/** Signing in or out needs the web application's header: another site cannot sign a browser in or out. */
export function requireWebAppHeader(what: string): RequestHandler {
  return (req, _res, next) => next(req.headers[WEB_APP_HEADER] !== '1' ? unauthenticated(`${what} needs the ${WEB_APP_HEADER} header`) : undefined);
}

export function callerOf(req: { caller?: Caller }): Caller {
  if (!req.caller) throw new Error('route is bound without a credential check');
  return req.caller;
}
