/**
 * The end of a handover's life, the whole story: each handover is filed under the day it falls
 * due by its retention rule (domain/retention.ts; refiled when a version comes or every version
 * is withdrawn). A scheduled job then, for each handover due: checks the date against what is
 * stored now, soft-deletes it (every read answers 404, the lists' copies go), and after the
 * grace period purges it, leaving a tombstone; each step is one audit event of the service
 * itself. Handovers stored before the schedule was kept are filed on the job's first run.
 */
import { formatIsoDate } from '../domain/dates.js';
import type { Handover } from '../domain/handover-types.js';
import { purgeOn, RETENTION_RULES, retentionDue, type RetentionDue, type Tombstone } from '../domain/retention.js';
import type { AuditFn } from './audit.js';
import { notFound } from '../errors.js';
import type { AuditLog } from './ports/audit.js';
import type { Drafts } from './ports/drafts.js';
import type { Handovers } from './ports/handovers.js';
import type { RetentionSchedule } from './ports/retention.js';

export interface RetentionDeps {
  retention: RetentionSchedule;
  handovers: Handovers;
  audit: AuditLog;
  clock: () => Date;
  /** Senders' drafts: removed when they expire. */
  drafts: Pick<Drafts, 'removeExpired'>;
}

/** The service itself, as the actor of the job's audit events. */
const SERVICE_ACTOR = { credentialId: 'retention-job', organisationId: 'handover-exchange', role: 'service' };

/** The rule that applies to a handover as it is stored now (undefined when nothing readable is stored). */
export async function retentionDueNow(d: Pick<RetentionDeps, 'handovers'>, handoverId: string): Promise<RetentionDue | undefined> {
  const versions = await d.handovers.listVersions(handoverId);
  if (versions.length === 0 || versions.some((v) => v.retired)) return undefined;
  const withdrawn = await d.handovers.withdrawnVersions(handoverId, versions.map((v) => v.version));
  const current = versions.find((v) => !withdrawn.has(v.version));
  if (current) {
    const record = await d.handovers.findVersion(handoverId, current.version);
    return record ? retentionDue({ integrationResponsibilityFrom: (record.payload as unknown as Handover).integrationResponsibilityFrom }) : undefined;
  }
  const withdrawals = await Promise.all([...withdrawn].map((v) => d.handovers.findWithdrawal(handoverId, v)));
  return retentionDue({ lastWithdrawnAt: new Date(Math.max(...withdrawals.map((w) => w?.withdrawnAt.getTime() ?? 0))) });
}

/** After a withdrawal: the handover is refiled (every version withdrawn falls under the shorter rule). */
export async function refileRetention(d: { handovers: Handovers; retention: Pick<RetentionSchedule, 'schedule'>; clock: () => Date }, handoverId: string): Promise<void> {
  const due = await retentionDueNow(d, handoverId);
  if (due) await d.retention.schedule(handoverId, due, formatIsoDate(d.clock()));
}

export interface RetentionRun {
  filed: number;
  /** Handovers stored before the figures' counters, noted to be counted (the first run only). */
  counted: number;
  softDeleted: Tombstone[];
  purged: Tombstone[];
  refiled: number;
  draftsRemoved: number;
}

async function* entriesOfMonths(d: RetentionDeps, months: readonly string[]) {
  for (const month of months) yield* await d.retention.dueInMonth(month);
}

const monthsFrom = (first: string, last: string): string[] => {
  const months: string[] = [];
  for (let [y, m] = first.split('-').map(Number) as [number, number]; `${y}-${String(m).padStart(2, '0')}` <= last; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) months.push(`${y}-${String(m).padStart(2, '0')}`);
  return months;
};

/**
 * One run of the job (main.ts runs it every HANDOVER_RETENTION_EVERY_MS; an admin may run it
 * now). Safe to run twice at once or after a crash: every step is idempotent.
 */
