/**
 * Webhook endpoints and the notification outbox. A message is claimed with a lease, so two
 * instances never post the same message at the same time and a crashed dispatcher's message is
 * taken up again when its lease runs out.
 */
import mongoose from 'mongoose';
import { isDuplicateKey, type Models } from './models.js';

const trusted = <T extends object>(o: T) => mongoose.trusted(o) as T;

export interface WebhookRecord {
  municipalityCode: string;
  url: string;
  registeredAt: Date;
  registeredBy: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxMessage {
  id: string;
  municipalityCode: string;
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

type StoredMessage = Omit<OutboxMessage, 'id'> & { _id: string };
const toMessage = ({ _id, ...rest }: StoredMessage): OutboxMessage => ({ id: _id, ...rest });

export function outboxRepository(models: Models) {
  const { Webhook, OutboxMessage: Messages, OutboxClaim: Claims } = models;
  return {
    async setWebhook(w: WebhookRecord): Promise<void> {
      await Webhook.replaceOne({ _id: w.municipalityCode }, { url: w.url, registeredAt: w.registeredAt, registeredBy: w.registeredBy }, { upsert: true });
    },
    async removeWebhook(municipalityCode: string): Promise<boolean> {
      return (await Webhook.deleteOne({ _id: municipalityCode })).deletedCount === 1;
    },
    async webhook(municipalityCode: string): Promise<WebhookRecord | undefined> {
      const w = await Webhook.findById(municipalityCode).lean<{ _id: string; url: string; registeredAt: Date; registeredBy: string }>();
      return w ? { municipalityCode: w._id, url: w.url, registeredAt: w.registeredAt, registeredBy: w.registeredBy } : undefined;
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
    /** Sends failed messages of a municipality again (after it fixed its endpoint). */
    async retryFailed(municipalityCode: string, now: Date): Promise<number> {
      const r = await Messages.updateMany({ municipalityCode, status: 'failed' }, { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: new Date(0) } });
      return r.modifiedCount;
    },
    /** How many notifications wait to be delivered (for the metrics scrape, not a request path). */
    async pendingCount(): Promise<number> {
      return Messages.countDocuments({ status: 'pending' });
    },
    async deliveries(municipalityCode: string, q: { status?: DeliveryStatus; limit: number }): Promise<OutboxMessage[]> {
      const filter: Record<string, unknown> = { municipalityCode };
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
