/** What the retention job needs of the schedule, the soft deletions and purges (storage/retention.repository.ts). */
import type { RetentionDue, Tombstone } from '../../domain/retention.js';

export interface ScheduleEntry {
  handoverId: string;
  dueOn: string;
  kind: RetentionDue['kind'];
}

/** The one-time filings of handovers stored before something was kept. */
export type Backfill = 'schedule' | 'figures';

export interface RetentionSchedule {
  /** Files (or refiles) a handover under the month it falls due. */
  schedule(handoverId: string, due: RetentionDue, today: string): Promise<void>;
  everyScheduled(): AsyncGenerator<ScheduleEntry>;
  lastRunMonth(): Promise<string | undefined>;
  setLastRunMonth(month: string, at: Date): Promise<void>;
  scheduled(handoverId: string): Promise<ScheduleEntry | undefined>;
  dueInMonth(month: string): Promise<ScheduleEntry[]>;
  unschedule(handoverId: string): Promise<void>;
  backfillDone(kind: Backfill): Promise<boolean>;
  markBackfillDone(kind: Backfill, at: Date): Promise<void>;
  fileInFigures(handoverId: string, at: Date): Promise<void>;
  everyHandoverId(): AsyncGenerator<string>;
  tombstone(handoverId: string): Promise<Tombstone | undefined>;
  softDeleted(): Promise<Tombstone[]>;
  countByState(): Promise<{ softDeleted: number; purged: number; scheduled: number }>;
  softDelete(handoverId: string, due: RetentionDue, at: Date, purgeOn: string): Promise<Tombstone | false>;
  purge(handoverId: string, at: Date): Promise<Tombstone | undefined>;
}
