/**
 * Renders any part of a form generically from the schema catalogue: sections with their status
 * (and why a section was not assessed), label/value rows, lists as tables. One renderer for the
 * social-information and health-screening forms of every version, so a new field in the standard
 * appears in the PDFs without code.
 */
import { readableDate } from '../domain/partial-dates.js';
import type { LabelBook } from './label-book.js';
import type { PageFlow } from './page-flow.js';
import { phrase, type Lang } from './phrases.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const SECTION_STATUSES = new Set(['findings', 'no-findings', 'not-assessed', 'declined', 'not-applicable']);
/** Shown in the section's status line, or in the heading. */
const STATUS_FIELDS = new Set(['status', 'reason', 'reasonText', 'expectedBy', 'declinedOn']);
const MAX_TABLE_COLUMNS = 9;

/** A fact stated as not known (1.1 `<field>Unknown`), already in words: shown as a scalar. */
class NotKnown {
  constructor(readonly text: string) {}
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof NotKnown);
const isScalar = (v: unknown) => v instanceof NotKnown || v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isScalarList = (v: unknown) => Array.isArray(v) && v.every(isScalar);
const isFlat = (o: Obj) => Object.values(o).every((v) => isScalar(v) || isScalarList(v));

/** Small flat objects (a source, a contact, an interpreter need) read best as one row. */
function isInlined(r: FormRenderer, value: Obj, path: Path): boolean {
  if (!isFlat(value) || isSection(value) || isWithheld(value)) return false;
  return Object.keys(value).length <= 4 || r.book.kind(path) === 'healthSource' || r.book.kind(path) === 'contact';
}

export function isSection(v: unknown): v is Obj & { status: string } {
  return isObject(v) && typeof v.status === 'string' && SECTION_STATUSES.has(v.status);
}

export function isWithheld(v: unknown): boolean {
  return isObject(v) && v.status === 'withheld';
}

export interface FormRenderer {
  flow: PageFlow;
  book: LabelBook;
  lang: Lang;
  /**
   * The source of the whole health screening: a section whose source is the same says nothing
   * new, so its source row is left out (the screening's source is shown once, at the top).
   */
  defaultSource?: string;
}

/** Key order does not matter when comparing sources. */
export function sourceKey(source: unknown): string {
  return isObject(source) ? JSON.stringify(Object.keys(source).sort().map((k) => [k, source[k]])) : '';
}

function orderedKeys(r: FormRenderer, obj: Obj, path: Path): string[] {
  return Object.keys(obj).sort((a, b) => r.book.order([...path, a]) - r.book.order([...path, b]) || a.localeCompare(b));
}

/** A scalar, a list of scalars, or a flat object as one line of text. */
export function formatValue(r: FormRenderer, value: unknown, path: Path): string {
  if (value instanceof NotKnown) return value.text;
  if (isScalar(value)) return r.book.value(path, value);
  if (Array.isArray(value)) return value.map((v, i) => formatValue(r, v, [...path, i])).join(', ');
  if (isObject(value)) {
    return orderedKeys(r, value, path)
      .map((k) => `${r.book.field([...path, k])}: ${formatValue(r, value[k], [...path, k])}`)
      .join('; ');
  }
  return '';
}

/** The line that says what is known about a section; "not assessed" stands out with its reason. */
function renderStatus(r: FormRenderer, section: Obj & { status: string }, path: Path): void {
  const status = r.book.value([...path, 'status'], section.status);
  if (section.status === 'not-assessed') {
    const parts = [`${phrase('notAssessed', r.lang)}.`];
    if (section.reason) parts.push(`${phrase('reason', r.lang)}: ${r.book.value([...path, 'reason'], section.reason)}.`);
    if (section.reasonText) parts.push(String(section.reasonText));
    if (section.expectedBy) parts.push(`(${phrase('expectedBy', r.lang)} ${readableDate(String(section.expectedBy), r.lang)})`);
    r.flow.notice(parts.join(' '), 'warning');
  } else if (section.status === 'declined') {
    r.flow.notice(`${phrase('declined', r.lang)}${section.declinedOn ? ` (${readableDate(String(section.declinedOn), r.lang)})` : ''}.${section.reasonText ? ` ${String(section.reasonText)}` : ''}`, 'info');
  } else {
    r.flow.fields([[phrase('status', r.lang), status]]);
  }
}

