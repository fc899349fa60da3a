/** Where a pregnancy is on a given day, from the weeks recorded as of a date (1.2) or from the expected date. */
import { daysBetween } from './dates.js';

export interface PregnancyFacts {
  weeks?: number;
  /** The day the weeks were established (1.2); without it the weeks say nothing about today. */
  weeksAsOf?: string;
  expectedDate?: string;
}

/**
 * The completed week of pregnancy on `on`: from the weeks as of their date, else counted back from
 * the expected date (40 weeks); undefined when neither is known or the count falls outside a
 * pregnancy (before week 0 or past week 45: the record is out of date, not a fact to print).
 */
export function pregnancyWeekOn(p: PregnancyFacts, on: string): number | undefined {
  let week: number | undefined;
  if (p.weeksAsOf && p.weeks !== undefined) week = p.weeks + Math.floor(daysBetween(p.weeksAsOf, on) / 7);
  else if (p.expectedDate) week = 40 - Math.ceil(daysBetween(on, p.expectedDate) / 7);
  return week !== undefined && week >= 0 && week <= 45 ? week : undefined;
}
