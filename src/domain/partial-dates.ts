/**
 * Dates of the past at the precision they are known (1.2 `partialDate`, as FHIR's `date`): a year
 * "2024", a year and month "2024-09" or a full date; one formatter for every reader (PDFs, GP
 * summary, web) and the bounds that code computing with such a date must use.
 */

export type DatePrecision = 'year' | 'month' | 'day';
export type DateLang = 'da' | 'en';

/** How much of the date is known. */
export function datePrecision(date: string): DatePrecision {
  return date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
}

/** The first day the date can mean ("2024" -> "2024-01-01", "2024-09" -> "2024-09-01"). */
export function earliestDay(date: string): string {
  const p = datePrecision(date);
  return p === 'year' ? `${date}-01-01` : p === 'month' ? `${date}-01` : date;
}

/** The last day the date can mean ("2024" -> "2024-12-31", "2024-02" -> "2024-02-29"). */
export function latestDay(date: string): string {
  const p = datePrecision(date);
  if (p === 'year') return `${date}-12-31`;
  if (p === 'day') return date;
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${date}-${String(last).padStart(2, '0')}`;
}

const monthFormats: Record<DateLang, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/**
 * A date as it was written, in the reader's language: "2024", "september 2024" / "September 2024",
 * a full date as written (ISO, as every other date in the PDFs). Never a day or month that was not given.
 */
export function formatPartialDate(date: string, lang: DateLang): string {
  if (datePrecision(date) !== 'month') return date;
  const [y, m] = date.split('-').map(Number) as [number, number];
  return monthFormats[lang].format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Words that say a computed date rests on a date of birth known only to the year or month. */
export const PARTIAL_BIRTH_DATE_NOTE: Record<Exclude<DatePrecision, 'day'>, string> = {
  year: 'date of birth known to the year: earliest possible date',
  month: 'date of birth known to the month: earliest possible date',
};
