/**
 * A whole date in the forms drawn by the form library (the GP's result): typed as the sender's form
 * takes dates (ÅÅÅÅ-MM-DD, with the same hint), and read back in the page's language ("6. december
 * 2026"), never the browser's "mm/dd/yyyy" date picker in whatever locale the browser has.
 */
import type { WidgetProps } from '@rjsf/utils';
import { readableDate } from '../../src/domain/partial-dates';
import { w } from './form-words';
import type { Lang } from './i18n';

const WHOLE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (s: string) => WHOLE_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

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
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value.trim())}
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
