/**
 * Field and value labels for the PDFs, looked up by path in the schema catalogue (the schemas are
 * the one source of labels), plus the formatting of values: enums by their label, booleans,
 * language, country, ATC and ICD-10 codes by name (domain/code-names.ts, as the web app names
 * them), script codes by the runtime's names.
 */
import { municipalityName } from '../domain/municipalities.js';
import { codeText, type CodeList } from '../domain/code-names.js';
import { readableDate, readableDateTime } from '../domain/partial-dates.js';
import type { Lang } from './phrases.js';
import { phrase } from './phrases.js';

export interface Label {
  da: string;
  en: string;
}

/** The parts of a catalogue field the PDFs read (structurally the validation catalogue). */
export interface CatalogueEntry {
  path: readonly string[];
  label: Label | undefined;
  values: readonly { value: string | number | boolean; label?: Label }[];
  kind?: string;
}

interface Entry {
  label: Label | undefined;
  values: Map<string, Label>;
  kind: string | undefined;
  order: number;
}

/** A path in a document (["persons", 0, "socialInformation"]) as a catalogue key, array indexes as "*". */
export function catalogueKey(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? '*' : p)).join('/');
}

/** The common definitions whose values are codes of a named list. */
const CODE_LISTS: Record<string, CodeList> = { languageCode: 'language', countryCode: 'country', atc: 'atc', icd10: 'icd10' };

export class LabelBook {
  private readonly entries = new Map<string, Entry>();
  private readonly scriptNames: Record<Lang, Intl.DisplayNames>;

  constructor(catalogue: readonly CatalogueEntry[], readonly lang: Lang) {
    catalogue.forEach((f, order) => {
      const values = new Map<string, Label>();
      for (const v of f.values) if (v.label) values.set(String(v.value), v.label);
      this.entries.set(f.path.join('/'), { label: f.label, values, kind: f.kind, order });
    });
    this.scriptNames = { da: new Intl.DisplayNames(['da'], { type: 'script', fallback: 'code' }), en: new Intl.DisplayNames(['en'], { type: 'script', fallback: 'code' }) };
  }

  private entry(path: readonly (string | number)[]): Entry | undefined {
    return this.entries.get(catalogueKey(path));
  }

  /** The field's label in the book's language; the property name when the schema has none. */
  field(path: readonly (string | number)[]): string {
    const label = this.entry(path)?.label;
    return label ? label[this.lang] : String(path.at(-1));
  }

  hasLabel(path: readonly (string | number)[]): boolean {
    return this.entry(path)?.label !== undefined;
  }

  /** The shared definition the field refers to (languageCode, healthSource, ...). */
  kind(path: readonly (string | number)[]): string | undefined {
    return this.entry(path)?.kind;
  }

  /** Where the schema puts the field: object keys are shown in schema order, not document order. */
  order(path: readonly (string | number)[]): number {
    return this.entry(path)?.order ?? Number.MAX_SAFE_INTEGER;
  }

  /** A scalar value as a reader should see it. */
  value(path: readonly (string | number)[], value: unknown): string {
    if (typeof value === 'boolean') return phrase(value ? 'yes' : 'no', this.lang);
    if (value === null || value === undefined) return '';
    const entry = this.entry(path);
    const text = String(value);
    // The official names, not the released schemas' labels (which misspell four).
    if (entry?.kind === 'municipalityCode') return municipalityName(text, this.lang);
    const label = entry?.values.get(text);
    if (label) return label[this.lang];
    const list = entry?.kind ? CODE_LISTS[entry.kind] : undefined;
    if (list) return codeText(list, text, this.lang);
    if (entry?.kind === 'scriptCode') return this.named(this.scriptNames[this.lang], text);
    // One date format per language, as the pages write dates ("6. december 2026" / "6 December 2026");
    // 1.2: a date of the past as precise as it was written ("september 2024"), never a day added.
    if (entry?.kind === 'date' || entry?.kind === 'partialDate') return readableDate(text, this.lang);
    if (entry?.kind === 'dateTime') return readableDateTime(text, this.lang);
    return text;
  }

  private readonly namedCache = new Map<string, string>();

  private named(names: Intl.DisplayNames, code: string): string {
    const key = `${names.resolvedOptions().type}:${code}`;
    let name = this.namedCache.get(key);
    if (name === undefined) {
      name = this.lookupName(names, code);
      this.namedCache.set(key, name);
    }
    return name;
  }

  private lookupName(names: Intl.DisplayNames, code: string): string {
    try {
      const name = names.of(code);
      return name && name !== code ? `${name} (${code})` : code;
    } catch {
      return code;
    }
  }
}
