/** A code of the standard's code lists (language, country, ATC, ICD-10) typed in, written as the schema stores it (ISO 639 in small letters, the others in capitals). */
import type { Lang } from './i18n';
import type { CodeList } from './form-model';

const CASE: Record<CodeList, (s: string) => string> = { language: (s) => s.toLowerCase(), country: (s) => s.toUpperCase(), atc: (s) => s.toUpperCase(), icd10: (s) => s.toUpperCase() };

export function CodeInput({ id, list, value, invalid, describedBy, onChange, onBlur }: { id: string; list: CodeList; lang: Lang; value: string; invalid: boolean; describedBy?: string; onChange(v: string): void; onBlur(): void }) {
  return <input className="form-input input-width-s" id={id} type="text" value={value} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange(CASE[list](e.target.value.trim()))} onBlur={onBlur} />;
}
