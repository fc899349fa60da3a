/**
 * A deadline's place in a municipality's deadline list, as one number: its day, then its
 * version's feed entry, then its order among that version's deadlines. The list is sorted by it
 * and a page's cursor is the last place shown, so paging neither skips nor repeats a deadline
 * however many share a day. Whole numbers stay exact up to 2^53: 10^11 places a day (feed
 * numbers below 10^8, at most 1,000 deadlines a version) for days up to the year 2200.
 */
const PER_DAY = 100_000_000_000;
const PER_FEED_ENTRY = 1_000;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD). */
const dayNumber = (isoDate: string) => Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS);

/** The place of deadline n (0-based, in its version's order) of the version whose feed entry is feedSeq. */
export function deadlinePosition(isoDate: string, feedSeq: number, n: number): number {
  if (!(feedSeq >= 0 && feedSeq < PER_DAY / PER_FEED_ENTRY) || !(n >= 0 && n < PER_FEED_ENTRY)) throw new RangeError(`deadline place out of range: feed entry ${feedSeq}, deadline ${n}`);
  return dayNumber(isoDate) * PER_DAY + feedSeq * PER_FEED_ENTRY + n;
}

/** The first place on a day: every deadline of that day is at or after it. */
export const firstPositionOn = (isoDate: string) => dayNumber(isoDate) * PER_DAY;

/** The day (YYYY-MM-DD) a place falls on. */
export const dayOfPosition = (position: number) => new Date(Math.floor(position / PER_DAY) * DAY_MS).toISOString().slice(0, 10);

/** The feed entry a place belongs to. */
export const feedSeqOfPosition = (position: number) => Math.floor((position % PER_DAY) / PER_FEED_ENTRY);
