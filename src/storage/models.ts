/**
 * Every collection's mongoose model, registered on one connection. The schemas live by concern in
 * models/ (one file per group of collections that change together); only features both MongoDB
 * and FerretDB support.
 */
import mongoose, { type Connection } from 'mongoose';
import { auditModels } from './models/audit.models.js';
import { feedModels } from './models/feed.models.js';
import { derivationModels } from './models/derivation.models.js';
import { figureModels } from './models/figure.models.js';
import { funnelModels } from './models/funnel.models.js';
import { handoverModels } from './models/handover.models.js';
import { organisationModels } from './models/organisation.models.js';
import { outboxModels } from './models/outbox.models.js';
import { questionModels } from './models/question.models.js';
import { readModelModels } from './models/read-model.models.js';
import { recipientModels } from './models/recipient.models.js';
import { retentionModels } from './models/retention.models.js';
import { sweepModels } from './models/sweep.models.js';

export function registerModels(connection: Connection) {
  return {
    ...organisationModels(connection),
    ...handoverModels(connection),
    ...feedModels(connection),
    ...sweepModels(connection),
    ...recipientModels(connection),
    ...questionModels(connection),
    ...auditModels(connection),
    ...outboxModels(connection),
    ...retentionModels(connection),
    ...funnelModels(connection),
    ...figureModels(connection),
    ...derivationModels(connection),
    ...readModelModels(connection),
  };
}

export type Models = ReturnType<typeof registerModels>;

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown })?.code === 11000 || (err instanceof mongoose.mongo.MongoServerError && err.code === 11000);
}

/** An unordered insertMany whose every failure is a duplicate key: what was new got in, the rest was there already. */
export function onlyDuplicateKeys(err: unknown): boolean {
  if (isDuplicateKey(err)) return true;
  const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] })?.writeErrors;
  return Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
}

/** Inserts documents whose ids are deterministic; one already there (a twin's, or an earlier attempt's) is the same document. */
export async function insertOnce(model: mongoose.Model<any>, docs: readonly Record<string, unknown>[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await model.insertMany(docs, { ordered: false });
  } catch (err) {
    if (!onlyDuplicateKeys(err)) throw err;
  }
}
