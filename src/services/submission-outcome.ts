/**
 * What every signed submission does around storing it: a refusal is an audit event naming its
 * problem code, and a stored version is announced to its municipality through the outbox.
 */
import { AppError } from '../errors.js';
import type { AuditFn } from './audit.js';
import { enqueueHandoverEvent, type HandoverEvent, type NotificationDeps } from './notifications.js';
import type { Handovers } from './ports/handovers.js';

/** Runs the work; when it is refused, records one audit event `rejected:<code>` first, then rethrows. */
export async function recordingRefusal<T>(audit: AuditFn, action: string, handoverId: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await recordRefusal(audit, action, handoverId, err);
    throw err;
  }
}

/**
 * One audit event for a refused submission. A failure to write it is not allowed to hide the
 * refusal itself (the client still gets the problem), so it is swallowed here after trying.
 */
export async function recordRefusal(audit: AuditFn, action: string, handoverId: string | undefined, err: unknown): Promise<void> {
  const code = err instanceof AppError ? err.code : 'internal-error';
  await audit({ action, ...(handoverId ? { handoverId } : {}), outcome: `rejected:${code}` }).catch(() => undefined);
}

/** Queues the municipality's notification of a stored version (before the sender gets its answer). */
export async function notifyMunicipality(d: { handovers: Handovers; notifications: NotificationDeps }, event: HandoverEvent, handoverId: string, version: number): Promise<void> {
  const record = await d.handovers.findVersionMeta(handoverId, version);
  if (record) await enqueueHandoverEvent(d.notifications, { event, handoverId, version, municipalityCode: record.municipalityCode, expectedArrivalDate: record.expectedArrivalDate });
}
