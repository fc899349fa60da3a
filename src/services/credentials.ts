/** API credentials: issued with a random secret shown once, stored only as a hash, checked per request. */
import { constantTimeEqual, randomHex, randomToken, sha256Hex } from '../domain/crypto.js';
import type { Caller, Credential, Role } from '../domain/organisations.js';
import { unauthenticated } from '../errors.js';
import type { Organisations } from './ports/organisations.js';

const TOKEN = /^hx1\.([0-9a-f]{24})\.([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string) => sha256Hex(secret);

/** Creates a credential; the returned token is the only time the secret exists outside the caller. */
export async function issueCredential(
  repo: Organisations,
  input: { organisationId: string; role: Role; label?: string; expiresAt?: Date },
  now: Date,
  newCredentialId: () => string = () => randomHex(12),
): Promise<{ credential: Omit<Credential, 'secretHash'>; token: string }> {
  const id = newCredentialId();
  // 32 random bytes: a fast hash is enough, there is nothing to brute-force.
  const secret = randomToken(32);
  const credential: Credential = { id, organisationId: input.organisationId, role: input.role, createdAt: now, secretHash: hashSecret(secret), ...(input.label ? { label: input.label } : {}), ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}) };
  await repo.createCredential(credential);
  const { secretHash: _hidden, ...shown } = credential;
  return { credential: shown, token: `hx1.${id}.${secret}` };
}

/**
 * Resolves "Authorization: Bearer hx1.<id>.<secret>" to the caller, or throws 401 (unknown,
 * revoked or expired at `now`), and notes when the credential was last used.
 */
export async function authenticate(repo: Organisations, authorization: string | undefined, now: Date): Promise<Caller> {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  const parts = match ? TOKEN.exec(match[1]!) : null;
  if (!parts) throw unauthenticated();
  const [, id, secret] = parts as unknown as [string, string, string];
  const credential = await repo.findCredential(id);
  if (!credential || credential.revokedAt) throw unauthenticated('the credential is unknown or revoked');
  const expected = Buffer.from(credential.secretHash, 'hex');
  if (!constantTimeEqual(expected, Buffer.from(hashSecret(secret), 'hex'))) throw unauthenticated('the credential is unknown or revoked');
  return callerOfCredential(repo, credential, now);
}

/**
 * The caller a verified credential stands for, checked again at `now` (revoked, expired, its
 * organisation gone): a browser session re-checks its credential on every request this way.
 */
export async function callerOfCredential(repo: Organisations, credential: NonNullable<Awaited<ReturnType<Organisations['findCredential']>>>, now: Date): Promise<Caller> {
  if (credential.revokedAt) throw unauthenticated('the credential is unknown or revoked');
  // Only the holder of the secret learns that it has expired (rotation is then the fix).
  if (credential.expiresAt && credential.expiresAt <= now) throw unauthenticated('the credential has expired');
  const organisation = await repo.findOrganisation(credential.organisationId);
  if (!organisation) throw unauthenticated('the credential is unknown or revoked');
  // Best effort: when it was last used is for the operator, and never fails the request.
  repo.noteCredentialUse(credential.id, now).catch(() => {});
  return {
    credentialId: credential.id,
    organisationId: organisation.id,
    organisationType: organisation.type,
    role: credential.role,
    ...(organisation.municipalityCode ? { municipalityCode: organisation.municipalityCode } : {}),
  };
}
