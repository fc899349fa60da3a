/**
 * A code of the standard's code lists (language, country, ATC, ICD-10) chosen by its Danish or
 * English name ("arabisk", "metfor", "diabet") or typed as the code in any case ("AR", "ar"):
 * an ARIA 1.2 combobox (a text box with a list box of suggestions, arrow keys, Enter, Escape),
 * storing the code as the schema writes it and showing it as "arabisk (ar)".
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { codeFromTyped, codeName, codeText, searchCodes, type CodeList } from '../../src/domain/code-names';
import { t, type Lang } from './i18n';
import './code-input.css';

const HINT = { language: 'codeHintLanguage', country: 'codeHintCountry', script: 'codeHintScript', atc: 'codeHintAtc', icd10: 'codeHintIcd10' } as const;

/** `onPick`: a code was chosen from the suggestions or typed exactly as a known code (not while typing). */
export function CodeInput({ id, list, lang, value, invalid, describedBy, onChange, onPick, onBlur }: { id: string; list: CodeList; lang: Lang; value: string; invalid: boolean; describedBy?: string; onChange(v: string): void; onPick?(code: string): void; onBlur(): void }) {
  // What the person is typing; null while the stored code is shown by name.
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${id}-options`;
  const hintId = `${id}-code-hint`;
  const statusId = useId();
  const shown = text ?? (value ? codeText(list, value, lang) : '');
  // A known code typed as it is ("ar", "SY") needs no list: it is named at once to a screen reader, and in the box on leaving it.
  const typedCode = text ? codeFromTyped(list, text) : undefined;
  const exact = typedCode !== undefined && typedCode.toLowerCase() === text!.trim().toLowerCase() && codeName(list, typedCode, lang) !== undefined;
  const options = open && text && !exact ? searchCodes(list, text) : [];

  const type = (typed: string) => {
    setText(typed);
    setOpen(true);
    setActive(-1);
    // The stored value follows what is typed: a code or a name written out becomes the code; anything else stays as typed, for the form's check to name.
    onChange(codeFromTyped(list, typed) ?? typed.trim());
  };
  const choose = (code: string) => {
    onChange(code);
    onPick?.(code);
    setText(null);
    setOpen(false);
    setActive(-1);
  };
  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        if (text === null) setText(shown);
        return;
      }
      const n = options.length;
      if (n > 0) setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % n : i <= 0 ? n - 1 : i - 1));
    } else if (e.key === 'Enter') {
      // Enter chooses (the option pointed at, else the first suggestion, else what is typed) and never sends a form the box stands in.
      e.preventDefault();
      const option = options[active >= 0 ? active : 0];
      if (option) choose(option.code);
      else if (typedCode !== undefined) choose(typedCode);
      else {
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="code-combobox">
      <span className="form-hint" id={hintId}>
        {t(HINT[list], lang)}
      </span>
      <input
        className="form-input"
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 && options[active] ? `${listId}-${active}` : undefined}
        aria-invalid={invalid}
        aria-describedby={[describedBy, hintId].filter(Boolean).join(' ')}
        value={shown}
        onChange={(e) => type(e.target.value)}
        onKeyDown={keyDown}
        onBlur={() => {
          if (exact) onPick?.(typedCode!);
          setOpen(false);
          setActive(-1);
          setText(null);
          onBlur();
        }}
      />
      <ul className="code-options" id={listId} role="listbox" aria-label={t('codeSuggestions', lang)} hidden={options.length === 0}>
        {options.map((o, i) => (
          <li
            key={o.code}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            // Chosen on mouse down, before the text box loses focus and closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(o.code);
            }}
          >
            {codeText(list, o.code, lang)}
          </li>
        ))}
      </ul>
      <span className="sr-only" role="status" id={statusId}>
        {exact ? codeText(list, typedCode!, lang) : open && text ? t('codeSuggestionCount', lang, { n: options.length }) : ''}
      </span>
    </div>
  );
}

