/**
 * The forms' validation, on a JSON Schema validator that interprets the schema instead of
 * compiling it to code (@cfworker/json-schema): the page runs under a Content-Security-Policy
 * without 'unsafe-eval', where ajv's compiled validators cannot run. The schemas are the published
 * ones (draft 2020-12); the service validates again, with ajv, when the form is checked and sent.
 *
 * Errors are placed at the field they concern, in the page's language, and only for the option a
 * section's status chose (the other options of a discriminated oneOf are not the sender's mistakes).
 */
import { dereference, format, validate, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { Lang } from './i18n';

type Node = Record<string, unknown>;
/** A schema tree as the forms hold it ({ $ref, $defs }). */
type RootSchema = Node;
/** One failed rule: where (a property path, ".persons.0.name"), which keyword, and its message. */
type Failure = { name: string; property: string; message: string };
type Lookup = Record<string, Schema | boolean>;

const BASE = new URL('https://forms.handover-exchange.invalid/schema');

// The formats the service checks (ajv-formats, full mode: src/validation/validator.ts) are checked
// here by the same rules, so the page never calls an answer valid that the service then refuses
// (an e-mail address without a dot in its domain passed the page and failed at sending).
for (const name of ['date', 'date-time', 'uuid', 'email'] as const) {
  const rule = fullFormats[name] as RegExp | ((s: string) => boolean) | { validate: RegExp | ((s: string) => boolean) };
  const check = typeof rule === 'function' || rule instanceof RegExp ? rule : rule.validate;
  format[name] = (s: string) => (check instanceof RegExp ? check.test(s) : check(s));
}

/** One lookup of every subschema per root schema, with the root's own `#/...` fragments as aliases. */
const lookups = new WeakMap<object, Lookup>();
function lookupOf(root: RootSchema): Lookup {
  let lookup = lookups.get(root);
  if (!lookup) {
    lookup = dereference(root as Schema, Object.create(null), BASE) as Lookup;
    for (const [uri, schema] of Object.entries(lookup)) if (uri.startsWith(`${BASE.href}#`)) lookup[uri.slice(BASE.href.length)] = schema;
    lookups.set(root, lookup);
  }
  return lookup;
}

/** A discriminated oneOf (a section's status, an instrument) as if/then per value: errors come only from the chosen option. */
const forErrors = new WeakMap<object, RootSchema>();
function errorSchemaOf(root: RootSchema): RootSchema {
  let found = forErrors.get(root);
  if (!found) {
    const defs = (root.$defs ?? {}) as Record<string, Node>;
    const deref = (n: Node): Node => (typeof n.$ref === 'string' && n.$ref.startsWith('#/$defs/') ? deref(defs[n.$ref.slice(8)] ?? {}) : n);
    const walk = (n: unknown): unknown => {
      if (Array.isArray(n)) return n.map(walk);
      if (!n || typeof n !== 'object') return n;
      const out: Node = {};
      for (const [k, v] of Object.entries(n as Node)) out[k] = walk(v);
      // Any discriminated oneOf (a section's status, a screening's instrument): errors from the chosen option only.
      const disc = (out.discriminator as Node | undefined)?.propertyName as string | undefined;
      if (disc && Array.isArray(out.oneOf)) {
        const options = out.oneOf as Node[];
        const values = options.map((o) => ((deref(o).properties as Node | undefined)?.[disc] as Node | undefined)?.const);
        delete out.oneOf;
        out.required = [...new Set([...((out.required as string[] | undefined) ?? []), disc])];
        out.properties = { ...((out.properties as Node | undefined) ?? {}), [disc]: { enum: values } };
        out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), ...options.map((o, i) => ({ if: { properties: { [disc]: { const: values[i] } }, required: [disc] }, then: o }))];
      }
      return out;
    };
    found = walk(root) as RootSchema;
    forErrors.set(root, found);
  }
  return found;
}

/** Keywords that only say "something below failed": the failure below is the one to show. */
const WRAPPERS = new Set(['properties', 'items', 'prefixItems', '$ref', 'allOf', 'anyOf', 'if', 'then', 'else', 'dependentSchemas', 'additionalItems', 'unevaluatedItems', 'contains']);

