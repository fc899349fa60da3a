/** What a page must say of a person's form part, in the label book's words, and the free texts a reader without consent must not see. */
import { readableDate } from '../../src/domain/partial-dates.js';
import type { LabelBook } from '../../src/pdf/label-book.js';

type Path = (string | number)[];
type Doc = Record<string, any>;
const SECTION = new Set(['findings', 'no-findings', 'not-assessed', 'declined', 'not-applicable']);
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as the pages say it: a date in the page's one date format ("20. december 2026"). */
export function said(book: LabelBook, path: Path, value: unknown): string {
  const text = book.value(path, value);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? readableDate(text, book.lang) : text;
}

/** Fields with findings by their values, parts assessed without findings by name, parts not assessed with their reasons, tests taken whatever the part concluded. */
export function expectedFacts(book: LabelBook, value: unknown, path: Path, out: string[] = []): string[] {
  const key = path.at(-1);
  if (key === 'source' || key === 'personRef') return out;
  if (typeof key === 'string' && key.endsWith('Unknown')) {
    out.push(book.value(path, value));
    return out;
  }
  if (Array.isArray(value)) value.forEach((v, i) => expectedFacts(book, v, [...path, i], out));
  else if (isObject(value)) {
    if (typeof value.status === 'string' && SECTION.has(value.status)) {
      if (value.status === 'no-findings') out.push(book.field(path).split(' › ').at(-1)!);
      if (value.status === 'not-assessed') out.push(book.value([...path, 'reason'], value.reason));
      if (value.reasonText) out.push(String(value.reasonText));
      if (value.status !== 'findings' && !Array.isArray(value.tests)) return out;
    }
    for (const [k, v] of Object.entries(value)) if (!['status', 'reason', 'reasonText', 'expectedBy'].includes(k)) expectedFacts(book, v, [...path, k], out);
  } else if (typeof value === 'string' || typeof value === 'number') out.push(said(book, path, value));
  return out;
}

/** The longer free texts of a form part (not its sources): none may show to a reader who may not see it. */
export function freeTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(freeTexts);
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => (k === 'source' ? [] : freeTexts(v)));
  return typeof value === 'string' && value.length > 12 && /\s/.test(value) ? [value] : [];
}
