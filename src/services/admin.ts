/** Administration: organisations, their signing keys and credentials. */
import { lifecycleState, ROLES_BY_ORGANISATION_TYPE, type Credential, type LifecycleState, type Organisation, type OrganisationType, type Role, type SigningAlgorithm, type SigningKeyRecord } from '../domain/organisations.js';
import { notFound, organisationExists, signingKeyExists, validationFailed } from '../errors.js';
import type { checkPublicJwk } from '../signing/jwk-policy.js';
import { DuplicateError } from '../domain/write-outcomes.js';
import { issueCredential } from './credentials.js';
import type { Organisations } from './ports/organisations.js';

/**
 * What the admin use cases are given: the registry and the key policy. Their bodies arrive checked
 * against their schemas, by the route binder (http/bind-operations.ts) or the CLI (cli/admin.command.ts).
 */
export interface AdminDeps {
  organisations: Organisations;
  checkJwk: typeof checkPublicJwk;
  /** Credentials and keys ending within this are `expiring`. */
  expiryWarningMs: number;
}

/** A credential as the admin API shows it: never its secret hash; with its state and when it was last used. */
export type ShownCredential = Omit<Credential, 'secretHash'> & { state: LifecycleState };

/** A key as the admin API shows it, with its state now. */
export type ShownSigningKey = SigningKeyRecord & { state: LifecycleState };

const showKey = (d: AdminDeps, k: SigningKeyRecord, now: Date): ShownSigningKey => ({ ...k, state: lifecycleState({ from: k.validFrom, until: k.validUntil, revokedAt: k.revokedAt }, now, d.expiryWarningMs) });

function showCredential(d: AdminDeps, c: Credential, now: Date): ShownCredential {
  const { secretHash: _hidden, ...shown } = c;
  return { ...shown, state: lifecycleState({ until: c.expiresAt, revokedAt: c.revokedAt }, now, d.expiryWarningMs) };
}

/** POST /v1/admin/organisations: a new organisation (a municipality with its code); 409 when the id is taken. */
export async function createOrganisation(d: AdminDeps, body: Record<string, unknown>, now: Date): Promise<Organisation> {
  const { id, type, name, municipalityCode } = body;
  const organisation: Organisation = { id: id as string, type: type as OrganisationType, name: name as string, createdAt: now, ...(typeof municipalityCode === 'string' ? { municipalityCode } : {}) };
  try {
    await d.organisations.createOrganisation(organisation);
  } catch (err) {
    if (err instanceof DuplicateError) throw organisationExists();
    throw err;
  }
  return organisation;
}

/** POST /v1/admin/organisations/:id/keys: registers a public signing key (the key policy in signing/jwk-policy.ts); 409 when the kid is taken. */
export async function registerSigningKey(d: AdminDeps, organisationId: string, body: Record<string, unknown>, now: Date): Promise<SigningKeyRecord> {
  const organisation = await d.organisations.findOrganisation(organisationId);
  if (!organisation) throw notFound('no such organisation');
  const alg = body.alg as SigningAlgorithm;
  const validFrom = body.validFrom ? new Date(body.validFrom as string) : now;
  const validUntil = body.validUntil ? new Date(body.validUntil as string) : undefined;
  if (validUntil && validUntil <= validFrom) throw validationFailed([{ pointer: '/validUntil', keyword: 'dateOrder', message: 'must be after validFrom' }]);
  const { jwk, fingerprint } = await d.checkJwk(body.jwk, alg);
  const record: SigningKeyRecord = { kid: jwk.kid, organisationId, alg, publicJwk: jwk as Record<string, unknown>, fingerprint, validFrom, createdAt: now, ...(validUntil ? { validUntil } : {}) };
  try {
    await d.organisations.createKey(record);
  } catch (err) {
    if (err instanceof DuplicateError) throw signingKeyExists();
    throw err;
  }
  return record;
}