const MESSAGES: Record<string, Record<Lang, string>> = {
  required: { da: 'Skal udfyldes', en: 'Required' },
  format: { da: 'Ugyldigt format', en: 'Invalid format' },
  'format:date': { da: 'Skriv en gyldig dato som ÅÅÅÅ-MM-DD', en: 'Write a real date as YYYY-MM-DD' },
  'format:date-time': { da: 'Skriv et gyldigt tidspunkt', en: 'Write a real date and time' },
  'format:email': { da: 'Skriv en gyldig e-mailadresse, fx navn@eksempel.dk', en: 'Write a valid e-mail address, e.g. name@example.org' },
  pattern: { da: 'Ugyldigt format', en: 'Invalid format' },
  minLength: { da: 'For kort', en: 'Too short' },
  maxLength: { da: 'For lang', en: 'Too long' },
  minimum: { da: 'For lille', en: 'Too small' },
  maximum: { da: 'For stor', en: 'Too large' },
  minItems: { da: 'Mindst én skal angives', en: 'At least one is needed' },
  maxItems: { da: 'For mange', en: 'Too many' },
  uniqueItems: { da: 'Samme værdi to gange', en: 'The same value twice' },
  type: { da: 'Forkert type', en: 'Wrong type' },
  'type:integer': { da: 'Skal være et helt tal', en: 'Must be a whole number' },
  'type:number': { da: 'Skal være et tal', en: 'Must be a number' },
  'type:string': { da: 'Skal være tekst', en: 'Must be text' },
  'type:boolean': { da: 'Vælg ja eller nej', en: 'Choose yes or no' },
  not: { da: 'Må ikke udfyldes sammen med det valgte', en: 'Must not be given together with what is chosen' },
  false: { da: 'Må ikke udfyldes sammen med det valgte', en: 'Must not be given together with what is chosen' },
  additionalProperties: { da: 'Ukendt felt', en: 'Unknown field' },
  oneOf: { da: 'Vælg en af mulighederne', en: 'Choose one of the options' },
  enum: { da: 'Vælg en af mulighederne', en: 'Choose one of the options' },
  const: { da: 'Vælg en af mulighederne', en: 'Choose one of the options' },
};

/** `#/persons/0/healthScreening` -> `.persons.0.healthScreening`. */
const propertyOf = (location: string) =>
  location
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => `.${s}`)
    .join('');

/** Which format or type a failed `format` or `type` asked for (its message says what to write). */
function detailOf(u: OutputUnit): string {
  if (u.keyword === 'format') return /format "([^"]+)"/.exec(u.error)?.[1] ?? '';
  if (u.keyword === 'type') return /Expected "([^"]+)"/.exec(u.error)?.[1] ?? '';
  return '';
}

function toErrors(units: OutputUnit[], lang: Lang): Failure[] {
  const oneOfAt = new Set(units.filter((u) => u.keyword === 'oneOf').map((u) => u.instanceLocation));
  const errors: Failure[] = [];
  const seen = new Set<string>();
  for (const u of units) {
    if (WRAPPERS.has(u.keyword)) continue;
    // A choice among labelled constants failed as a whole; its options' "not this constant" say nothing more.
    if (u.keyword === 'const' && oneOfAt.has(u.instanceLocation)) continue;
    let property = propertyOf(u.instanceLocation);
    if (u.keyword === 'required') {
      const missing = /"([^"]+)"/.exec(u.error)?.[1];
      if (missing) property += `.${missing}`;
    }
    if (u.keyword === 'false') {
      const m = /^#(.*)\/properties\/([^/]+)\/?$/.exec(u.keywordLocation);
      if (m && !u.instanceLocation.endsWith(`/${m[2]}`)) property += `.${m[2]}`;
    }
    const message = (MESSAGES[`${u.keyword}:${detailOf(u)}`] ?? MESSAGES[u.keyword])?.[lang] ?? u.error;
    const key = `${property}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ name: u.keyword, property, message });
  }
  return errors;
}

/** One whole document checked against its published schema tree ({ $ref, $defs }): each problem at its JSON Pointer, in the page's language. */
export function validateDocument(root: RootSchema, data: unknown, lang: Lang): { pointer: string; keyword: string; message: string }[] {
  const checked = errorSchemaOf(root);
  const { json, blanks } = asSent(data);
  const result = validate(json, checked as Schema, '2020-12', lookupOf(checked), false);
  const problems = toErrors(result.errors, lang).map((e) => ({ pointer: e.property.replace(/\./g, '/'), keyword: e.name, message: e.message }));
  const underBlank = (pointer: string) => blanks.some((b) => pointer === b || pointer.startsWith(`${b}/`));
  return [...problems.filter((p) => !underBlank(p.pointer)), ...blanks.map((pointer) => ({ pointer, keyword: 'required', message: MESSAGES.required![lang] }))];
}

/**
 * The document as JSON sends it, and the list entries added but not yet filled in (a country added
 * to citizenship, nothing chosen yet). The validator refuses `undefined` outright (it took the whole
 * page down), and as `null` such an entry would read "wrong type": it is an answer still to give.
 */
function asSent(data: unknown): { json: unknown; blanks: string[] } {
  const blanks: string[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (Array.isArray(v)) {
      return v.map((item, i) => {
        if (item === undefined || item === '' || item === null) {
          blanks.push(`${at}/${i}`);
          return null;
        }
        return walk(item, `${at}/${i}`);
      });
    }
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v as Node).flatMap(([k, x]) => (x === undefined ? [] : [[k, walk(x, `${at}/${k}`)]])));
  };
  return { json: walk(data, ''), blanks };
}
