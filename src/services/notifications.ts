/**
 * Webhook notifications: a municipality hears of each new or withdrawn version addressed to it; a
 * sender hears when a municipality acknowledges one of its versions (with the outcome) or asks a
 * question about it. Registering an endpoint, enqueuing a small signed notification (ids, dates,
 * outcome: no other personal data), and showing the subscriber what was delivered and what failed.
 */
import type { IdGenerator } from '../domain/crypto.js';
import type { Caller } from '../domain/organisations.js';
import { type FieldError, invalidRequest, notFound, queryProblem, validationFailed } from '../errors.js';
import type { ServiceSigner } from '../signing/service-signer.js';
import type { AuditFn } from './audit.js';
import { requireOwnMunicipality } from './own-organisation.js';
import type { DeliveryStatus, Outbox, OutboxMessage } from './ports/outbox.js';

export const NOTIFICATION_TYP = 'handover-notification+jws';

export interface NotificationDeps {
  outbox: Outbox;
  signer: ServiceSigner;
  clock: () => Date;
  ids: IdGenerator;
  allowHttp: boolean;
  /** Why a URL may not be a webhook target (its host resolves to a non-public address), if it may not. */
  targetProblem: (url: string) => Promise<string | undefined>;
  /** Tells the dispatcher there is something new, so it need not wait for its next poll. */
  wake: () => void;
  /** Queues what is still to be queued for stored versions (derivations.ts), before a subscriber is shown its deliveries. */
  settleQueued?: () => Promise<void>;
}

export type HandoverEvent = 'version-received' | 'version-withdrawn';
/** What a sender hears about its handovers. */
export type SenderEvent = 'version-acknowledged' | 'question-asked';

/** A webhook's owner: a municipality, or a sending organisation. */
export type Subscriber = { kind: 'municipality'; municipalityCode: string } | { kind: 'sender'; organisationId: string };

/** The key a subscriber's webhook and messages are stored under: "751", or "sender:<organisationId>". */
export function subscriberKey(s: Subscriber): string {
  return s.kind === 'municipality' ? s.municipalityCode : `sender:${s.organisationId}`;
}

/** What a subscriber sees of itself in the webhook's status. */
const subscriberView = (s: Subscriber) => (s.kind === 'municipality' ? { municipalityCode: s.municipalityCode } : { organisationId: s.organisationId });

export interface HandoverEventInput {
  event: HandoverEvent;
  handoverId: string;
  version: number;
  municipalityCode: string;
  expectedArrivalDate: string;
}

/** The caller's own municipality (404 for any other: another's webhook looks like none). */
export function ownMunicipality(caller: Caller, code: string): Subscriber {
  return { kind: 'municipality', municipalityCode: requireOwnMunicipality(caller, code) };
}

