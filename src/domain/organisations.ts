/** Organisations, their roles, signing keys and credentials: the types and the rules between them. */

/** `health-visitors` and `school-psychology` are units of a municipality's children's services (child-services.ts). */
export const ORGANISATION_TYPES = ['asylum-centre-operator', 'iom-mission', 'municipality', 'health-visitors', 'school-psychology', 'gp-practice', 'service'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ROLES = ['sender', 'municipality', 'child-services', 'gp', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Which roles a credential of an organisation of each type may carry. */
export const ROLES_BY_ORGANISATION_TYPE: Record<OrganisationType, readonly Role[]> = {
  'asylum-centre-operator': ['sender'],
  'iom-mission': ['sender'],
  municipality: ['municipality'],
  'health-visitors': ['child-services'],
  'school-psychology': ['child-services'],
  'gp-practice': ['gp'],
  service: ['admin', 'auditor'],
};

export const SIGNING_ALGORITHMS = ['ES256', 'EdDSA', 'PS256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export interface Organisation {
  id: string;
  type: OrganisationType;
  name: string;
  /** For municipalities and their children's services units: the 3-digit kommunekode. */
  municipalityCode?: string;
  createdAt: Date;
}

export interface SigningKeyRecord {
  kid: string;
  organisationId: string;
  alg: SigningAlgorithm;
  publicJwk: Record<string, unknown>;
  /** RFC 7638 thumbprint (SHA-256) of the public key. */
  fingerprint: string;
  validFrom: Date;
  validUntil?: Date;
  revokedAt?: Date;
  revocationReason?: string;
  createdAt: Date;
}

export interface Credential {
  id: string;
  organisationId: string;
  role: Role;
  label?: string;
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  secretHash: string;
  createdAt: Date;
  /** When it stops working (optional: a credential without one works until revoked). */
  expiresAt?: Date;
  revokedAt?: Date;
  /** The last time it authenticated a request (to the minute: written at most once a minute per process). */
  lastUsedAt?: Date;
}

/**
 * Where a credential or key is in its life: `expiring` is still valid but ends within the
 * warning period, so that the operator rotates it before anything fails.
 */
export type LifecycleState = 'not-yet-valid' | 'active' | 'expiring' | 'expired' | 'revoked';
export const LIFECYCLE_STATES: readonly LifecycleState[] = ['not-yet-valid', 'active', 'expiring', 'expired', 'revoked'];

/** The state at `now` of something valid from `from` (if given) until `until` (if given), unless revoked. */
export function lifecycleState(o: { from?: Date; until?: Date; revokedAt?: Date }, now: Date, warningMs: number): LifecycleState {
  if (o.revokedAt && o.revokedAt <= now) return 'revoked';
  if (o.from && o.from > now) return 'not-yet-valid';
  if (o.until && o.until <= now) return 'expired';
  if (o.until && o.until.getTime() - now.getTime() <= warningMs) return 'expiring';
  return 'active';
}

/** The authenticated caller of a request, from its credential. */
export interface Caller {
  credentialId: string;
  organisationId: string;
  organisationType: OrganisationType;
  role: Role;
  municipalityCode?: string;
  /** A person signed in through the organisation's identity provider: a stable pseudonymous id and the name the provider gives. */
  person?: SignedInPerson;
}

export interface SignedInPerson {
  id: string;
  name: string;
}

export type KeyValidity = 'valid' | 'revoked' | 'expired' | 'not-yet-valid';

/** Whether a key may verify a document received at `at`. */
export function keyValidityAt(key: Pick<SigningKeyRecord, 'validFrom' | 'validUntil' | 'revokedAt'>, at: Date): KeyValidity {
  if (key.revokedAt && key.revokedAt <= at) return 'revoked';
  if (key.validFrom > at) return 'not-yet-valid';
  if (key.validUntil && key.validUntil <= at) return 'expired';
  return 'valid';
}
