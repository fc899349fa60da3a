/**
 * How long a handover is kept (rules/retention.json, data with its legal basis), when it falls
 * due, and the tombstone that stays after it is purged. A handover falls due whole: its versions,
 * files and everything recorded about it share one end of life.
 */
import rulesFile from './rules/retention.json' with { type: 'json' };
import { addDays, addYears, formatIsoDate } from './dates.js';

export type RetentionKind = 'handover-content' | 'withdrawn-handover' | 'tombstone' | 'audit-events';

export interface RetentionRule {
  kind: RetentionKind;
  records: string;
  keep: { yearsAfter: number | null; after: string };
  integrationProgrammeYears?: number;
  graceDays?: number;
  action: string;
  legalBasis: { da: string; en: string };
  text: { da: string; en: string };
}

export const RETENTION_RULES: readonly RetentionRule[] = rulesFile.rules as RetentionRule[];

function ruleOf(kind: RetentionKind): RetentionRule {
  const rule = RETENTION_RULES.find((r) => r.kind === kind);
  if (!rule) throw new Error(`no retention rule for ${kind}`);
  return rule;
}

/** What a handover's end of life is counted from: its current version, or its withdrawals when every version is withdrawn. */
export interface RetentionInput {
  /** The current version's date of the takeover of integration responsibility (none when every version is withdrawn). */
  integrationResponsibilityFrom?: string;
  /** When every version is withdrawn: the last withdrawal. */
  lastWithdrawnAt?: Date;
}

export interface RetentionDue {
  kind: 'handover-content' | 'withdrawn-handover';
  dueOn: string;
}

/** The day a handover becomes due for deletion, and under which rule. */
export function retentionDue(input: RetentionInput): RetentionDue {
  if (input.integrationResponsibilityFrom === undefined) {
    const rule = ruleOf('withdrawn-handover');
    return { kind: 'withdrawn-handover', dueOn: addYears(formatIsoDate(input.lastWithdrawnAt ?? new Date(0)), rule.keep.yearsAfter!) };
  }
  const rule = ruleOf('handover-content');
  // The programme's end is not reported to the service: it is counted as its longest duration from the takeover.
  const programmeEnds = addYears(input.integrationResponsibilityFrom, rule.integrationProgrammeYears!);
  return { kind: 'handover-content', dueOn: addYears(programmeEnds, rule.keep.yearsAfter!) };
}

/** The day a soft-deleted handover may be purged: the grace period lets an operator stop a deletion made in error. */
export function purgeOn(kind: RetentionDue['kind'], softDeletedOn: string): string {
  return addDays(softDeletedOn, ruleOf(kind).graceDays ?? 0);
}

/** The month a due day is filed under: the job reads one month at a time, by equality. */
export const dueMonthOf = (dueOn: string) => dueOn.slice(0, 7);

/** What stays of a purged version: enough to match receipts and audit events, no personal data. */
export interface VersionTombstone {
  version: number;
  jwsSha256: string;
  receiptId?: string;
  receivedAt: string;
  withdrawnAt?: string;
  attachments: { sha256: string; size: number }[];
}

export interface Tombstone {
  handoverId: string;
  kind: RetentionDue['kind'];
  dueOn: string;
  softDeletedAt: string;
  purgeOn: string;
  purgedAt?: string;
  versions: VersionTombstone[];
}
