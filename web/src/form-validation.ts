/**
 * The handover checked part by part: the household (everything but the persons' forms) and each
 * person's forms, each against its own published schema, so that a keystroke in one person's
 * health form checks that form alone. A part's problems are kept until the part itself changes
 * (the form replaces only the objects on the path it changed, setIn in form-model.ts), so checking
 * "the whole document" (on leaving a step, on review, before signing) costs only the parts that
 * changed since the last check, and gives the same problems as checking it in one piece: JSON
 * Schema has no rule that looks from one person's form into another part.
 */
import type { Lang } from './i18n';
import { withoutEmpty } from './form-kit';
import { boxesOf, classify, getIn, isGiven, nodeAt, type Node, type Path, type Tree } from './form-model';
import { w } from './form-words';
import { validateDocument } from './schema-validator';

export type Problemish = { pointer: string; keyword: string; message: string };
type Doc = Record<string, unknown>;

/** Where the persons and their forms are in the handover (the layout's `personForms`). */
export interface PartsOfHandover {
  persons: string;
  personForms: string[];
}

/**
 * A checker for one schema tree in one language: call it with the document as it is now; it
 * checks again only the parts whose objects are not the ones it checked last time.
 */
export function partChecker(tree: Tree, parts: PartsOfHandover, lang: Lang): (doc: Doc) => Problemish[] {
  const household = householdSchema(tree, parts);
  const formSchemas = new Map<string, Node>();
  const formSchema = (ref: string) => {
    let found = formSchemas.get(ref);
    if (!found) formSchemas.set(ref, (found = { $ref: ref, $defs: tree.defs }));
    return found;
  };
  const formRefs = personFormRefs(tree, parts);
  /** Each person's form by its object: its problems, pointers counted from the form's own root. */
  const byForm = new WeakMap<object, Problemish[]>();
  let last: { inputs: unknown[]; problems: Problemish[] } | null = null;

  return (doc) => {
    const persons = Array.isArray(doc[parts.persons]) ? (doc[parts.persons] as Doc[]) : [];
    // The household: what it holds besides the forms; the forms stand in as "given" (checked on their own below).
    const inputs = [...Object.entries(doc).flatMap(([k, v]) => (k === parts.persons ? [] : [k, v])), ...persons.flatMap((p) => Object.entries(p ?? {}).flatMap(([k, v]) => (parts.personForms.includes(k) ? [k, isFilled(v)] : [k, v])))];
    if (!last || last.inputs.length !== inputs.length || last.inputs.some((v, i) => v !== inputs[i])) {
      const stand = { ...doc, [parts.persons]: persons.map((p) => (p && typeof p === 'object' ? Object.fromEntries(Object.entries(p).map(([k, v]) => [k, parts.personForms.includes(k) && isFilled(v) ? true : v])) : p)) };
      last = { inputs, problems: validateDocument(household as never, withoutEmpty(stand), lang) };
    }
    const out = [...last.problems];
    persons.forEach((p, i) => {
      for (const form of parts.personForms) {
        const value = p?.[form];
        const ref = formRefs[form];
        if (!value || typeof value !== 'object' || !ref || !isFilled(value)) continue;
        let found = byForm.get(value);
        if (!found) byForm.set(value, (found = validateDocument(formSchema(ref) as never, withoutEmpty(value), lang)));
        const prefix = `/${parts.persons}/${i}/${form}`;
        for (const e of found) out.push({ ...e, pointer: prefix + e.pointer });
      }
    });
    return out;
  };
}

/** A form with anything in it after blanks are taken away (what the document sends); an empty one is the household's "missing". */
const isFilled = (v: unknown) => {
  const cleaned = withoutEmpty(v);
  return cleaned !== undefined && cleaned !== '' && !(cleaned && typeof cleaned === 'object' && Object.keys(cleaned).length === 0);
};

/** The `$defs` definition a `$ref` names (followed through references to references). */
function defOf(tree: Tree, node: Node | undefined): { name?: string; node?: Node } {
  let n = node;
  let name: string | undefined;
  for (let i = 0; n && typeof n.$ref === 'string' && i < 20; i++) {
    name = n.$ref.slice('#/$defs/'.length);
    n = tree.defs[name] as Node | undefined;
  }
  return { name, node: n };
}

