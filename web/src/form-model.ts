/**
 * What a published schema says a form looks like, as plain data for the step-by-step form: each
 * node resolved (`$ref`, `allOf`) and classified (a group, a choice of options named by a
 * discriminator, a list, a yes/no, a date, a text, a closed list, a code, a person), values read and
 * written by path, and what changing a discriminator (a section's status) takes away. No field of
 * the standard is named here: only JSON Schema and the standard's conventions (x-label as title,
 * discriminated oneOf, the common definitions of codes and person references).
 */
export type Node = Record<string, unknown>;
export type Path = (string | number)[];
export type Choice = { value: string | number; title: string };

export type Field =
  | { kind: 'group'; title?: string; properties: [string, Node][]; required: string[]; conditions: Node[] }
  | { kind: 'options'; title?: string; discriminator: string; options: { value: string; title: string; node: Node }[] }
  | { kind: 'list'; title?: string; items: Node; minItems?: number; maxItems?: number }
  | { kind: 'checkboxes'; title?: string; choices: Choice[] }
  | { kind: 'person-set'; title?: string }
  | { kind: 'select'; title?: string; choices: Choice[] }
  | { kind: 'yesno'; title?: string }
  | { kind: 'flag'; title?: string }
  | { kind: 'date'; title?: string; partial: boolean }
  | { kind: 'number'; title?: string; integer: boolean }
  | { kind: 'text'; title?: string; long: boolean }
  | { kind: 'code'; title?: string; list: CodeList }
  | { kind: 'person'; title?: string }
  | { kind: 'attachment'; title?: string }
  | { kind: 'fixed' };

/** The standard's code definitions (common.schema.json `$defs`), chosen by name in the form. */
export type CodeList = 'language' | 'country' | 'script' | 'atc' | 'icd10';
export const CODE_DEFS: Record<string, CodeList> = { common__languageCode: 'language', common__countryCode: 'country', common__scriptCode: 'script', common__atc: 'atc', common__icd10: 'icd10' };
const PERSON_DEF = 'common__personRef';
/** A reference to one of the handover's attachments. */
const ATTACHMENT_DEF = 'common__attachmentRef';
/** The standard's date of the past at the precision known (1.2: a year, a year and month, or a full date). */
const PARTIAL_DATE_DEF = 'common__partialDate';

/** A schema tree: the document's root and the bundle's `$defs`. */
export interface Tree {
  root: Node;
  defs: Node;
}

/** The node with its `$ref`s followed and its unconditional `allOf`s merged; the last definition passed through is kept (it names codes and person references). */
export function resolve(tree: Tree, node: Node): Node & { __def?: string } {
  let out: Node & { __def?: string } = { ...node };
  for (let i = 0; typeof out.$ref === 'string' && i < 20; i++) {
    const name = out.$ref.slice('#/$defs/'.length);
    const { $ref: _r, ...rest } = out;
    const target = (tree.defs[name] ?? {}) as Node;
    // The referring node's own words (its title) win over the definition's.
    out = { ...target, ...rest, __def: name };
    if (typeof target.$ref !== 'string') break;
    out.$ref = target.$ref;
  }
  if (Array.isArray(out.allOf)) {
    const conditions: Node[] = [];
    for (const part of out.allOf as Node[]) {
      if ('if' in part) conditions.push(part);
      else {
        const p = resolve(tree, part);
        out = { ...p, ...out, properties: { ...((p.properties as Node) ?? {}), ...((out.properties as Node) ?? {}) }, required: [...((p.required as string[]) ?? []), ...((out.required as string[]) ?? [])] };
      }
    }
    out.allOf = conditions;
  }
  // A condition written on the node itself (not inside an allOf) binds the same way.
  if (out.if !== undefined) {
    const { if: cond, then: yes, else: no, ...rest } = out;
    out = { ...rest, allOf: [...((rest.allOf as Node[] | undefined) ?? []), { if: cond, then: yes, else: no }] };
  }
  return out;
}

