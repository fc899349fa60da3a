/** Recording audit events. Callers await it before answering: if the log cannot be written, the request fails. */
import type { AuditEventInput } from '../domain/audit-chain.js';
import type { Caller } from '../domain/organisations.js';
import type { AuditRepository } from '../storage/audit.repository.js';

export type AuditFn = (event: Omit<AuditEventInput, 'at' | 'actor' | 'requestId'>) => Promise<void>;

export function auditFor(log: AuditRepository, caller: Caller, requestId: string, clock: () => Date): AuditFn {
  return async (event) => {
    await log.append({ ...event, at: clock(), requestId, actor: { credentialId: caller.credentialId, organisationId: caller.organisationId, role: caller.role } });
  };
}
