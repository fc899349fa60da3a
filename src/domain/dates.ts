/** Calendar arithmetic on ISO dates (YYYY-MM-DD) in UTC, with no time-of-day or zone surprises. */
import { earliestDay, latestDay } from './partial-dates.js';

/** A calendar date "YYYY-MM-DD" as midnight UTC. */
export function parseIsoDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** A moment as its UTC calendar date "YYYY-MM-DD". */
export function formatIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const DANISH_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** A moment as the calendar date "YYYY-MM-DD" in Denmark, where the day a fact happened is reckoned (a GP's "today" at 00:30 is not yesterday's UTC date). */
export function danishIsoDate(d: Date): string {
  return DANISH_DAY.format(d);
}

/** Adds months; the 31st plus one month lands on the last day of a shorter month. */
export function addMonths(iso: string, months: number): string {
  const d = parseIsoDate(iso);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return formatIsoDate(target);
}

/** The 18th birthday; someone born on 29 February turns 18 on 28 February (Danish practice: 1 March is also seen; we take the earlier, safer date). */
export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

/** The calendar date `days` after (or before, when negative) a date, in UTC. */
export function addDays(iso: string, days: number): string {
  const d = parseIsoDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return formatIsoDate(d);
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseIsoDate(b).getTime() - parseIsoDate(a).getTime()) / 86_400_000);
}

/** Age in whole years on a given date, from a full birth date. */
function ageFromFullDate(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Age in whole years on a given date. A birth date known only to the year or month (1.2) gives the
 * youngest age it allows, so nobody who may still be a child is counted as an adult.
 */
export function ageOn(dateOfBirth: string, on: string): number {
  return ageFromFullDate(latestDay(dateOfBirth), on);
}

/** The youngest and oldest age a birth date allows on a date (the same for a full date), for readers who show "41-42". */
export function agesOn(dateOfBirth: string, on: string): { youngest: number; oldest: number } {
  return { youngest: ageFromFullDate(latestDay(dateOfBirth), on), oldest: ageFromFullDate(earliestDay(dateOfBirth), on) };
}
