/** Every answer of a part of the document as label and value in words (for "Tjek dine svar"), and a step's state, from the schema and the value alone. */
import type { Lang } from './i18n';
import { boxesOf, classify, getIn, isGiven, nodeAt, optionOf, pointerOf, resolve, titleOf, type Node, type Path, type Tree } from './form-model';
import { w } from './form-words';
import { codeText } from '../../src/domain/code-names';
import { attachmentInWords, attachmentsOf } from './attachment-choice';

export interface Answer {
  /** Where the answer is (to change it). */
  path: Path;
  label: string;
  value: string;
  /** A section not assessed: its reason is the answer. */
  notAssessed?: boolean;
}

export type Persons = { ref: string; name: string }[];

/** The layout's words for a field whose schema label alone is ambiguous ("Dato"), where it has them. */
export type Labels = (p: Path) => string | undefined;

/** A list entry said as a sentence (a relation: "Amina er forælder til Yusuf"): its words and the properties they say. */
export type Sentence = (p: Path) => { text: string; says: string[] } | undefined;

/** The answers under `path`, in schema order; what was not given is not listed. */
export function answersOf(tree: Tree, doc: unknown, node: Node, path: Path, label: string, lang: Lang, persons: Persons, hidden: (p: Path) => boolean, sentence: Sentence = () => undefined, labels: Labels = () => undefined): Answer[] {
  if (hidden(path)) return [];
  const value = getIn(doc, path);
  if (!isGiven(value)) return [];
  const field = classify(tree, node);
  switch (field.kind) {
    case 'fixed':
      return [];
    case 'group':
      return field.properties.flatMap(([k, child]) => answersOf(tree, doc, child, [...path, k], join(label, labels([...path, k]) ?? titleOf(tree, child, k)), lang, persons, hidden, sentence, labels));
    case 'options': {
      const chosen = optionOf(field, value);
      if (!chosen) return [];
      const props = Object.entries((chosen.node.properties as Record<string, Node>) ?? {}).filter(([k]) => k !== field.discriminator);
      const rest = props.flatMap(([k, child]) => answersOf(tree, doc, child, [...path, k], join(label, labels([...path, k]) ?? titleOf(tree, child, k)), lang, persons, hidden, sentence, labels));
      return [{ path: [...path, field.discriminator], label, value: chosen.title, notAssessed: chosen.value === 'not-assessed' }, ...rest];
    }
    case 'list': {
      const item = resolve(tree, field.items).title as string | undefined;
      if ((value as unknown[]).length === 0) return [{ path, label, value: w('noneAnswer', lang) }];
      // Answers in boxes (a questionnaire's scores): one line, each by its number ("1: 2, 2: 0, ...").
      if (boxesOf(tree, field) !== undefined) {
        const itemField = classify(tree, field.items);
        const said = (v: unknown) => (!isGiven(v) ? w('boxMissing', lang) : itemField.kind === 'select' ? (itemField.choices.find((c) => c.value === v)?.title ?? String(v)) : String(v));
        return [{ path, label, value: (value as unknown[]).map((v, i) => w('boxAnswer', lang, { n: i + 1, value: said(v) })).join(', ') }];
      }
      return (value as unknown[]).flatMap((_, i) => {
        const at = [...path, i];
        const said = sentence(at);
        const named = labels(at) ?? item;
        const entry = named ? join(label, `${named} ${i + 1}`) : `${label} ${i + 1}`;
        if (!said) return answersOf(tree, doc, field.items, at, entry, lang, persons, hidden, sentence, labels);
        // The entry as its sentence, with the persons' names; what the sentence does not say (a note) after it.
        const rest = answersOf(tree, doc, field.items, at, join(label, said.text), lang, persons, (p) => hidden(p) || (p.length === at.length + 1 && said.says.includes(String(p[at.length]))), sentence, labels);
        return [{ path: at, label: entry, value: said.text }, ...rest];
      });
    }
    case 'person-set':
      return [{ path, label, value: (value as unknown[]).map((v) => persons.find((p) => p.ref === v)?.name ?? String(v)).join(', ') }];
    case 'checkboxes':
      return [{ path, label, value: (value as unknown[]).map((v) => field.choices.find((c) => c.value === v)?.title ?? String(v)).join(', ') }];
    case 'select':
      return [{ path, label, value: field.choices.find((c) => c.value === value)?.title ?? String(value) }];
    case 'yesno':
      return [{ path, label, value: w(value ? 'yes' : 'no', lang) }];
    case 'flag':
      return [{ path, label, value: w('yes', lang) }];
    case 'date':
      return [{ path, label, value: field.partial ? dateAsWritten(String(value), lang) : String(value) }];
    case 'person':
      return [{ path, label, value: persons.find((p) => p.ref === value)?.name ?? String(value) }];
    case 'attachment':
      return [{ path, label, value: attachmentInWords(attachmentsOf(doc), String(value), lang) }];
    case 'code':
      return [{ path, label, value: codeText(field.list, String(value), lang) }];
    default:
      return [{ path, label, value: String(value) }];
  }
}

