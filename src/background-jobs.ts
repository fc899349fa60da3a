/**
 * Everything an instance does besides answering requests, started in one place (by main.ts) and
 * stopped with it: the audit sequencer (pending audit events join the chain, checkpoints are
 * signed), the derivation worker (what stored versions and reads imply: funnel counts,
 * notifications, retention filing), the notification dispatcher (webhook deliveries), the orphan
 * sweeper (attachment files no version names) and the retention job (handovers due under their
 * rule are soft-deleted, then purged). Every instance runs them all; the sequencer and the
 * derivation worker act only while they hold their lease (storage/audit-lease.ts), the dispatcher
 * claims one message at a time, and the sweeper and retention job are safe to run side by side.
 *
 * Tests build the same deps without these jobs and settle the sequencer and derivations when
 * they want them done (each has settle()); they start the dispatcher alone, so that deliveries
 * arrive as a subscriber sees them (test/helpers/test-app.ts).
 */
import type { Deps } from './deps.js';
import { applyRetention } from './services/retention.js';
import { sweepOrphans } from './services/sweep-orphans.js';

export interface BackgroundJobs {
  /** Clears the sweeper's and the retention job's timers; the workers stop with deps.close(), which lets their work in flight finish. */
  stop(): void;
}

/** The sweeper runs at most this often, so an orphan does not outlive its grace by much. */
const SWEEP_MAX_PERIOD_MS = 5 * 60_000;
/** The retention job's first run waits at most this long: a process that starts (or restarts under load) serves first. */
const RETENTION_FIRST_RUN_MAX_MS = 10 * 60_000;

export function startBackgroundJobs(deps: Deps): BackgroundJobs {
  const { config, logger } = deps;
  const timers: NodeJS.Timeout[] = [];
  const sweep = async () => {
    try {
      const removed = await sweepOrphans(deps, config.orphanGraceMs);
      if (removed > 0) logger.info({ removed }, 'orphaned attachment files swept');
    } catch (err) {
      logger.warn({ error: { type: (err as Error).name } }, 'orphan sweep failed; will retry');
    }
  };
  const retention = async () => {
    try {
      const run = await applyRetention(deps.retentionDeps);
      if (run.filed + run.softDeleted.length + run.purged.length > 0) logger.info({ filed: run.filed, softDeleted: run.softDeleted.length, purged: run.purged.length }, 'retention job ran');
    } catch (err) {
      logger.warn({ error: { type: (err as Error).name } }, 'retention job failed; will retry');
    }
  };
  const every = (job: () => Promise<void>, ms: number) => timers.push(setInterval(() => void job(), ms).unref());

  deps.auditSequencer.start();
  deps.derivations.start();
  deps.dispatcher.start();
  void sweep();
  every(sweep, Math.min(config.orphanGraceMs, SWEEP_MAX_PERIOD_MS));
  if (config.retentionEveryMs > 0) {
    // Not at start: deletions are due in years, not seconds.
    const first = setTimeout(() => {
      void retention();
      every(retention, config.retentionEveryMs);
    }, Math.min(config.retentionEveryMs, RETENTION_FIRST_RUN_MAX_MS));
    timers.push(first.unref());
  }
  return {
    stop() {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
