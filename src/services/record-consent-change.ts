/** POST /v1/handovers/:id/consent-changes: a recorded change of a person's consent, applied to every later read; the signed document is never edited. */
import type { Audience, ConsentChange } from '../domain/consent.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { validationFailed, type FieldError } from '../errors.js';
import type { AuditFn } from './audit.js';
import { readableVersion, type RecipientDeps } from './recipient-access.js';

/** Exactly what a consent change uses. */
type ConsentChangeDeps = Pick<RecipientDeps, 'clock' | 'handovers' | 'recipients'>;

/**
 * Records a person's consent change (effective date, audiences, scopes); the newest effective date
 * wins on every later read. The signed document is never edited. Audited.
 */
export async function recordConsentChange(d: ConsentChangeDeps, caller: Caller, handoverId: string, body: Record<string, unknown>, audit: AuditFn) {
  const { record } = await readableVersion(d, caller, handoverId);
  const doc = record.payload as unknown as Handover;
  // The shape was checked by its schema (the route binder); what only the handover can tell, and the clock.
  const errors: FieldError[] = [];
  if (!doc.persons.some((p) => p.personRef === body.personRef)) errors.push({ pointer: '/personRef', keyword: 'knownPersonRef', message: 'must be a person in this handover' });
  const effectiveAt = typeof body.effectiveAt === 'string' ? new Date(body.effectiveAt) : d.clock();
  if (effectiveAt > d.clock()) errors.push({ pointer: '/effectiveAt', keyword: 'notInFuture', message: 'must not be in the future' });
  if (errors.length > 0) throw validationFailed(errors);
  const change: ConsentChange = {
    handoverId,
    personRef: body.personRef as string,
    audience: body.audience as Audience,
    scope: body.scope as 'social' | 'health',
    action: body.action as 'granted' | 'withdrawn',
    effectiveAt,
    recordedAt: d.clock(),
    recordedBy: caller.organisationId,
    obtainedHow: body.obtainedHow as string,
  };
  await d.recipients.addConsentChange(change, await d.handovers.listVersions(handoverId));
  await audit({ action: 'consent.change', handoverId, personRef: change.personRef, section: `${change.audience}:${change.scope}:${change.action}`, outcome: 'ok' });
  return { ...change, effectiveAt: change.effectiveAt.toISOString(), recordedAt: change.recordedAt.toISOString() };
}
