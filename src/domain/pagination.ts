/**
 * One pagination contract for every list: `limit` (a whole number 1-500, default 50) and `after`
 * (an opaque cursor exactly as a page gave it) in, `{ items, next, resumeAfter }` out. `next` is
 * the cursor of the following page, or null when this page reached the end of what exists now;
 * `resumeAfter` is always the position after the last entry read, to poll with later for what is
 * added after it (the lists are logs in the order entries were added). A cursor names its list,
 * so one list's cursor is refused by another. Anything else is a 400 naming the parameter.
 */
import type { FieldError } from '../errors.js';

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 500;

export type ListName = 'feed' | 'sender-handovers' | 'audit' | 'export' | 'questions' | 'deadlines';

export interface Page<T> {
  items: T[];
  next: string | null;
  resumeAfter: string;
}

export interface PageRequest {
  limit: number;
  /** The position after which this page starts (0: from the beginning). */
  afterPosition: number;
}

/** The opaque cursor for a position in one list. */
export function encodeCursor(list: ListName, position: number): string {
  return Buffer.from(JSON.stringify({ list, after: position })).toString('base64url');
}

function decodeCursor(list: ListName, cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { list?: unknown; after?: unknown };
    return p.list === list && typeof p.after === 'number' && Number.isSafeInteger(p.after) && p.after >= 0 ? p.after : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `limit` and `after`; problems are added to `errors` (reported with the list's other parameter problems). */
export function readPageRequest(list: ListName, q: { after?: string; limit?: string }, errors: FieldError[]): PageRequest {
  let limit = PAGE_LIMIT_DEFAULT;
  if (q.limit !== undefined) {
    limit = /^[1-9][0-9]{0,3}$/.test(q.limit) ? Number(q.limit) : NaN;
    if (!(limit >= 1 && limit <= PAGE_LIMIT_MAX)) errors.push({ pointer: '/query/limit', keyword: 'maximum', message: `must be a whole number from 1 to ${PAGE_LIMIT_MAX}` });
  }
  let afterPosition = 0;
  if (q.after !== undefined) {
    const decoded = decodeCursor(list, q.after);
    if (decoded === undefined) errors.push({ pointer: '/query/after', keyword: 'cursor', message: 'must be the `next` or `resumeAfter` of an earlier page of this list' });
    else afterPosition = decoded;
  }
  return { limit, afterPosition };
}

/** The page answer: `next` only when the end was not reached. */
export function pageOf<T>(list: ListName, items: T[], position: number, reachedEnd: boolean): Page<T> {
  const cursor = encodeCursor(list, position);
  return { items, next: reachedEnd ? null : cursor, resumeAfter: cursor };
}

/** A date-time query parameter (RFC 3339 with a zone), or a problem naming it. */
export function readDateTimeParam(name: string, value: string | undefined, errors: FieldError[]): Date | undefined {
  if (value === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value));
  if (!ok) {
    errors.push({ pointer: `/query/${name}`, keyword: 'format', message: 'must be a date YYYY-MM-DD or a date-time with a zone (RFC 3339)' });
    return undefined;
  }
  return new Date(value);
}