const constChoices = (n: Node): Choice[] | undefined => {
  const list = n.oneOf as Node[] | undefined;
  if (Array.isArray(list) && list.length > 0 && list.every((o) => 'const' in o)) return list.map((o) => ({ value: o.const as string, title: (o.title as string) ?? String(o.const) }));
  if (Array.isArray(n.enum)) return (n.enum as (string | number)[]).map((v) => ({ value: v, title: String(v) }));
  return undefined;
};

/** What kind of field a schema node is drawn as. */
export function classify(tree: Tree, raw: Node): Field {
  const n = resolve(tree, raw);
  const title = n.title as string | undefined;
  // A statement that is either made or absent ("has no family name"): a tick, never a "no".
  if (n.type === 'boolean' && n.const === true) return { kind: 'flag', title };
  if ('const' in n) return { kind: 'fixed' };
  const disc = (n.discriminator as Node | undefined)?.propertyName as string | undefined;
  if (disc && Array.isArray(n.oneOf)) {
    const options = (n.oneOf as Node[]).map((o) => {
      const r = resolve(tree, o);
      const d = ((r.properties as Node | undefined)?.[disc] ?? {}) as Node;
      // An option is named by its own title (a section's status: the standard's label), else by its value.
      return { value: d.const as string, title: (r.title as string | undefined) ?? String(d.const), node: r };
    });
    return { kind: 'options', title, discriminator: disc, options };
  }
  const choices = constChoices(n);
  if (choices) return { kind: 'select', title, choices };
  if (n.__def && CODE_DEFS[n.__def]) return { kind: 'code', title, list: CODE_DEFS[n.__def]! };
  if (n.__def === PERSON_DEF) return { kind: 'person', title };
  if (n.__def === ATTACHMENT_DEF) return { kind: 'attachment', title };
  if (n.__def === PARTIAL_DATE_DEF) return { kind: 'date', title, partial: true };
  switch (n.type) {
    case 'object':
      return { kind: 'group', title, properties: Object.entries((n.properties as Record<string, Node>) ?? {}), required: (n.required as string[]) ?? [], conditions: (n.allOf as Node[]) ?? [] };
    case 'array': {
      const items = resolve(tree, (n.items as Node) ?? {});
      const itemChoices = constChoices(items);
      if (itemChoices && n.uniqueItems) return { kind: 'checkboxes', title, choices: itemChoices };
      // Several persons of the household: ticked by name.
      if (items.__def === PERSON_DEF) return { kind: 'person-set', title };
      return { kind: 'list', title, items: n.items as Node, minItems: n.minItems as number | undefined, maxItems: n.maxItems as number | undefined };
    }
    case 'boolean':
      return { kind: 'yesno', title };
    case 'integer':
    case 'number':
      return { kind: 'number', title, integer: n.type === 'integer' };
    default:
      if (n.format === 'date') return { kind: 'date', title, partial: false };
      return { kind: 'text', title, long: typeof n.maxLength === 'number' ? n.maxLength > 400 : false };
  }
}

/**
 * How many boxes a list is drawn as, when the schema fixes its length (minItems = maxItems) and each
 * entry is a single value (a number, a text, a choice): a questionnaire's answers ("Svar på spørgsmål
 * 1-14", exactly 14 scores), typed straight through, not added one by one. Undefined for any other list.
 */
export function boxesOf(tree: Tree, field: Field): number | undefined {
  if (field.kind !== 'list' || field.minItems === undefined || field.minItems !== field.maxItems || field.minItems < 1) return undefined;
  const item = classify(tree, field.items);
  return item.kind === 'number' || item.kind === 'select' || (item.kind === 'text' && !item.long) ? field.minItems : undefined;
}

/** The option a discriminated value stands for, if it names one. */
export function optionOf(field: Extract<Field, { kind: 'options' }>, value: unknown) {
  const v = (value as Node | undefined)?.[field.discriminator];
  return field.options.find((o) => o.value === v);
}

/**
 * Whether a value meets a condition of the schema (an `if`): the keywords the standard's conditions
 * use (required, properties with const, enum, type, minimum, maximum, minLength, not). Anything else
 * is taken as met, as JSON Schema takes a keyword it does not know.
 */
