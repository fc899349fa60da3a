/** The web application's session: sign in (built-in, development and demo), who is signed in, sign out. */
import { Router, type Response } from 'express';
import type { Deps } from '../deps.js';
import type { Caller } from '../domain/organisations.js';
import { unauthenticated, validationFailed } from '../errors.js';
import { auditFor } from '../services/audit.js';
import { signInWithCredential, signOut } from '../services/web-session.js';
import { callerOf, requireCaller, SESSION_COOKIE, sessionTokenOf, WEB_APP_HEADER } from './caller.js';
import { bodyOf } from './json-body.js';
import { allowOnly } from './method-not-allowed.js';

export function webSessionRouter(deps: Deps): Router {
  const router = Router();
  const secure = deps.config.cookieSecure === 'on' || (deps.config.cookieSecure === 'auto' && Boolean(deps.config.mongodbUri));
  const cookie = { httpOnly: true, sameSite: 'strict' as const, secure, path: '/' };
  const who = async (caller: Caller) => {
    const organisation = await deps.organisations.findOrganisation(caller.organisationId);
    return { organisationId: caller.organisationId, organisationName: organisation?.name ?? caller.organisationId, organisationType: caller.organisationType, role: caller.role, ...(caller.municipalityCode ? { municipalityCode: caller.municipalityCode } : {}) };
  };
  const clear = (res: Response) => res.clearCookie(SESSION_COOKIE, cookie);

  router
    .route('/v1/session')
    .post(async (req, res) => {
      // Also the sign-in: another site cannot sign a browser in under its own credential.
      if (req.headers[WEB_APP_HEADER] !== '1') throw unauthenticated(`sign-in needs the ${WEB_APP_HEADER} header`);
      const problems = deps.recipientDeps.bodyProblems('session', bodyOf(req));
      if (problems.length > 0) throw validationFailed(problems);
      const { token, caller } = await signInWithCredential(deps.sessionDeps, bodyOf(req).credential, (c) => auditFor(deps.audit, c, String(req.id), deps.clock));
      res.cookie(SESSION_COOKIE, token, cookie).status(201).json(await who(caller));
    })
    .get(requireCaller(deps), async (req, res) => {
      res.json(await who(callerOf(req)));
    })
    .delete(async (req, res) => {
      if (req.headers[WEB_APP_HEADER] !== '1') throw unauthenticated(`sign-out needs the ${WEB_APP_HEADER} header`);
      await signOut(deps.sessionDeps, sessionTokenOf(req));
      clear(res).status(204).end();
    })
    .all(allowOnly('GET', 'HEAD', 'POST', 'DELETE'));
  return router;
}
