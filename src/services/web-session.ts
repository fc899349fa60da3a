/**
 * Browser sessions for the web application: a person signs in, the browser holds only an
 * HttpOnly cookie with a random token (kept here as a hash), and every request through it is
 * checked against the credential it stands for (revoked or expired ends it at once), an idle
 * limit and an absolute limit. Signing out ends it on the server. Built-in sign-in with a
 * credential is for development and the demo (HANDOVER_WEB_DEMO_SIGNIN); systems keep calling
 * the API with their credential as a bearer token.
 */
import { randomToken, sha256Hex } from '../domain/crypto.js';
import type { Caller } from '../domain/organisations.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { AuditFn } from './audit.js';
import { authenticate, callerOfCredential } from './credentials.js';
import { callerOfPersonSession } from './person-sign-in.js';
import type { IdentityProviders, WebSessions } from './ports/sign-in.js';
import type { Organisations } from './ports/organisations.js';

export interface SessionDeps {
  sessions: WebSessions;
  organisations: Organisations;
  identity: IdentityProviders;
  clock: () => Date;
  idleMs: number;
  absoluteMs: number;
  demoSignIn: boolean;
}

/** How often a session's last use is written (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/**
 * POST /v1/session {credential}: the built-in sign-in (development and demo only). Returns the
 * cookie's token and who signed in; the browser's earlier session (`previousToken`) ends on the
 * server, so signing in as another organisation leaves nothing of the first one usable.
 */
export async function signInWithCredential(d: SessionDeps, credential: unknown, audit: (caller: Caller) => AuditFn, previousToken?: string): Promise<{ token: string; caller: Caller }> {
  if (!d.demoSignIn) throw forbidden('the built-in sign-in is switched off here (HANDOVER_WEB_DEMO_SIGNIN)');
  const caller = await authenticate(d.organisations, typeof credential === 'string' ? `Bearer ${credential}` : undefined, d.clock());
  const token = randomToken(32);
  const now = d.clock();
  await d.sessions.create({ tokenHash: sha256Hex(token), credentialId: caller.credentialId, createdAt: now, lastSeenAt: now });
  await signOut(d, previousToken);
  await audit(caller)({ action: 'session.start', outcome: 'ok', section: 'built-in' });
  return { token, caller };
}

/** The caller behind a session cookie, or 401 when the session is unknown, idle too long, too old, or what it stands for (a credential, or a person's organisation and provider) no longer valid. */
export async function sessionCaller(d: SessionDeps, token: string): Promise<Caller> {
  const tokenHash = sha256Hex(token);
  const session = await d.sessions.find(tokenHash);
  const now = d.clock();
  if (!session) throw unauthenticated('the session has ended: sign in again');
  if (now.getTime() - session.lastSeenAt.getTime() > d.idleMs || now.getTime() - session.createdAt.getTime() > d.absoluteMs) {
    await d.sessions.remove(tokenHash);
    throw unauthenticated('the session has ended: sign in again');
  }
  let caller: Caller;
  if (session.person) caller = await callerOfPersonSession(d, session.person);
  else {
    const credential = session.credentialId ? await d.organisations.findCredential(session.credentialId) : undefined;
    if (!credential) throw unauthenticated('the session has ended: sign in again');
    caller = await callerOfCredential(d.organisations, credential, now);
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await d.sessions.touch(tokenHash, now);
  return caller;
}

/** DELETE /v1/session: the session ends on the server (the cookie alone is worth nothing after). */
export async function signOut(d: SessionDeps, token: string | undefined): Promise<void> {
  if (token) await d.sessions.remove(sha256Hex(token));
}
