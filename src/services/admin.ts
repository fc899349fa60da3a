/** Administration: organisations, their signing keys and credentials. */
import { ORGANISATION_TYPES, ROLES, ROLES_BY_ORGANISATION_TYPE, SIGNING_ALGORITHMS, type Organisation, type OrganisationType, type Role, type SigningAlgorithm, type SigningKeyRecord } from '../domain/organisations.js';
import { notFound, organisationExists, signingKeyExists, validationFailed, type FieldError } from '../errors.js';
import { checkPublicJwk } from '../signing/jwk-policy.js';
import { DuplicateError, type OrganisationRepository } from '../storage/organisation.repository.js';
import { issueCredential } from './credentials.js';

const invalid = (errors: FieldError[]) => validationFailed(errors);
const ORG_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

function isoDate(value: unknown, pointer: string, errors: FieldError[]): Date | undefined {
  if (value === undefined) return undefined;
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) {
    errors.push({ pointer, keyword: 'format', message: 'must be an ISO 8601 date-time' });
    return undefined;
  }
  return d;
}

export async function createOrganisation(repo: OrganisationRepository, body: Record<string, unknown>, now: Date, municipalityCodes: readonly string[]): Promise<Organisation> {
  const errors: FieldError[] = [];
  const { id, type, name, municipalityCode } = body;
  if (typeof id !== 'string' || !ORG_ID.test(id)) errors.push({ pointer: '/id', keyword: 'pattern', message: 'must be 2-63 lowercase letters, digits and -' });
  if (typeof type !== 'string' || !(ORGANISATION_TYPES as readonly string[]).includes(type)) errors.push({ pointer: '/type', keyword: 'enum', message: `must be one of: ${ORGANISATION_TYPES.join(', ')}` });
  if (typeof name !== 'string' || name.length < 1 || name.length > 200) errors.push({ pointer: '/name', keyword: 'type', message: 'must be a name of 1-200 characters' });
  if (type === 'municipality') {
    if (typeof municipalityCode !== 'string' || !municipalityCodes.includes(municipalityCode)) errors.push({ pointer: '/municipalityCode', keyword: 'enum', message: 'must be one of the 98 municipality codes' });
  } else if (municipalityCode !== undefined) {
    errors.push({ pointer: '/municipalityCode', keyword: 'not', message: 'only a municipality has a municipality code' });
  }
  const extra = Object.keys(body).filter((k) => !['id', 'type', 'name', 'municipalityCode'].includes(k));
  for (const k of extra) errors.push({ pointer: `/${k}`, keyword: 'additionalProperties', message: 'property is not allowed here' });
  if (errors.length > 0) throw invalid(errors);
  const organisation: Organisation = { id: id as string, type: type as OrganisationType, name: name as string, createdAt: now, ...(type === 'municipality' ? { municipalityCode: municipalityCode as string } : {}) };
  try {
    await repo.createOrganisation(organisation);
  } catch (err) {
    if (err instanceof DuplicateError) throw organisationExists();
    throw err;
  }
  return organisation;
}

export async function registerSigningKey(repo: OrganisationRepository, organisationId: string, body: Record<string, unknown>, now: Date): Promise<SigningKeyRecord> {
  const organisation = await repo.findOrganisation(organisationId);
  if (!organisation) throw notFound('no such organisation');
  const errors: FieldError[] = [];
  const alg = body.alg;
  if (typeof alg !== 'string' || !(SIGNING_ALGORITHMS as readonly string[]).includes(alg)) errors.push({ pointer: '/alg', keyword: 'enum', message: `must be one of: ${SIGNING_ALGORITHMS.join(', ')}` });
  const validFrom = isoDate(body.validFrom, '/validFrom', errors) ?? now;
  const validUntil = isoDate(body.validUntil, '/validUntil', errors);
  if (validUntil && validUntil <= validFrom) errors.push({ pointer: '/validUntil', keyword: 'dateOrder', message: 'must be after validFrom' });
  if (errors.length > 0) throw invalid(errors);
  const { jwk, fingerprint } = await checkPublicJwk(body.jwk, alg as SigningAlgorithm);
  const record: SigningKeyRecord = { kid: jwk.kid, organisationId, alg: alg as SigningAlgorithm, publicJwk: jwk as Record<string, unknown>, fingerprint, validFrom, createdAt: now, ...(validUntil ? { validUntil } : {}) };
  try {
    await repo.createKey(record);
  } catch (err) {
    if (err instanceof DuplicateError) throw signingKeyExists();
    throw err;
  }
  return record;
}

export async function revokeSigningKey(repo: OrganisationRepository, kid: string, body: Record<string, unknown>, now: Date): Promise<SigningKeyRecord> {
  const errors: FieldError[] = [];
  const at = isoDate(body.revokedAt, '/revokedAt', errors) ?? now;
  if (typeof body.reason !== 'string' || body.reason.length < 1 || body.reason.length > 500) errors.push({ pointer: '/reason', keyword: 'required', message: 'a reason of 1-500 characters is required' });
  if (errors.length > 0) throw invalid(errors);
  const key = await repo.revokeKey(kid, at, body.reason as string);
  if (!key) throw notFound('no such key');
  return key;
}

export async function createCredential(repo: OrganisationRepository, organisationId: string, body: Record<string, unknown>, now: Date) {
  const organisation = await repo.findOrganisation(organisationId);
  if (!organisation) throw notFound('no such organisation');
  const role = body.role;
  const allowed = ROLES_BY_ORGANISATION_TYPE[organisation.type];
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || !allowed.includes(role as Role)) {
    throw invalid([{ pointer: '/role', keyword: 'enum', message: `an organisation of type ${organisation.type} may have roles: ${allowed.join(', ')}` }]);
  }
  if (body.label !== undefined && (typeof body.label !== 'string' || body.label.length > 200)) throw invalid([{ pointer: '/label', keyword: 'maxLength', message: 'must be a string of at most 200 characters' }]);
  return issueCredential(repo, { organisationId, role: role as Role, ...(body.label ? { label: body.label as string } : {}) }, now);
}