export function holds(cond: Node, value: unknown): boolean {
  if (cond === (true as unknown)) return true;
  if (cond === (false as unknown)) return false;
  if (cond.not !== undefined && holds(cond.not as Node, value)) return false;
  if ('const' in cond && JSON.stringify(cond.const) !== JSON.stringify(value)) return false;
  if (Array.isArray(cond.enum) && !(cond.enum as unknown[]).includes(value)) return false;
  if (typeof cond.type === 'string' && !isOfType(value, cond.type)) return false;
  if (typeof value === 'number') {
    if (typeof cond.minimum === 'number' && value < cond.minimum) return false;
    if (typeof cond.maximum === 'number' && value > cond.maximum) return false;
  }
  if (typeof value === 'string' && typeof cond.minLength === 'number' && value.length < cond.minLength) return false;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Node;
    if (Array.isArray(cond.required) && !(cond.required as string[]).every((k) => k in v)) return false;
    for (const [k, p] of Object.entries((cond.properties as Record<string, Node>) ?? {})) if (k in v && !holds(p, v[k])) return false;
  }
  return true;
}

const isOfType = (v: unknown, type: string) => (type === 'integer' ? Number.isInteger(v) : type === 'object' ? v !== null && typeof v === 'object' && !Array.isArray(v) : type === 'array' ? Array.isArray(v) : typeof v === type);

/** The branches of a group's conditions that apply to the value it has now. */
const branchesNow = (field: Extract<Field, { kind: 'group' }>, value: unknown): Node[] =>
  field.conditions.map((c) => (holds(c.if as Node, value ?? {}) ? c.then : c.else) as Node | undefined).filter((b): b is Node => !!b);

/** The required fields of a group with the value it has now: its own, and those its conditions require. */
export function requiredNow(field: Extract<Field, { kind: 'group' }>, value: unknown): Set<string> {
  const out = new Set(field.required);
  for (const b of branchesNow(field, value)) for (const r of (b.required as string[]) ?? []) out.add(r);
  return out;
}

/** The fields a group does not take with the value it has now (a condition says `false` for them: a vaccine not given has no date). */
export function forbiddenNow(field: Extract<Field, { kind: 'group' }>, value: unknown): Set<string> {
  // Fields waiting for a choice not made (or taken back) are not taken either, until it is made.
  const out = waitingNow(field, value);
  for (const b of branchesNow(field, value)) for (const [k, p] of Object.entries((b.properties as Node) ?? {})) if (p === false) out.add(k);
  return out;
}

/**
 * The properties a group's conditions choose by their value (a vaccine's status, a reason), each
 * with the fields its branches decide (a date not taken, a reason required): those fields do not
 * apply until the choice is made, so they wait for it. A field the group always requires never waits.
 */
export function waitingFor(field: Extract<Field, { kind: 'group' }>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const always = new Set(field.required);
  for (const c of field.conditions) {
    const cond = (c.if ?? {}) as Node;
    const tests = (cond.properties ?? {}) as Record<string, Node>;
    const keys = ((cond.required as string[] | undefined) ?? []).filter((k) => tests[k] && ('const' in tests[k]! || Array.isArray(tests[k]!.enum)));
    if (keys.length === 0) continue;
    const decided = new Set<string>();
    for (const b of [c.then, c.else] as (Node | undefined)[]) {
      if (!b || typeof b !== 'object') continue;
      for (const r of (b.required as string[] | undefined) ?? []) decided.add(r);
      for (const k of Object.keys((b.properties as Node | undefined) ?? {})) decided.add(k);
    }
    for (const k of keys) for (const d of decided) if (d !== k && !always.has(d)) out.set(k, (out.get(k) ?? new Set()).add(d));
  }
  return out;
}

