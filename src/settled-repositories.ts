/**
 * Repositories as their readers see them (wired by deps.ts): the audit log with what is pending
 * integrated first and each request's write timed, and the retention schedule with the versions
 * stored so far filed first.
 */
import type { ServiceMetrics } from './outbound/metrics.js';
import type { AuditSequencer } from './services/audit-sequencer.js';
import type { Deriver } from './services/derivations.js';
import type { AuditRepository } from './storage/audit.repository.js';
import type { RetentionRepository } from './storage/retention.repository.js';

/** The audit log, each request's write timed and its events counted by action and outcome. */
export function withAuditMetrics(audit: AuditRepository, metrics: ServiceMetrics): AuditRepository {
  const appendAll: AuditRepository['appendAll'] = async (inputs) => {
    const started = process.hrtime.bigint();
    await audit.appendAll(inputs);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    for (const input of inputs) metrics.observeAuditAppend(input.action, input.outcome, seconds);
  };
  return { ...audit, appendAll, append: (input) => appendAll([input]) };
}

/** The audit log as its readers see it: what is pending is integrated and anchored first (audit-sequencer.ts). */
export function settledAudit(audit: AuditRepository, sequencer: AuditSequencer): AuditRepository {
  return {
    ...audit,
    // The head is what a checkpoint is about to be signed of: integrated, not anchored twice.
    head: async () => {
      await sequencer.settle({ anchor: false });
      return audit.head();
    },
    query: async (q) => {
      await sequencer.settle();
      return audit.query(q);
    },
    async *all() {
      await sequencer.settle();
      yield* audit.all();
    },
  };
}

/** The retention schedule as its readers see it: the versions stored so far filed first (derivations.ts). */
export function settledRetention(retention: RetentionRepository, derivations: Deriver): RetentionRepository {
  const settled =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await derivations.settle();
      return read(...args);
    };
  return {
    ...retention,
    scheduled: settled(retention.scheduled),
    dueInMonth: settled(retention.dueInMonth),
    lastRunMonth: settled(retention.lastRunMonth),
    countByState: settled(retention.countByState),
    async *everyScheduled() {
      await derivations.settle();
      yield* retention.everyScheduled();
    },
  };
}
