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

const DAY_OPTIONS = { day: 'numeric', month: 'long', year: 'numeric' } as const;
const TIME_OPTIONS = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const LOCALE: Record<DateLang, string> = { da: 'da-DK', en: 'en-GB' };
/** Moments are shown in Danish time: the readers are Danish municipalities and practices. */
const ZONE = 'Europe/Copenhagen';
const readable: Record<DateLang, { day: Intl.DateTimeFormat; dayInZone: Intl.DateTimeFormat; time: Intl.DateTimeFormat }> = {
  da: { day: new Intl.DateTimeFormat(LOCALE.da, { ...DAY_OPTIONS, timeZone: 'UTC' }), dayInZone: new Intl.DateTimeFormat(LOCALE.da, { ...DAY_OPTIONS, timeZone: ZONE }), time: new Intl.DateTimeFormat(LOCALE.da, { ...TIME_OPTIONS, timeZone: ZONE }) },
  en: { day: new Intl.DateTimeFormat(LOCALE.en, { ...DAY_OPTIONS, timeZone: 'UTC' }), dayInZone: new Intl.DateTimeFormat(LOCALE.en, { ...DAY_OPTIONS, timeZone: ZONE }), time: new Intl.DateTimeFormat(LOCALE.en, { ...TIME_OPTIONS, timeZone: ZONE }) },
};

/**
 * The one way the pages (and the briefing they show) write a date, per language: Danish
 * "6. december 2026", English "6 December 2026"; a date known to the month or year as precise as
 * it was written ("september 2024", "2015").
 */
export function readableDate(date: string, lang: DateLang): string {
  if (datePrecision(date) !== 'day') return formatPartialDate(date, lang);
  return readable[lang].day.format(new Date(`${date}T00:00:00Z`));
}

/** A moment as the pages write it: the date as `readableDate` and the time, in Danish time ("6. december 2026 kl. 10.00", "6 December 2026, 10:00"). */
export function readableDateTime(iso: string, lang: DateLang): string {
  const at = new Date(iso);
  const day = readable[lang].dayInZone.format(at);
  const time = readable[lang].time.format(at);
  return lang === 'da' ? `${day} kl. ${time}` : `${day}, ${time}`;
}

/** A time of day as the pages write it, in Danish time whatever the browser's zone ("07.45", "07:45"). */
export function readableTime(iso: string, lang: DateLang): string {
  return readable[lang].time.format(new Date(iso));
}

/** Words that say a computed date rests on a date of birth known only to the year or month. */
export const PARTIAL_BIRTH_DATE_NOTE: Record<Exclude<DatePrecision, 'day'>, string> = {
  year: 'date of birth known to the year: earliest possible date',
  month: 'date of birth known to the month: earliest possible date',
};
