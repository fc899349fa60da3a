/**
 * Dates as the forms take them typed (never the browser's "mm/dd/yyyy" date picker in whatever
 * locale the browser has): a date typed as Danes write it (1.2.2027) is taken as the date it is.
 */

const WHOLE_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isCalendarDate = (s: string) => WHOLE_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** A date as Danes write it (1.2.2027, 01-02-2027, and 09.2024 where a month is enough) in the standard's ISO form; anything else as typed, for the checks to say. */
export function isoDate(raw: string, partial: boolean | undefined): string {
  const pad = (n: string) => n.padStart(2, '0');
  const day = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/.exec(raw);
  if (day) return `${day[3]}-${pad(day[2]!)}-${pad(day[1]!)}`;
  const month = partial ? /^\s*(\d{1,2})[./](\d{4})\s*$/.exec(raw) : null;
  return month ? `${month[2]}-${pad(month[1]!)}` : raw;
}
