/**
 * Webhook notifications for municipalities: registering an endpoint, enqueuing a small signed
 * notification for each new or withdrawn version (the handover id and arrival date, no other
 * personal data), and showing the municipality what was delivered and what failed.
 */
import type { IdGenerator } from '../domain/crypto.js';
import type { Caller } from '../domain/organisations.js';
import { invalidRequest, notFound, validationFailed, type FieldError } from '../errors.js';
import type { ServiceSigner } from '../signing/service-signer.js';
import type { DeliveryStatus, OutboxMessage, OutboxRepository } from '../storage/outbox.repository.js';
import type { AuditFn } from './audit.js';
import type { BodyProblems } from '../validation/request-bodies.js';
import { normaliseMunicipalityCode } from './recipient-access.js';

export const NOTIFICATION_TYP = 'handover-notification+jws';

export interface NotificationDeps {
  outbox: OutboxRepository;
  signer: ServiceSigner;
  clock: () => Date;
  ids: IdGenerator;
  /** The request-body check (validation/request-bodies.ts). */
  bodyProblems: BodyProblems;
  allowHttp: boolean;
  /** Why a URL may not be a webhook target (its host resolves to a non-public address), if it may not. */
  targetProblem: (url: string) => Promise<string | undefined>;
  /** Tells the dispatcher there is something new, so it need not wait for its next poll. */
  wake: () => void;
}

export type HandoverEvent = 'version-received' | 'version-withdrawn';

export interface HandoverEventInput {
  event: HandoverEvent;
  handoverId: string;
  version: number;
  municipalityCode: string;
  expectedArrivalDate: string;
}

function ownMunicipality(caller: Caller, code: string): string {
  const normalised = normaliseMunicipalityCode(code);
  if (!normalised || caller.role !== 'municipality' || caller.municipalityCode !== normalised) throw notFound('no such municipality for this credential');
  return normalised;
}

/** https only (http on request for development); no credentials in the URL, no fragments. */
export function webhookUrlProblems(raw: unknown, allowHttp: boolean): FieldError[] {
  const bad = (message: string): FieldError[] => [{ pointer: '/url', keyword: 'format', message }];
  if (typeof raw !== 'string' || raw.length === 0) return bad('must be an absolute URL');
  if (raw.length > 2000) return bad('must be at most 2000 characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return bad('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) return bad(allowHttp ? 'must be an http or https URL' : 'must be an https URL');
  if (url.username || url.password) return bad('must not carry a user name or password; the notification is signed instead');
  if (url.hash) return bad('must not have a fragment');
  return [];
}

/** PUT /v1/municipalities/:code/webhook: the municipality's notification endpoint, checked (https, public address) before it is stored. Audited. */
export async function registerWebhook(d: NotificationDeps, caller: Caller, code: string, body: Record<string, unknown>, audit: AuditFn) {
  const municipalityCode = ownMunicipality(caller, code);
  const errors = d.bodyProblems('webhook', body);
  if (errors.length === 0) errors.push(...webhookUrlProblems(body.url, d.allowHttp));
  if (errors.length === 0) {
    const problem = await d.targetProblem(body.url as string);
    if (problem) errors.push({ pointer: '/url', keyword: 'publicAddress', message: problem });
  }
  if (errors.length > 0) throw validationFailed(errors);
  const record = { municipalityCode, url: body.url as string, registeredAt: d.clock(), registeredBy: caller.organisationId };
  await d.outbox.setWebhook(record);
  await audit({ action: 'webhook.register', outcome: 'ok' });
  return { ...record, registeredAt: record.registeredAt.toISOString() };
}

/** DELETE /v1/municipalities/:code/webhook: no more notifications until a new endpoint is registered. Audited. */
export async function removeWebhook(d: NotificationDeps, caller: Caller, code: string, audit: AuditFn): Promise<void> {
  const municipalityCode = ownMunicipality(caller, code);
  if (!(await d.outbox.removeWebhook(municipalityCode))) throw notFound('no webhook registered');
  await audit({ action: 'webhook.remove', outcome: 'ok' });
}

