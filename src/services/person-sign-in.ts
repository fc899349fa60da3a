/**
 * People sign in as themselves, through their organisation's identity provider (OpenID Connect:
 * MitID Erhverv through a broker, or a municipality's own directory). The administrator configures
 * the provider per organisation and the role its people get; a sign-in is started here (PKCE,
 * state and nonce kept on the server for ten minutes, the state also in a cookie of the browser
 * that started it), finished when the provider sends the person back, and becomes a session that
 * names the person by a stable pseudonymous id (from the provider and its subject) and the name the
 * provider gives. The audit log, first retrievals and acknowledgements then name the person.
 */
import { randomToken, sha256Base64url, sha256Hex } from '../domain/crypto.js';
import { ROLES_BY_ORGANISATION_TYPE, type Caller, type Role } from '../domain/organisations.js';
import { notFound, unauthenticated, validationFailed, type FieldError } from '../errors.js';
import type { OidcClient } from '../identity/oidc-client.js';
import type { AuditFn } from './audit.js';
import type { IdentityProviders, WebSessions } from './ports/sign-in.js';
import type { Organisations } from './ports/organisations.js';

export interface PersonSignInDeps {
  identity: IdentityProviders;
  organisations: Organisations;
  sessions: WebSessions;
  oidc: OidcClient;
  allowHttp: boolean;
  clock: () => Date;
}

/** How long a started sign-in may take at the provider. */
const SIGN_IN_WINDOW_MS = 10 * 60_000;

/** The person's id in this service: the same person at the same provider always gets the same one, and it says nothing about them. */
export const personIdOf = (issuer: string, subject: string) => `p_${sha256Base64url(`${issuer}\n${subject}`).slice(0, 22)}`;

/** PUT /v1/admin/organisations/:id/identity-provider: where the organisation's people sign in, and the role they get. */
export async function setIdentityProvider(d: PersonSignInDeps, organisationId: string, body: Record<string, unknown>) {
  const organisation = await d.organisations.findOrganisation(organisationId);
  if (!organisation) throw notFound('no such organisation');
  // The shape was checked by its schema (the route binder); the role by the organisation's type, the address by the rule.
  const problems: FieldError[] = [];
  const allowed = ROLES_BY_ORGANISATION_TYPE[organisation.type];
  if (!allowed.includes(body.role as Role)) problems.push({ pointer: '/role', keyword: 'enum', message: `an organisation of type ${organisation.type} may have roles: ${allowed.join(', ')}` });
  if (!d.allowHttp && !String(body.issuer).startsWith('https://')) problems.push({ pointer: '/issuer', keyword: 'https', message: 'must be an https:// address' });
  if (problems.length > 0) throw validationFailed(problems);
  await d.identity.setProvider({
    organisationId,
    issuer: body.issuer as string,
    clientId: body.clientId as string,
    ...(typeof body.clientSecret === 'string' ? { clientSecret: body.clientSecret } : {}),
    role: body.role as string,
    updatedAt: d.clock(),
  });
  return providerView((await d.identity.provider(organisationId))!);
}

/** What is shown of a provider: never its client secret. */
const providerView = (p: { organisationId: string; issuer: string; clientId: string; clientSecret?: string; role: string; updatedAt: Date }) => ({
  organisationId: p.organisationId,
  issuer: p.issuer,
  clientId: p.clientId,
  clientSecret: p.clientSecret ? 'set' : 'none',
  role: p.role,
  updatedAt: p.updatedAt.toISOString(),
});

export async function readIdentityProvider(d: PersonSignInDeps, organisationId: string) {
  const p = await d.identity.provider(organisationId);
  if (!p) throw notFound('no identity provider for this organisation');
  return providerView(p);
}

/** DELETE …/identity-provider: the organisation's people can no longer sign in; their sessions end at their next request. */
export async function removeIdentityProvider(d: PersonSignInDeps, organisationId: string): Promise<void> {
  if (!(await d.identity.removeProvider(organisationId))) throw notFound('no identity provider for this organisation');
}

