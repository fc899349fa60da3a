/**
 * A whole date in the forms drawn by the form library (the GP's result): typed as the sender's form
 * takes dates (ÅÅÅÅ-MM-DD, with the same hint), and read back in the page's language ("6. december
 * 2026"), never the browser's "mm/dd/yyyy" date picker in whatever locale the browser has. A date
 * typed as Danes write it (1.2.2027) is taken as the date it is, in both kinds of form.
 */
import type { WidgetProps } from '@rjsf/utils';
import { readableDate } from '../../src/domain/partial-dates';
import { w } from './form-words';
import type { Lang } from './i18n';

const WHOLE_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isCalendarDate = (s: string) => WHOLE_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export function DateTextWidget({ id, value, required, disabled, readonly, onChange, onBlur, onFocus, registry, rawErrors }: WidgetProps) {
  const lang = ((registry.formContext as { lang?: Lang } | undefined)?.lang ?? 'da') as Lang;
  const text = typeof value === 'string' ? value : '';
  return (
    <>
      <span className="form-hint" id={`${id}-hint`}>
        {w('dateHint', lang)}
      </span>
      <input
        className="form-input input-width-s"
        type="text"
        id={id}
        value={text}
        required={required}
        disabled={disabled || readonly}
        aria-invalid={(rawErrors?.length ?? 0) > 0}
        aria-describedby={`${id}-hint${isCalendarDate(text) ? ` ${id}-read` : ''}`}
        onChange={(e) => onChange(e.target.value === '' ? undefined : isoDate(e.target.value.trim(), false))}
        onBlur={(e) => onBlur(id, e.target.value)}
        onFocus={(e) => onFocus(id, e.target.value)}
      />
      {isCalendarDate(text) && (
        <span className="form-hint" id={`${id}-read`}>
          {readableDate(text, lang)}
        </span>
      )}
    </>
  );
}

/** A date as Danes write it (1.2.2027, 01-02-2027, and 09.2024 where a month is enough) in the standard's ISO form; anything else as typed, for the checks to say. */
export function isoDate(raw: string, partial: boolean | undefined): string {
  const pad = (n: string) => n.padStart(2, '0');
  const day = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/.exec(raw);
  if (day) return `${day[3]}-${pad(day[2]!)}-${pad(day[1]!)}`;
  const month = partial ? /^\s*(\d{1,2})[./](\d{4})\s*$/.exec(raw) : null;
  return month ? `${month[2]}-${pad(month[1]!)}` : raw;
}