export async function applyRetention(d: RetentionDeps): Promise<RetentionRun> {
  const now = d.clock();
  const today = formatIsoDate(now);
  const run: RetentionRun = { filed: await fileUnscheduled(d), counted: await countUncounted(d), softDeleted: [], purged: [], refiled: 0, draftsRemoved: await d.drafts.removeExpired(now) };
  const audit = (action: string, handoverId: string, section: string) => d.audit.append({ at: d.clock(), actor: SERVICE_ACTOR, action, handoverId, section, outcome: 'ok' });

  // The first run reads every filing; later runs only the months from the last run's on (a filing for a day already past is filed under the month it was made).
  const lastRun = await d.retention.lastRunMonth();
  const candidates = lastRun === undefined ? d.retention.everyScheduled() : entriesOfMonths(d, monthsFrom(lastRun, today.slice(0, 7)));
  for await (const entry of candidates) {
    if (entry.dueOn > today) continue;
    // The date is checked against what is stored now: a later version or a withdrawal may have moved it.
    const due = await retentionDueNow(d, entry.handoverId);
    if (!due) {
      // Nothing readable stored under it (a submission that failed after filing, or deleted already).
      await d.retention.unschedule(entry.handoverId);
      continue;
    }
    if (due.dueOn > today) {
      await d.retention.schedule(entry.handoverId, due, today);
      run.refiled++;
      continue;
    }
    const tombstone = await d.retention.softDelete(entry.handoverId, due, now, purgeOn(due.kind, today));
    if (!tombstone) continue;
    await audit('retention.soft-delete', entry.handoverId, `${due.kind}:due:${due.dueOn}`);
    run.softDeleted.push(tombstone);
  }
  await d.retention.setLastRunMonth(today.slice(0, 7), now);
  for (const t of await d.retention.softDeleted()) {
    if (t.purgeOn > today) continue;
    const purged = await d.retention.purge(t.handoverId, now);
    if (!purged) continue;
    await audit('retention.purge', t.handoverId, `${t.kind}:versions:${t.versions.length}`);
    run.purged.push(purged);
  }
  return run;
}

/** Files every handover stored before the schedule was kept, once (a full read of the versions: the job's, never a request's). */
async function fileUnscheduled(d: RetentionDeps): Promise<number> {
  if (await d.retention.backfillDone('schedule')) return 0;
  let filed = 0;
  for await (const handoverId of d.retention.everyHandoverId()) {
    if (await d.retention.scheduled(handoverId)) continue;
    const due = await retentionDueNow(d, handoverId);
    if (!due) continue;
    await d.retention.schedule(handoverId, due, formatIsoDate(d.clock()));
    filed++;
  }
  await d.retention.markBackfillDone('schedule', d.clock());
  return filed;
}

/**
 * Gives every handover stored before the figures were kept as counters a figures note, once, so
 * the derivation worker counts it as it counts a new one (a full read of the versions: the job's,
 * never a request's). Stopped part-way, the next run notes them all again: a refresh counts once.
 */
async function countUncounted(d: RetentionDeps): Promise<number> {
  if (await d.retention.backfillDone('figures')) return 0;
  let noted = 0;
  for await (const handoverId of d.retention.everyHandoverId()) {
    await d.retention.fileInFigures(handoverId, d.clock());
    noted++;
  }
  await d.retention.markBackfillDone('figures', d.clock());
  return noted;
}

/** POST /v1/retention/runs: an admin runs the job now (it runs on its own every HANDOVER_RETENTION_EVERY_MS). */
export async function runRetentionNow(d: RetentionDeps, audit: AuditFn) {
  const run = await applyRetention(d);
  await audit({ action: 'retention.run', outcome: 'ok', section: `soft-deleted:${run.softDeleted.length};purged:${run.purged.length}` });
  return { filed: run.filed, refiled: run.refiled, draftsRemoved: run.draftsRemoved, softDeleted: run.softDeleted.map((t) => t.handoverId), purged: run.purged.map((t) => t.handoverId) };
}

/** GET /v1/retention: the rules with their legal basis, and (for an admin or auditor) what the job holds. */
export async function retentionOverview(d: RetentionDeps) {
  return { rules: RETENTION_RULES, counts: await d.retention.countByState() };
}

/** GET /v1/retention/tombstones/:handoverId: what stays of a deleted handover (admin, auditor). */
export async function readTombstone(d: RetentionDeps, handoverId: string): Promise<Tombstone> {
  const t = await d.retention.tombstone(handoverId);
  if (!t) throw notFound('no tombstone for this handover');
  return t;
}