/** The caller's own sending organisation (404 for any other). */
export function ownSender(caller: Caller, organisationId: string): Subscriber {
  if (caller.role !== 'sender' || caller.organisationId !== organisationId) throw notFound('no such sender for this credential');
  return { kind: 'sender', organisationId };
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

/** PUT /v1/municipalities/:code/webhook, /v1/senders/:organisationId/webhook: the subscriber's endpoint, checked (https, public address) before it is stored. Audited. */
export async function registerWebhook(d: NotificationDeps, caller: Caller, subscriber: Subscriber, body: Record<string, unknown>, audit: AuditFn) {
  // The shape was checked by its schema (the route binder); the address by the rules below.
  const errors = webhookUrlProblems(body.url, d.allowHttp);
  if (errors.length === 0) {
    const problem = await d.targetProblem(body.url as string);
    if (problem) errors.push({ pointer: '/url', keyword: 'publicAddress', message: problem });
  }
  if (errors.length > 0) throw validationFailed(errors);
  const record = { subscriber: subscriberKey(subscriber), url: body.url as string, registeredAt: d.clock(), registeredBy: caller.organisationId };
  await d.outbox.setWebhook(record);
  await audit({ action: 'webhook.register', outcome: 'ok' });
  return { ...subscriberView(subscriber), url: record.url, registeredAt: record.registeredAt.toISOString(), registeredBy: record.registeredBy };
}

/** DELETE .../webhook: no more notifications until a new endpoint is registered. Audited. */
export async function removeWebhook(d: NotificationDeps, subscriber: Subscriber, audit: AuditFn): Promise<void> {
  if (!(await d.outbox.removeWebhook(subscriberKey(subscriber)))) throw notFound('no webhook registered');
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

/** GET .../webhook: the endpoint and its recent deliveries with status, attempts and last error. */
export async function webhookStatus(d: NotificationDeps, subscriber: Subscriber, statusParam: string | undefined) {
  const key = subscriberKey(subscriber);
  if (statusParam !== undefined && !['pending', 'delivered', 'failed'].includes(statusParam)) {
    throw invalidRequest([queryProblem('status', 'enum', 'must be pending, delivered or failed')]);
  }
  await d.settleQueued?.();
  const webhook = await d.outbox.webhook(key);
  const deliveries = await d.outbox.deliveries(key, { limit: 100, ...(statusParam ? { status: statusParam as DeliveryStatus } : {}) });
  const failed = await d.outbox.deliveries(key, { status: 'failed', limit: 1000 });
  return {
    ...subscriberView(subscriber),
    webhook: webhook ? { url: webhook.url, registeredAt: webhook.registeredAt.toISOString(), registeredBy: webhook.registeredBy } : null,
    failedCount: failed.length,
    deliveries: deliveries.map(deliveryView),
  };
}

/** POST .../webhook/retries: failed notifications are sent again from the first attempt. Audited. */
export async function retryFailedDeliveries(d: NotificationDeps, subscriber: Subscriber, audit: AuditFn) {
  const requeued = await d.outbox.retryFailed(subscriberKey(subscriber), d.clock());
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
  await enqueue(d, { kind: 'municipality', municipalityCode: e.municipalityCode }, e.handoverId, e.version, e.event, `${e.handoverId}:${e.version}:${e.event}`, {
    municipalityCode: e.municipalityCode,
    expectedArrivalDate: e.expectedArrivalDate,
    href: `/v1/handovers/${e.handoverId}?version=${e.version}`,
  });
}

/** Queues the receiving municipality's notification that a person's record was handed on to it (no personal data: the transfer's link). */
export async function enqueueTransferEvent(d: NotificationDeps, e: { transferId: string; handoverId: string; version: number; toMunicipalityCode: string; fromMunicipalityCode: string }): Promise<void> {
  await enqueue(d, { kind: 'municipality', municipalityCode: e.toMunicipalityCode }, e.handoverId, e.version, 'record-transferred', `${e.handoverId}:transfer:${e.transferId}`, {
    municipalityCode: e.toMunicipalityCode,
    fromMunicipalityCode: e.fromMunicipalityCode,
    transferId: e.transferId,
    href: `/v1/transfers/${e.transferId}`,
  });
}

export interface SenderEventInput {
  event: SenderEvent;
  organisationId: string;
  handoverId: string;
  version: number;
  /** The municipality that acknowledged or asked. */
  municipalityCode: string;
  /** For an acknowledgement: ok, error or fatal. */
  outcome?: string;
  /** For a question: its number in the handover's thread. */
  questionNumber?: number;
}

/** Queues the sender's notification of an acknowledgement or a question, when it has a webhook (once per event: a repeated acknowledgement changes nothing). */
export async function enqueueSenderEvent(d: NotificationDeps, e: SenderEventInput): Promise<void> {
  const detail = e.event === 'question-asked' ? `question:${e.questionNumber}` : 'acknowledgement';
  await enqueue(d, { kind: 'sender', organisationId: e.organisationId }, e.handoverId, e.version, e.event, `${e.handoverId}:${e.version}:${e.event}:${detail}`, {
    municipalityCode: e.municipalityCode,
    ...(e.outcome ? { outcome: e.outcome } : {}),
    ...(e.questionNumber ? { questionNumber: e.questionNumber } : {}),
    href: e.event === 'question-asked' ? `/v1/handovers/${e.handoverId}/questions` : `/v1/handovers/${e.handoverId}/status`,
  });
}

/** Signs and stores one notification for a subscriber with a webhook; the id makes a repeat a no-op. */
async function enqueue(d: NotificationDeps, subscriber: Subscriber, handoverId: string, version: number, event: string, eventKey: string, facts: Record<string, unknown>): Promise<void> {
  const key = subscriberKey(subscriber);
  if (!(await d.outbox.webhook(key))) return;
  const notificationId = d.ids.next('ntf', 12);
  const occurredAt = d.clock();
  const jws = await d.signer.sign(
    { type: 'handover-notification', notificationId, event, handoverId, version, ...facts, occurredAt: occurredAt.toISOString(), issuer: 'handover-exchange' },
    NOTIFICATION_TYP,
  );
  const created = await d.outbox.enqueue({ id: `${key}:${eventKey}`, subscriber: key, handoverId, version, event, notificationId, jws, nextAttemptAt: occurredAt, createdAt: occurredAt });
  if (created) d.wake();
}