/** A date at the precision it was written: "september 2024" for 2024-09, the year alone for 2024, a whole date as typed. */
function dateAsWritten(value: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m) return value;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

const join = (a: string, b: string) => (a ? `${a} › ${b}` : b);

export type StepState = { kind: 'not-started' } | { kind: 'answered' } | { kind: 'not-assessed'; reasons: string[] } | { kind: 'partly-not-assessed'; sections: string[] } | { kind: 'errors'; n: number };

/**
 * A step's state: errors first (once the step has been checked), then not assessed with its reasons
 * (every section of the step), partly not assessed (some sections assessed or answered, the others
 * named with their reasons), answered, or not started; what the application fills itself (hidden) is no answer.
 */
export function stateOf(tree: Tree, doc: unknown, base: Path, fields: string[], errors: { pointer: string }[], checked: boolean, lang: Lang, hidden: (p: Path) => boolean): StepState {
  if (checked && errors.length > 0) return { kind: 'errors', n: errors.length };
  const props = ((resolve(tree, nodeParent(tree, doc, base)).properties as Node) ?? {}) as Record<string, Node>;
  const given = fields.filter((f) => answersOf(tree, doc, props[f] ?? {}, [...base, f], '', lang, [], hidden).length > 0);
  if (given.length === 0) return { kind: 'not-started' };
  const reasons = new Map<string, string>();
  for (const f of given) {
    const v = getIn(doc, [...base, f]) as Node | undefined;
    const field = classify(tree, props[f] ?? {});
    if (field.kind !== 'options' || v?.status !== 'not-assessed') continue;
    const reasonNode = (optionOf(field, v)?.node.properties as Node | undefined)?.reason as Node | undefined;
    const reasonField = reasonNode ? classify(tree, reasonNode) : undefined;
    reasons.set(f, (reasonField?.kind === 'select' ? reasonField.choices.find((c) => c.value === v.reason)?.title : undefined) ?? w('notAnswered', lang));
  }
  if (reasons.size === 0) return { kind: 'answered' };
  const sections = fields.filter((f) => classify(tree, props[f] ?? {}).kind === 'options');
  if (reasons.size === sections.length && given.every((f) => reasons.has(f))) return { kind: 'not-assessed', reasons: [...new Set(reasons.values())] };
  return { kind: 'partly-not-assessed', sections: [...reasons].map(([f, reason]) => `${titleOf(tree, props[f] ?? {}, f)} (${reason})`) };
}

const nodeParent = (tree: Tree, doc: unknown, base: Path): Node => nodeAt(tree, doc, base) ?? tree.root;

/** One value in words, as the sentence of a layout says it (a choice by its label, a person by name); undefined when not given. */
export function valueInWords(tree: Tree, doc: unknown, path: Path, lang: Lang, persons: Persons): string | undefined {
  const node = nodeAt(tree, doc, path);
  const value = getIn(doc, path);
  if (!node || !isGiven(value)) return undefined;
  const found = answersOf(tree, doc, node, path, '', lang, persons, () => false);
  return found.length === 1 ? found[0]!.value : undefined;
}

/**
 * Where a place of the document is, in words, from `from` down (the part of it a page already
 * names is left out): each group's title, a list's entry as "Hastesager nr. 1", joined by " › ".
 */
export function placeOf(tree: Tree, doc: unknown, path: Path, lang: Lang, from = 0, labels: Labels = () => undefined): string {
  const parts: string[] = [];
  for (let i = from + 1; i <= path.length; i++) {
    const seg = path[i - 1]!;
    if (typeof seg === 'number') {
      const listNode = nodeAt(tree, doc, path.slice(0, i - 1)) ?? {};
      // A box of a questionnaire's answers: named as its box is ("Svar på spørgsmål 1-14 › Spørgsmål 4").
      if (boxesOf(tree, classify(tree, listNode)) !== undefined) {
        parts.push(boxName(tree, (resolve(tree, listNode).items as Node) ?? {}, seg, lang));
        continue;
      }
      const list = parts.pop() ?? titleOf(tree, listNode, '');
      parts.push(w('entry', lang, { list, n: seg + 1 }));
      continue;
    }
    const node = nodeAt(tree, doc, path.slice(0, i));
    const title = labels(path.slice(0, i)) ?? (node ? titleOf(tree, node, String(seg)) : String(seg));
    if (parts[parts.length - 1] !== title) parts.push(title);
  }
  return parts.join(' › ');
}

/** A box of a list drawn as boxes, by its number: "Spørgsmål 4", or the entries' own title and the number where the schema gives one. */
export function boxName(tree: Tree, items: Node, index: number, lang: Lang): string {
  const own = resolve(tree, items).title as string | undefined;
  return own ? `${own} ${index + 1}` : w('box', lang, { n: index + 1 });
}