/** The person item's schema node inside the handover's own definition. */
function personItem(tree: Tree, parts: PartsOfHandover): { root: { name: string; node: Node }; items: Node } | undefined {
  const { name, node: root } = defOf(tree, tree.root);
  const persons = ((root?.properties as Node | undefined)?.[parts.persons] ?? undefined) as Node | undefined;
  const items = defOf(tree, (defOf(tree, persons).node?.items ?? undefined) as Node | undefined).node;
  return name && root && items ? { root: { name, node: root }, items } : undefined;
}

/** Each person form's schema reference (`#/$defs/...`). */
function personFormRefs(tree: Tree, parts: PartsOfHandover): Record<string, string> {
  const item = personItem(tree, parts);
  const out: Record<string, string> = {};
  for (const form of parts.personForms) {
    const ref = ((item?.items.properties as Node | undefined)?.[form] as Node | undefined)?.$ref;
    if (typeof ref === 'string') out[form] = ref;
  }
  return out;
}

/** The handover's schema with each person's forms taking anything: they are checked on their own. */
function householdSchema(tree: Tree, parts: PartsOfHandover): Node {
  const item = personItem(tree, parts);
  if (!item) return { $ref: tree.root.$ref, $defs: tree.defs };
  const root = item.root.node;
  const persons = defOf(tree, (root.properties as Node)[parts.persons] as Node).node!;
  const items = { ...item.items, properties: { ...(item.items.properties as Node), ...Object.fromEntries(parts.personForms.map((f) => [f, {}])) } };
  const nextRoot = { ...root, properties: { ...(root.properties as Node), [parts.persons]: { ...persons, items } } };
  return { $ref: tree.root.$ref, $defs: { ...tree.defs, [item.root.name]: nextRoot } };
}

/** A JSON Pointer as a path into the document (list indexes as numbers). */
export const pathOf = (pointer: string): Path => pointer.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));

const WHOLE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A whole date written as one, but no such day (2027-02-31, 2027-13-01). */
function isImpossibleDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const whole = WHOLE_DATE.exec(value);
  if (whole) {
    const [y, m, d] = [Number(whole[1]), Number(whole[2]), Number(whole[3])];
    const day = new Date(Date.UTC(y, m - 1, d));
    return day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d;
  }
  // A month alone (2024-13) keeps the message naming the shapes a partial date takes.
  return false;
}

/**
 * A date's message said with what its field takes (the schemas' "pattern" or "format" says neither):
 * a date that does not exist ("2027-02-31", typed as 31.02.2027) is said so; one written in a shape
 * the field does not take gets the shape it does.
 */
export function plainDateMessages(tree: Tree, doc: unknown, problems: Problemish[], lang: Lang): Problemish[] {
  return problems.map((e) => {
    if (e.keyword !== 'pattern' && e.keyword !== 'format') return e;
    const path = pathOf(e.pointer);
    const field = classify(tree, nodeAt(tree, doc, path) ?? {});
    if (field.kind !== 'date') return e;
    const partial = Boolean(field.partial);
    return { ...e, message: w(isImpossibleDate(getIn(doc, path)) ? 'dateDoesNotExist' : partial ? 'partialDateInvalid' : 'dateInvalid', lang) };
  });
}

/**
 * A box of a list drawn as boxes (a questionnaire's answers) left empty while others are filled: the
 * answer is missing, said so at the box ("Svar mangler"), whatever rule the empty place failed
 * ("required" here, "type" at the service, as JSON sends it as null).
 */
export function plainBoxMessages(tree: Tree, doc: unknown, problems: Problemish[], lang: Lang): Problemish[] {
  return problems.map((e) => {
    const path = pathOf(e.pointer);
    if (typeof path[path.length - 1] !== 'number' || isGiven(getIn(doc, path))) return e;
    const list = nodeAt(tree, doc, path.slice(0, -1));
    if (!list || boxesOf(tree, classify(tree, list)) === undefined) return e;
    return { ...e, keyword: 'required', message: w('answerMissing', lang) };
  });
}
