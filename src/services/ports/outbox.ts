/** What notifications need of the webhooks and the outbox (storage/outbox.repository.ts). */

/**
 * Who receives notifications: a municipality (its code, "751") or a sending organisation
 * ("sender:<organisationId>"); one webhook per subscriber.
 */
export interface WebhookRecord {
  subscriber: string;
  url: string;
  registeredAt: Date;
  registeredBy: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxMessage {
  id: string;
  subscriber: string;
  handoverId: string;
  version: number;
  event: string;
  notificationId: string;
  jws: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date;
  createdAt: Date;
  deliveredAt?: Date;
  lastAttemptAt?: Date;
  lastError?: string;
  url?: string;
}

export interface Outbox {
  setWebhook(w: WebhookRecord): Promise<void>;
  removeWebhook(subscriber: string): Promise<boolean>;
  webhook(subscriber: string): Promise<WebhookRecord | undefined>;
  /** False when the message is there already. */
  enqueue(m: Omit<OutboxMessage, 'status' | 'attempts' | 'leaseUntil'>): Promise<boolean>;
  /** A message due now, leased to this caller until `leaseUntil`. */
  claimDue(now: Date, leaseUntil: Date): Promise<OutboxMessage | undefined>;
  markDelivered(id: string, at: Date, url: string): Promise<void>;
  markAttemptFailed(id: string, at: Date, error: string, next: { retryAt: Date } | { giveUp: true }, url?: string): Promise<void>;
  retryFailed(subscriber: string, now: Date): Promise<number>;
  deliveries(subscriber: string, q: { status?: DeliveryStatus; limit: number }): Promise<OutboxMessage[]>;
}
