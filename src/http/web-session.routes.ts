/** The web application's session: sign in (built-in, development and demo), who is signed in, sign out. */
import type { Request, Response, Router } from 'express';
import type { Deps } from '../deps.js';
import type { Caller } from '../domain/organisations.js';
import { auditFor } from '../services/audit.js';
import { finishPersonSignIn, listSignInOrganisations, startPersonSignIn } from '../services/person-sign-in.js';
import { signInWithCredential, signOut } from '../services/web-session.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { cookieValue, requireWebAppHeader, SESSION_COOKIE, sessionTokenOf } from './caller.js';

const SIGN_IN_COOKIE = 'hx_sign_in';

export function webSessionRouter(deps: Deps): Router {
  // Secure (sent over https only) when people reach the service over https: its public address
  // says so, or else the request came over https (directly, or by a proxy trusted with
  // X-Forwarded-Proto: HANDOVER_TRUST_PROXY). Which database it uses says nothing about that.
  const secure = (req: Request) => deps.config.cookieSecure === 'on' || (deps.config.cookieSecure === 'auto' && (deps.config.publicUrl !== undefined ? deps.config.publicUrl.startsWith('https://') : req.secure));
  const cookie = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, secure: secure(req), path: '/' });
  const who = async (caller: Caller) => {
    const organisation = await deps.organisations.findOrganisation(caller.organisationId);
    return { organisationId: caller.organisationId, organisationName: organisation?.name ?? caller.organisationId, organisationType: caller.organisationType, role: caller.role, ...(caller.municipalityCode ? { municipalityCode: caller.municipalityCode } : {}), ...(caller.person ? { person: caller.person } : {}) };
  };
  const clear = (req: Request, res: Response) => res.clearCookie(SESSION_COOKIE, cookie(req));
  // The sign-in's state, held by the browser that started it. Lax: it must come along when the
  // provider sends the browser back (a top-level navigation from another site).
  const signInCookie = (req: Request) => ({ httpOnly: true, sameSite: 'lax' as const, secure: secure(req), path: '/v1/session/oidc', maxAge: 10 * 60_000 });
  const callbackOf = (req: Request) => `${deps.config.publicUrl ?? `${req.protocol}://${req.get('host')}`}/v1/session/oidc/callback`;

  return bindOperations(
    {
      listSignInOrganisations: { open: () => listSignInOrganisations({ ...deps.personSignInDeps, demoSignIn: deps.sessionDeps.demoSignIn }) },
      finishPersonSignIn: {
        open: async ({ req, res }) => {
          const url = new URL(req.originalUrl, callbackOf(req));
          try {
            // The browser's earlier session (another organisation's, perhaps) ends with this sign-in.
            const { token, caller } = await finishPersonSignIn(deps.personSignInDeps, url, cookieValue(req, SIGN_IN_COOKIE), (c) => auditFor(deps.audit, c, String(req.id), deps.clock), sessionTokenOf(req));
            req.log.info({ org: caller.organisationId, outcome: 'signed-in' }, 'person sign-in');
            res.clearCookie(SIGN_IN_COOKIE, signInCookie(req)).cookie(SESSION_COOKIE, token, cookie(req)).status(303).location('/').end();
          } catch (err) {
            // The person is in a browser, not a program: back to the sign-in page, which says it failed.
            req.log.warn({ outcome: 'sign-in-refused', code: (err as { code?: string }).code }, 'person sign-in');
            res.clearCookie(SIGN_IN_COOKIE, signInCookie(req)).status(303).location('/?sign-in=failed').end();
          }
        },
      },
      startPersonSignIn: {
        open: async ({ path, req, res }) => {
          const { url, state } = await startPersonSignIn(deps.personSignInDeps, path.organisationId!, callbackOf(req));
          res.cookie(SIGN_IN_COOKIE, state, signInCookie(req)).status(303).location(url).end();
        },
      },
      signIn: {
        // Also the sign-in: another site cannot sign a browser in under its own credential.
        beforeBody: [requireWebAppHeader('sign-in')],
        open: async ({ body, req, res }) => {
          // The browser's earlier session (another organisation's, perhaps) ends with this sign-in.
          const { token, caller } = await signInWithCredential(deps.sessionDeps, body.credential, (c) => auditFor(deps.audit, c, String(req.id), deps.clock), sessionTokenOf(req));
          res.cookie(SESSION_COOKIE, token, cookie(req)).status(201).json(await who(caller));
        },
      },
      whoAmI: (caller) => who(caller),
      signOut: {
        beforeBody: [requireWebAppHeader('sign-out')],
        open: async ({ req, res }) => {
          await signOut(deps.sessionDeps, sessionTokenOf(req));
          clear(req, res).status(204).end();
        },
      },
    },
    binderDepsOf(deps),
  );
}
