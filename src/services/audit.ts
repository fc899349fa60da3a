/** Recording audit events. Callers await it before answering: if the log cannot be written, the request fails. */
import type { AuditEventInput } from '../domain/audit-chain.js';
import type { Caller } from '../domain/organisations.js';
import type { AuditRepository } from '../storage/audit.repository.js';

export type AuditFn = (event: Omit<AuditEventInput, 'at' | 'actor' | 'requestId'>) => Promise<void>;

/** The audit function of one request: each event gets the time, the request id and the caller; it rejects when the event cannot be written. */
export function auditFor(log: AuditRepository, caller: Caller, requestId: string, clock: () => Date): AuditFn {
  return async (event) => {
    await log.append({ ...event, at: clock(), requestId, actor: actorOf(caller) });
  };
}

/** Who did it, as the audit log names it: the credential, organisation and role, and the person where one signed in. */
export function actorOf(caller: Caller): { credentialId: string; organisationId: string; role: string; personId?: string; personName?: string } {
  return { credentialId: caller.credentialId, organisationId: caller.organisationId, role: caller.role, ...(caller.person ? { personId: caller.person.id, personName: caller.person.name } : {}) };
}
