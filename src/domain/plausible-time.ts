/**
 * Whether a document's own time (`createdAt`) is plausible at the time the service received it:
 * not more than 10 minutes after receipt (a sender's clock may be a little fast; a document from
 * the future is not), and not more than 2 years before it (a form that old is not a handover of
 * today: a mistyped year such as 1970 or 2099, or an old document sent again).
 */
import type { FieldError } from '../errors.js';
import { addYears, danishIsoDate, formatIsoDate } from './dates.js';

export const CREATED_AT_WINDOW = { aheadMs: 10 * 60_000, behindYears: 2 } as const;

/** The problem with `createdAt` (an RFC 3339 date-time the schema has already checked), or none. */
export function checkCreatedAt(createdAt: string, receivedAt: Date): FieldError[] {
  const created = Date.parse(createdAt);
  const at = receivedAt.toISOString();
  if (created > receivedAt.getTime() + CREATED_AT_WINDOW.aheadMs) {
    return [{ pointer: '/createdAt', keyword: 'plausibleTime', message: `must not be more than 10 minutes after the time of receipt (${at})` }];
  }
  // Calendar years (a leap day included), counted back from the day of receipt.
  const earliest = Date.parse(`${addYears(formatIsoDate(receivedAt), -CREATED_AT_WINDOW.behindYears)}${at.slice(10)}`);
  if (created < earliest) {
    return [{ pointer: '/createdAt', keyword: 'plausibleTime', message: `must not be more than ${CREATED_AT_WINDOW.behindYears} years before the time of receipt (${at})` }];
  }
  return [];
}

/** The dates of a GP's result that say when something happened (the schema has checked their form). */
interface ResultDates {
  offeredOn: string;
  performedOn?: string;
  conclusion?: { source?: { date?: string } };
  consents?: readonly { givenOn: string }[];
}

/**
 * A GP's result records what has happened: an assessment offered or performed, a conclusion
 * reached, a consent given after the day the service received it (in Danish time) is a typing
 * error, and a municipality planning by it would be misled. A date known only to the month or
 * year is after the day only when all of it is (its text sorts before the day's otherwise).
 */
export function checkResultDates(doc: ResultDates, receivedAt: Date): FieldError[] {
  const today = danishIsoDate(receivedAt);
  const dated: [string, string | undefined][] = [
    ['/offeredOn', doc.offeredOn],
    ['/performedOn', doc.performedOn],
    ['/conclusion/source/date', doc.conclusion?.source?.date],
    ...(doc.consents ?? []).map((c, i): [string, string] => [`/consents/${i}/givenOn`, c.givenOn]),
  ];
  return dated
    .filter(([, date]) => date !== undefined && date > today)
    .map(([pointer]) => ({ pointer, keyword: 'notAfterReceipt', message: `must not be after the day the result was received (${today})` }));
}
