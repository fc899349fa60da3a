/** Webhook subscriptions and the notification outbox the dispatcher delivers from. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

const webhookSchema = new Schema(
  {
    _id: { type: String, required: true }, // the subscriber: a municipality code, or "sender:<organisationId>"; one endpoint each
    url: { type: String, required: true },
    registeredAt: { type: Date, required: true },
    registeredBy: { type: String, required: true },
  },
  strict,
);

const outboxMessageSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<subscriber>:<handoverId>:<version>:<event>[:<n>]": enqueuing twice is a no-op
    /** Who it is for: a municipality code, or "sender:<organisationId>". */
    subscriber: { type: String },
    /** Messages stored before senders had webhooks: their municipality (read as the subscriber). */
    municipalityCode: { type: String },
    handoverId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    event: { type: String, required: true },
    notificationId: { type: String, required: true },
    jws: { type: String, required: true },
    status: { type: String, required: true }, // pending | delivered | failed
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    /** A dispatcher holds the message until then; another instance may take it after. */
    leaseUntil: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    deliveredAt: Date,
    lastAttemptAt: Date,
    lastError: String,
    url: String,
  },
  strict,
);
outboxMessageSchema.index({ status: 1, nextAttemptAt: 1 });
outboxMessageSchema.index({ subscriber: 1, createdAt: -1 });

/**
 * One claim of one delivery attempt: `_id` "<message>:<attempts>:<lease it replaces>". The unique
 * insert is what makes a claim exclusive (FerretDB applies findOneAndUpdate as a read and a write,
 * so two instances could both see a message as free).
 */
const outboxClaimSchema = new Schema({ _id: { type: String, required: true }, claimedAt: { type: Date, required: true } }, strict);

export function outboxModels(connection: Connection) {
  return {
    Webhook: connection.model('Webhook', webhookSchema, 'webhooks'),
    OutboxMessage: connection.model('OutboxMessage', outboxMessageSchema, 'outbox_messages'),
    OutboxClaim: connection.model('OutboxClaim', outboxClaimSchema, 'outbox_claims'),
  };
}