/** POST /v1/admin/keys/:kid/revocation: revokes a key from `revokedAt` (default now); effective on the next request. */
export async function revokeSigningKey(d: AdminDeps, kid: string, body: Record<string, unknown>, now: Date): Promise<SigningKeyRecord> {
  const at = body.revokedAt ? new Date(body.revokedAt as string) : now;
  const key = await d.organisations.revokeKey(kid, at, body.reason as string);
  if (!key) throw notFound('no such key');
  return key;
}

/** POST /v1/admin/organisations/:id/credentials: a new credential with a role the organisation's type may have; the token is shown once. */
export async function createCredential(d: AdminDeps, organisationId: string, body: Record<string, unknown>, now: Date) {
  const organisation = await d.organisations.findOrganisation(organisationId);
  if (!organisation) throw notFound('no such organisation');
  const role = body.role as Role;
  const allowed = ROLES_BY_ORGANISATION_TYPE[organisation.type];
  if (!allowed.includes(role)) throw validationFailed([{ pointer: '/role', keyword: 'enum', message: `an organisation of type ${organisation.type} may have roles: ${allowed.join(', ')}` }]);
  const expiresAt = body.expiresAt ? new Date(body.expiresAt as string) : undefined;
  if (expiresAt && expiresAt <= now) throw validationFailed([{ pointer: '/expiresAt', keyword: 'dateOrder', message: 'must be in the future' }]);
  const issued = await issueCredential(d.organisations, { organisationId, role, ...(body.label ? { label: body.label as string } : {}), ...(expiresAt ? { expiresAt } : {}) }, now);
  return { ...issued, credential: { ...issued.credential, state: lifecycleState({ until: expiresAt }, now, d.expiryWarningMs) } };
}

/** GET /v1/admin/organisations: every organisation. */
export async function listOrganisations(d: AdminDeps): Promise<Organisation[]> {
  return d.organisations.listOrganisations();
}

/** GET /v1/admin/organisations/:id/keys: an organisation's keys with their state now, revoked and expired ones included (404 for an unknown organisation). */
export async function listSigningKeys(d: AdminDeps, organisationId: string, now: Date): Promise<ShownSigningKey[]> {
  if (!(await d.organisations.findOrganisation(organisationId))) throw notFound('no such organisation');
  return (await d.organisations.listKeys(organisationId)).map((k) => showKey(d, k, now));
}

/** GET /v1/admin/organisations/:id/credentials: an organisation's credentials with their state and last use, never a secret (404 for an unknown organisation). */
export async function listCredentials(d: AdminDeps, organisationId: string, now: Date): Promise<ShownCredential[]> {
  if (!(await d.organisations.findOrganisation(organisationId))) throw notFound('no such organisation');
  return (await d.organisations.listCredentials(organisationId)).map((c) => showCredential(d, c, now));
}

/** How many credentials and keys are in each state now (the metrics' expiry figures; no ids). */
export async function lifecycleCounts(d: AdminDeps, now: Date): Promise<{ credentials: Record<LifecycleState, number>; keys: Record<LifecycleState, number> }> {
  const { credentials, keys } = await d.organisations.lifetimes();
  const count = (states: LifecycleState[]) => {
    const counts: Record<LifecycleState, number> = { 'not-yet-valid': 0, active: 0, expiring: 0, expired: 0, revoked: 0 };
    for (const s of states) counts[s]++;
    return counts;
  };
  return {
    credentials: count(credentials.map((c) => lifecycleState({ until: c.expiresAt, revokedAt: c.revokedAt }, now, d.expiryWarningMs))),
    keys: count(keys.map((k) => lifecycleState({ from: k.validFrom, until: k.validUntil, revokedAt: k.revokedAt }, now, d.expiryWarningMs))),
  };
}

/** POST /v1/admin/credentials/:id/revocation: the credential stops working from the next request; its secret hash is never shown. */
export async function revokeCredential(d: AdminDeps, credentialId: string, now: Date): Promise<ShownCredential> {
  const credential = await d.organisations.revokeCredential(credentialId, now);
  if (!credential) throw notFound('no such credential');
  return showCredential(d, credential, now);
}