/** The fields that wait for a choice not made yet in this value (a vaccine's date before its status is chosen), also through a choice that itself waits. */
export function waitingNow(field: Extract<Field, { kind: 'group' }>, value: unknown): Set<string> {
  const v = (value ?? {}) as Node;
  const out = new Set<string>();
  const waits = waitingFor(field);
  // A choice that waits (a vaccine's reason, waiting for its status) keeps its own fields waiting too.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, fields] of waits) {
      if (isGiven(v[key]) && !out.has(key)) continue;
      for (const f of fields) {
        if (out.has(f)) continue;
        out.add(f);
        changed = true;
      }
    }
  }
  return out;
}

/** A group's value after a change: what it no longer takes removed, and said. */
export function withoutForbidden(field: Extract<Field, { kind: 'group' }>, value: Node): { value: Node; dropped: string[] } {
  const forbidden = forbiddenNow(field, value);
  const dropped = Object.keys(value).filter((k) => forbidden.has(k) && isGiven(value[k]));
  if (dropped.length === 0) return { value, dropped };
  const next = { ...value };
  for (const k of dropped) delete next[k];
  return { value: next, dropped };
}

export const pointerOf = (path: Path) => path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

export function getIn(value: unknown, path: Path): unknown {
  let v = value;
  for (const p of path) v = v === null || typeof v !== 'object' ? undefined : (v as Node)[p as string];
  return v;
}

/** A copy of `doc` with `value` at `path` (absent when undefined); containers are made as the path needs them. */
export function setIn<T>(doc: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const base = (doc ?? (typeof head === 'number' ? [] : {})) as Node | unknown[];
  const next = setIn((base as Node)[head as string], rest, value);
  if (Array.isArray(base)) {
    const copy = [...base];
    copy[head as number] = next;
    return copy as T;
  }
  const copy: Node = { ...base };
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy as T;
}

/** Choosing another option (a section's status): the new option's value keeps what it also takes, and says what it dropped. */
export function switchOption(field: Extract<Field, { kind: 'options' }>, old: unknown, chosen: string): { value: Node; dropped: string[] } {
  const option = field.options.find((o) => o.value === chosen)!;
  const takes = new Set(Object.keys((option.node.properties as Node) ?? {}));
  const value: Node = { [field.discriminator]: chosen };
  const dropped: string[] = [];
  for (const [k, v] of Object.entries((old ?? {}) as Node)) {
    if (k === field.discriminator) continue;
    if (takes.has(k)) value[k] = v;
    else dropped.push(k);
  }
  return { value, dropped };
}

/** Whether anything was given at all (an empty object or a blank string is nothing; an empty list is the answer "none"). */
export function isGiven(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  // An empty list is an answer only when the sender said so ("there are none"): absent is not given.
  if (Array.isArray(value)) return value.length === 0 || value.some(isGiven);
  if (typeof value === 'object') return Object.values(value as Node).some(isGiven);
  return true;
}

/** The title a property is shown with: its schema's title, else its definition's. */
export function titleOf(tree: Tree, node: Node, fallback: string): string {
  return ((resolve(tree, node).title as string | undefined) ?? fallback) || fallback;
}

/** The schema node at a path of the document, following the option each discriminated value chose. */
export function nodeAt(tree: Tree, doc: unknown, path: Path): Node | undefined {
  let node: Node | undefined = tree.root;
  for (let i = 0; i < path.length && node; i++) {
    const n = resolve(tree, node);
    const field = classify(tree, node);
    const seg = path[i]!;
    if (field.kind === 'options') {
      const chosen = optionOf(field, getIn(doc, path.slice(0, i)));
      // The choice itself before one is made: named as its control is (the options' own title when the list item has none).
      const choiceTitle = () => n.title ?? field.options.map((o) => resolve(tree, ((o.node.properties as Node | undefined)?.[seg as string] as Node | undefined) ?? {}).title).find(Boolean);
      node = ((chosen?.node.properties as Node | undefined)?.[seg as string] ?? (seg === field.discriminator ? { title: choiceTitle() } : undefined)) as Node | undefined;
    } else if (field.kind === 'list' || field.kind === 'checkboxes' || field.kind === 'person-set') node = n.items as Node;
    else if (field.kind === 'group') node = field.properties.find(([k]) => k === seg)?.[1];
    else node = undefined;
  }
  return node;
}
