/**
 * GET /v1/audit for the auditor: the log oldest first, filtered, paged by the one pagination
 * contract (domain/pagination.ts). Reading the log is itself an event.
 */
import type { AuditEvent } from '../domain/audit-chain.js';
import { pageOf, readDateTimeParam, readPageRequest, type Page } from '../domain/pagination.js';
import type { Caller } from '../domain/organisations.js';
import { type FieldError, invalidRequest, queryProblem } from '../errors.js';
import type { AuditFn } from './audit.js';
import type { AuditLog } from './ports/audit.js';

export interface AuditListParams {
  after?: string;
  limit?: string;
  organisationId?: string;
  handoverId?: string;
  action?: string;
  from?: string;
  to?: string;
}

const TEXT_FILTER = /^[A-Za-z0-9._:-]{1,128}$/;

/** Validates every parameter (all problems at once), reads one page, and records the read. */
export async function listAuditEvents(log: AuditLog, caller: Caller, params: AuditListParams, audit: AuditFn): Promise<Page<AuditEvent>> {
  const errors: FieldError[] = [];
  const { limit, afterPosition } = readPageRequest('audit', params, errors);
  for (const name of ['organisationId', 'handoverId', 'action'] as const) {
    const value = params[name];
    if (value !== undefined && !TEXT_FILTER.test(value)) errors.push(queryProblem(name, 'pattern', 'must be 1-128 letters, digits and ._:-'));
  }
  const from = readDateTimeParam('from', params.from, errors);
  const to = readDateTimeParam('to', params.to, errors);
  if (from && to && from > to) errors.push(queryProblem('to', 'dateOrder', 'must not be before from'));
  if (errors.length > 0) throw invalidRequest(errors);
  const { events, scannedTo, reachedEnd } = await log.query({
    limit,
    afterSeq: afterPosition,
    ...(params.organisationId ? { organisationId: params.organisationId } : {}),
    ...(params.handoverId ? { handoverId: params.handoverId } : {}),
    ...(params.action ? { action: params.action } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  });
  await audit({ action: 'audit.read', outcome: 'ok', section: `items:${events.length}` });
  return pageOf('audit', events, scannedTo, reachedEnd);
}
