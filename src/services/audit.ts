/**
 * Recording audit events. Callers await it before answering: if the log cannot be written, the
 * request fails. The events one request records together (a read of a family of five records one
 * per person, all at once) are written as one pending record: one insert, which takes no place in
 * any sequence (the sequencer numbers and chains them afterwards: audit-sequencer.ts).
 */
import type { AuditEventInput } from '../domain/audit-chain.js';
import type { Caller } from '../domain/organisations.js';
import type { AuditLog } from './ports/audit.js';

export type AuditFn = (event: Omit<AuditEventInput, 'at' | 'actor' | 'requestId'>) => Promise<void>;

/**
 * The audit function of one request: each event gets the time, the request id and the caller; it
 * rejects when the event cannot be written. Events recorded in one go (before the caller next
 * awaits) share one write.
 */
export function auditFor(log: Pick<AuditLog, 'appendAll'>, caller: Caller, requestId: string, clock: () => Date): AuditFn {
  let gathering: AuditEventInput[] | undefined;
  let written: Promise<void> | undefined;
  return (event) => {
    if (!gathering) {
      const events: AuditEventInput[] = [];
      gathering = events;
      // Written once the caller's synchronous code has recorded everything it records together.
      written = Promise.resolve().then(() => {
        gathering = undefined;
        return log.appendAll(events);
      });
    }
    gathering.push({ ...event, at: clock(), requestId, actor: actorOf(caller) });
    return written!;
  };
}

/** Who did it, as the audit log names it: the credential, organisation and role, and the person where one signed in. */
export function actorOf(caller: Caller): { credentialId: string; organisationId: string; role: string; personId?: string; personName?: string } {
  return { credentialId: caller.credentialId, organisationId: caller.organisationId, role: caller.role, ...(caller.person ? { personId: caller.person.id, personName: caller.person.name } : {}) };
}
