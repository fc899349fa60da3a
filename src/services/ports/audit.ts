/** What the audit use cases need of the audit log and its signed checkpoints (storage/audit.repository.ts, storage/audit-checkpoint.repository.ts). */
import type { AuditCheckpoint, AuditEvent, AuditEventInput } from '../../domain/audit-chain.js';

/** A request's events as written, before they have a place in the chain. */
export interface PendingRecord {
  id: string;
  at: Date;
  events: AuditEventInput[];
}

export interface AuditQuery {
  afterSeq?: number;
  limit: number;
  organisationId?: string;
  handoverId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

export interface AuditLog {
  appendAll(inputs: readonly AuditEventInput[]): Promise<void>;
  append(input: AuditEventInput): Promise<void>;
  pending(): Promise<PendingRecord[]>;
  anyPending(): Promise<boolean>;
  integrate(records: readonly PendingRecord[]): Promise<{ integrated: number; head: { seq: number; hash: string } }>;
  head(): Promise<{ seq: number; hash: string }>;
  query(q: AuditQuery): Promise<{ events: AuditEvent[]; scannedTo: number; reachedEnd: boolean }>;
  all(): AsyncGenerator<AuditEvent>;
}

export interface AuditCheckpoints {
  /** Appends the next checkpoint, made for its number. */
  append(make: (number: number) => Promise<Omit<AuditCheckpoint, 'number'>>): Promise<AuditCheckpoint>;
  latest(): Promise<AuditCheckpoint | undefined>;
}