function deliveryView(m: OutboxMessage) {
  return {
    notificationId: m.notificationId,
    event: m.event,
    handoverId: m.handoverId,
    version: m.version,
    status: m.status,
    attempts: m.attempts,
    createdAt: m.createdAt.toISOString(),
    ...(m.lastAttemptAt ? { lastAttemptAt: m.lastAttemptAt.toISOString() } : {}),
    ...(m.status === 'pending' ? { nextAttemptAt: m.nextAttemptAt.toISOString() } : {}),
    ...(m.deliveredAt ? { deliveredAt: m.deliveredAt.toISOString() } : {}),
    ...(m.lastError ? { lastError: m.lastError } : {}),
  };
}

/** GET /v1/municipalities/:code/webhook: the endpoint and its recent deliveries with status, attempts and last error. */
export async function webhookStatus(d: NotificationDeps, caller: Caller, code: string, statusParam: string | undefined) {
  const municipalityCode = ownMunicipality(caller, code);
  if (statusParam !== undefined && !['pending', 'delivered', 'failed'].includes(statusParam)) {
    throw invalidRequest([{ pointer: '/query/status', keyword: 'enum', message: 'must be pending, delivered or failed' }]);
  }
  const webhook = await d.outbox.webhook(municipalityCode);
  const deliveries = await d.outbox.deliveries(municipalityCode, { limit: 100, ...(statusParam ? { status: statusParam as DeliveryStatus } : {}) });
  const failed = await d.outbox.deliveries(municipalityCode, { status: 'failed', limit: 1000 });
  return {
    municipalityCode,
    webhook: webhook ? { url: webhook.url, registeredAt: webhook.registeredAt.toISOString(), registeredBy: webhook.registeredBy } : null,
    failedCount: failed.length,
    deliveries: deliveries.map(deliveryView),
  };
}

/** POST /v1/municipalities/:code/webhook/retries: failed notifications are sent again from the first attempt. Audited. */
export async function retryFailedDeliveries(d: NotificationDeps, caller: Caller, code: string, audit: AuditFn) {
  const municipalityCode = ownMunicipality(caller, code);
  const requeued = await d.outbox.retryFailed(municipalityCode, d.clock());
  await audit({ action: 'webhook.retry-failed', outcome: 'ok', section: `items:${requeued}` });
  if (requeued > 0) d.wake();
  return { requeued };
}

/**
 * Queues the notification for an event, when the municipality has a webhook. Called before the
 * submission is answered, and again on a retried submission: the id is derived from the event,
 * so a crash between storing the version and queuing is healed by the sender's retry.
 */
export async function enqueueHandoverEvent(d: NotificationDeps, e: HandoverEventInput): Promise<void> {
  if (!(await d.outbox.webhook(e.municipalityCode))) return;
  const notificationId = d.ids.next('ntf', 12);
  const occurredAt = d.clock();
  const jws = await d.signer.sign(
    {
      type: 'handover-notification',
      notificationId,
      event: e.event,
      handoverId: e.handoverId,
      version: e.version,
      municipalityCode: e.municipalityCode,
      expectedArrivalDate: e.expectedArrivalDate,
      occurredAt: occurredAt.toISOString(),
      href: `/v1/handovers/${e.handoverId}?version=${e.version}`,
      issuer: 'handover-exchange',
    },
    NOTIFICATION_TYP,
  );
  const created = await d.outbox.enqueue({
    id: `${e.municipalityCode}:${e.handoverId}:${e.version}:${e.event}`,
    municipalityCode: e.municipalityCode,
    handoverId: e.handoverId,
    version: e.version,
    event: e.event,
    notificationId,
    jws,
    nextAttemptAt: occurredAt,
    createdAt: occurredAt,
  });
  if (created) d.wake();
}