/**
 * From 1.1 a fact may be stated as not known (`frequencyUnknown: "no-records"` beside a missing
 * `frequency`). It is shown where the fact would be, under the fact's own label: "not known:
 * <reason>". Returns the item with each such pair folded into the fact's key, as display text.
 */
const UNKNOWN_SUFFIX = 'Unknown';
function foldUnknowns(r: FormRenderer, item: Obj, path: Path): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(item)) {
    const fact = key.endsWith(UNKNOWN_SUFFIX) ? key.slice(0, -UNKNOWN_SUFFIX.length) : undefined;
    if (fact && item[fact] === undefined && r.book.hasLabel([...path, fact])) out[fact] = new NotKnown(`${phrase('notKnown', r.lang)}: ${r.book.value([...path, key], value)}`);
    else out[key] = value;
  }
  return out;
}

/** A list of objects: a table when its items are flat and few-columned, else one block per item. */
function renderList(r: FormRenderer, rawItems: Obj[], path: Path, level: 3 | 4): void {
  const items = rawItems.map((item, n) => foldUnknowns(r, item, [...path, n]));
  const keys = [...new Set(items.flatMap((i) => Object.keys(i)))].sort((a, b) => r.book.order([...path, 0, a]) - r.book.order([...path, 0, b]) || a.localeCompare(b));
  if (items.every((i) => Object.values(i).every((v) => isScalar(v) || isScalarList(v) || (isObject(v) && isFlat(v)))) && keys.length <= MAX_TABLE_COLUMNS) {
    const rows = items.map((item, n) => keys.map((k) => (item[k] === undefined ? '' : formatValue(r, item[k], [...path, n, k]))));
    // Wider columns for longer content, within bounds so that no column starves.
    const columns = keys.map((k, c) => {
      const longest = Math.max(r.book.field([...path, 0, k]).length * 0.6, ...rows.map((row) => Math.min(row[c]!.length, 60)));
      return { header: r.book.field([...path, 0, k]), weight: Math.min(Math.max(longest, 6), 40) };
    });
    r.flow.table(columns, rows, { size: 8 });
    return;
  }
  rawItems.forEach((item, n) => {
    r.flow.caption(`${r.book.field(path)} ${n + 1}`, 9);
    renderObject(r, item, [...path, n], level);
  });
}

/**
 * Renders an object's fields in schema order: scalars as label/value rows, sections and nested
 * groups under their own heading, lists as tables.
 */
export function renderObject(r: FormRenderer, rawObj: Obj, path: Path, level: 3 | 4, skip: ReadonlySet<string> = new Set()): void {
  const obj = foldUnknowns(r, rawObj, path);
  let rows: [string, string][] = [];
  const flush = () => {
    if (rows.length > 0) r.flow.fields(rows);
    rows = [];
  };
  if (isSection(obj)) {
    renderStatus(r, obj, path);
  }
  for (const key of orderedKeys(r, obj, path)) {
    if (skip.has(key) || (isSection(obj) && STATUS_FIELDS.has(key))) continue;
    const value = obj[key];
    const childPath = [...path, key];
    if (value === undefined) continue;
    if (key === 'source' && r.defaultSource !== undefined && sourceKey(value) === r.defaultSource) continue;
    if (isScalar(value) || isScalarList(value) || (isObject(value) && isInlined(r, value, childPath))) {
      rows.push([r.book.field(childPath), formatValue(r, value, childPath)]);
      continue;
    }
    flush();
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      const objects = value.filter(isObject);
      r.flow.caption(r.book.field(childPath));
      renderList(r, objects, childPath, 4);
      continue;
    }
    if (isObject(value)) {
      r.flow.heading(r.book.field(childPath), level);
      if (isWithheld(value)) {
        r.flow.notice(phrase('healthWithheld', r.lang, { audience: phrase('audienceCoordinatingLower', r.lang) }), 'alert');
        continue;
      }
      renderObject(r, value, childPath, 4);
    }
  }
  flush();
}