/** GET /v1/session/providers: the organisations whose people sign in through a provider (for the sign-in page). */
export async function listSignInOrganisations(d: PersonSignInDeps & { demoSignIn: boolean }) {
  const organisations = await Promise.all((await d.identity.providers()).map((p) => d.organisations.findOrganisation(p.organisationId)));
  const items = organisations.filter((o) => o !== undefined).map((o) => ({ organisationId: o.id, name: o.name }));
  return { items: items.sort((a, b) => a.name.localeCompare(b.name, 'da')), demoSignIn: d.demoSignIn };
}

/** GET /v1/session/oidc/:organisationId: starts a sign-in; the browser is sent to the provider, and keeps the state in a cookie. */
export async function startPersonSignIn(d: PersonSignInDeps, organisationId: string, redirectUri: string): Promise<{ url: string; state: string }> {
  const provider = await d.identity.provider(organisationId);
  if (!provider) throw notFound('no identity provider for this organisation');
  const start = await d.oidc.start(provider, redirectUri);
  await d.identity.beginSignIn({ stateHash: sha256Hex(start.state), organisationId, codeVerifier: start.codeVerifier, nonce: start.nonce, redirectUri, createdAt: d.clock() });
  return { url: start.url, state: start.state };
}

/**
 * GET /v1/session/oidc/callback: the provider sent the person back. The state must be the one this
 * browser started (its cookie) and still under way; the code is exchanged with the PKCE verifier;
 * the ID token's nonce must match. Then a session for the person, audited as the sign-in; the
 * browser's earlier session (`previousToken`) ends on the server.
 */
export async function finishPersonSignIn(d: PersonSignInDeps, callbackUrl: URL, browserState: string | undefined, audit: (caller: Caller) => AuditFn, previousToken?: string): Promise<{ token: string; caller: Caller }> {
  const state = callbackUrl.searchParams.get('state');
  if (!state || !browserState || state !== browserState) throw unauthenticated('this sign-in was not started in this browser');
  const pending = await d.identity.takeSignIn(sha256Hex(state));
  if (!pending || d.clock().getTime() - pending.createdAt.getTime() > SIGN_IN_WINDOW_MS) throw unauthenticated('the sign-in took too long or was used already: start again');
  const provider = await d.identity.provider(pending.organisationId);
  const organisation = await d.organisations.findOrganisation(pending.organisationId);
  if (!provider || !organisation) throw unauthenticated('the organisation no longer signs its people in here');
  const identity = await d.oidc.finish(provider, callbackUrl, { state, nonce: pending.nonce, codeVerifier: pending.codeVerifier });
  const person = { id: personIdOf(identity.issuer, identity.subject), name: (identity.name ?? '').slice(0, 200) };
  const token = randomToken(32);
  const now = d.clock();
  await d.sessions.create({ tokenHash: sha256Hex(token), person: { organisationId: organisation.id, role: provider.role, ...person }, createdAt: now, lastSeenAt: now });
  if (previousToken !== undefined) await d.sessions.remove(sha256Hex(previousToken));
  const caller = personCaller(organisation, provider.role as Role, person);
  await audit(caller)({ action: 'session.start', outcome: 'ok', section: 'identity-provider' });
  return { token, caller };
}

/** The caller a person's session stands for, while the organisation still signs its people in through the same role. */
export async function callerOfPersonSession(d: Pick<PersonSignInDeps, 'identity' | 'organisations'>, session: { organisationId: string; role: string; id: string; name: string }): Promise<Caller> {
  const [organisation, provider] = await Promise.all([d.organisations.findOrganisation(session.organisationId), d.identity.provider(session.organisationId)]);
  if (!organisation || !provider || provider.role !== session.role) throw unauthenticated('the session has ended: sign in again');
  return personCaller(organisation, session.role as Role, { id: session.id, name: session.name });
}

function personCaller(organisation: { id: string; type: Caller['organisationType']; municipalityCode?: string }, role: Role, person: { id: string; name: string }): Caller {
  return {
    credentialId: `person:${person.id}`,
    organisationId: organisation.id,
    organisationType: organisation.type,
    role,
    ...(organisation.municipalityCode ? { municipalityCode: organisation.municipalityCode } : {}),
    person,
  };
}
