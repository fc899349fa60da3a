/**
 * Webhook endpoints and the notification outbox. A message is claimed with a lease, so two
 * instances never post the same message at the same time and a crashed dispatcher's message is
 * taken up again when its lease runs out.
 */
import mongoose from 'mongoose';
import { isDuplicateKey, type Models } from './models.js';
import type { DeliveryStatus, OutboxMessage, WebhookRecord } from '../services/ports/outbox.js';

const trusted = <T extends object>(o: T) => mongoose.trusted(o) as T;

/** Messages stored before senders had webhooks name their municipality in `municipalityCode` only. */
type StoredMessage = Omit<OutboxMessage, 'id' | 'subscriber'> & { _id: string; subscriber?: string; municipalityCode?: string };
const toMessage = ({ _id, municipalityCode, subscriber, ...rest }: StoredMessage): OutboxMessage => ({ id: _id, subscriber: subscriber ?? municipalityCode!, ...rest });

export function outboxRepository(models: Models) {
  const { Webhook, OutboxMessage: Messages, OutboxClaim: Claims } = models;
  return {
    async setWebhook(w: WebhookRecord): Promise<void> {
      await Webhook.replaceOne({ _id: String(w.subscriber) }, { url: w.url, registeredAt: w.registeredAt, registeredBy: w.registeredBy }, { upsert: true });
    },
    async removeWebhook(subscriber: string): Promise<boolean> {
      return (await Webhook.deleteOne({ _id: String(subscriber) })).deletedCount === 1;
    },
    async webhook(subscriber: string): Promise<WebhookRecord | undefined> {
      const w = await Webhook.findById(String(subscriber)).lean<{ _id: string; url: string; registeredAt: Date; registeredBy: string }>();
      return w ? { subscriber: w._id, url: w.url, registeredAt: w.registeredAt, registeredBy: w.registeredBy } : undefined;
    },
    /** Inserts once; a second enqueue of the same event (a retried submission) changes nothing. */
    async enqueue(m: Omit<OutboxMessage, 'status' | 'attempts' | 'leaseUntil'>): Promise<boolean> {
      const { id, ...rest } = m;
      try {
        await Messages.create({ _id: id, ...rest, status: 'pending', attempts: 0, leaseUntil: new Date(0) });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /**
     * Takes the next due message and holds it until `leaseUntil`. The lease is set by a
     * findOneAndUpdate, and made exclusive by inserting a claim named after the lease it replaces:
     * of several instances that saw the same free message, exactly one inserts that claim.
     */
    async claimDue(now: Date, leaseUntil: Date): Promise<OutboxMessage | undefined> {
      const before = await Messages.findOneAndUpdate(
        { status: 'pending', nextAttemptAt: trusted({ $lte: now }), leaseUntil: trusted({ $lte: now }) },
        { $set: { leaseUntil } },
        { sort: { nextAttemptAt: 1, _id: 1 }, returnDocument: 'before' },
      ).lean<StoredMessage>();
      if (!before) return undefined;
      try {
        await Claims.create({ _id: `${before._id}:${before.attempts}:${before.leaseUntil.getTime()}`, claimedAt: now });
      } catch (err) {
        if (isDuplicateKey(err)) return undefined; // another instance holds this attempt
        throw err;
      }
      return toMessage({ ...before, leaseUntil });
    },
    async markDelivered(id: string, at: Date, url: string): Promise<void> {
      await Messages.updateOne({ _id: id }, { $set: { status: 'delivered', deliveredAt: at, lastAttemptAt: at, url, leaseUntil: at }, $inc: { attempts: 1 }, $unset: { lastError: 1 } });
    },
    async markAttemptFailed(id: string, at: Date, error: string, next: { retryAt: Date } | { giveUp: true }, url?: string): Promise<void> {
      const status: DeliveryStatus = 'giveUp' in next ? 'failed' : 'pending';
      await Messages.updateOne(
        { _id: id },
        { $set: { status, lastAttemptAt: at, lastError: error.slice(0, 500), leaseUntil: at, ...('retryAt' in next ? { nextAttemptAt: next.retryAt } : {}), ...(url ? { url } : {}) }, $inc: { attempts: 1 } },
      );
    },
    /** Sends a subscriber's failed messages again (after it fixed its endpoint). */
    async retryFailed(subscriber: string, now: Date): Promise<number> {
      const r = await Messages.updateMany({ subscriber: String(subscriber), status: 'failed' }, { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: new Date(0) } });
      return r.modifiedCount;
    },
    /** How many notifications wait to be delivered (for the metrics scrape, not a request path). */
    async pendingCount(): Promise<number> {
      return Messages.countDocuments({ status: 'pending' });
    },
    async deliveries(subscriber: string, q: { status?: DeliveryStatus; limit: number }): Promise<OutboxMessage[]> {
      const filter: Record<string, unknown> = { subscriber: String(subscriber) };
      if (q.status) filter.status = q.status;
      return (await Messages.find(filter).sort({ createdAt: -1, _id: 1 }).limit(q.limit).lean<StoredMessage[]>()).map(toMessage);
    },
    async find(id: string): Promise<OutboxMessage | undefined> {
      const m = await Messages.findById(id).lean<StoredMessage>();
      return m ? toMessage(m) : undefined;
    },
  };
}

export type OutboxRepository = ReturnType<typeof outboxRepository>;
