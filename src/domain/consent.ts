/**
 * Who may see a person's health information: the consents in the signed handover, changed by
 * later recorded consent changes (newest wins). History is never edited; changes are appended.
 */
import type { Consent } from './handover-types.js';

export const AUDIENCES = ['coordinating-department', 'gp', 'health-visitors', 'school-psychology'] as const;
export type Audience = (typeof AUDIENCES)[number];
export type Scope = 'social' | 'health';

export interface ConsentChange {
  handoverId: string;
  personRef: string;
  audience: Audience;
  scope: Scope;
  action: 'granted' | 'withdrawn';
  /** When the person gave or withdrew it. */
  effectiveAt: Date;
  recordedAt: Date;
  recordedBy: string;
  obtainedHow: string;
}

/** Whether the person's consent covers an audience and scope, now. */
export function hasConsent(consents: readonly Consent[], changes: readonly ConsentChange[], personRef: string, audience: Audience, scope: Scope): boolean {
  const relevant = changes
    .filter((c) => c.personRef === personRef && c.audience === audience && c.scope === scope)
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime());
  const latest = relevant.at(-1);
  if (latest) return latest.action === 'granted';
  return consents.some((c) => c.personRef === personRef && c.audiences.includes(audience) && c.scopes.includes(scope));
}

/** What stands in place of a section the reader may not see. */
export function consentMissingMarker(audience: Audience) {
  return { status: 'withheld', reason: 'consent-missing', audience, scope: 'health' } as const;
}
