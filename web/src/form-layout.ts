/**
 * The layout kept beside each schema (schemas/<name>/layout.json, the same for every version): which
 * of a document's top-level properties go together in one step, in which order, and what the
 * application fills itself. A property a version lacks is skipped; one no step names becomes a
 * step of its own at the end, in schema order, so a new version's fields always appear.
 */
import handoverLayout from '../../schemas/handover/layout.json';
import socialLayout from '../../schemas/social-information/layout.json';
import healthLayout from '../../schemas/health-screening/layout.json';
import type { Lang } from './i18n';
import { resolve, titleOf, type Node, type Tree } from './form-model';

export interface Layout {
  /** `in`: a top-level property whose own properties `fields` names (a long section split over several steps). */
  steps: { id: string; title?: Record<Lang, string>; in?: string; fields: string[]; widget?: string }[];
  hidden: string[];
  personForms?: string[];
  personName?: string[];
  /** Properties (by name, anywhere in the document) that start as a copy of one of its top-level properties when their section is chosen. */
  inherit?: Record<string, string>;
  /** Words for fields whose schema label alone is ambiguous (pointer pattern -> {da, en}). */
  labels?: Record<string, Record<Lang, string>>;
  /** A list entry said as a sentence (pointer pattern -> {da, en} with {property} for its values in words). */
  sentences?: Record<string, Record<Lang, string>>;
  /** Lists whose entries can be given for several persons at once (pointer pattern of the list -> how): one entry per person ticked, `each` their person, `fixed` what the title says of them all. */
  together?: Record<string, Together>;
  /** Fields a later part of the standard replaced (pointer pattern -> its replacement's): drawn only while the document holds something in them. */
  retired?: Record<string, string>;
  /** Words for values the schema gives no label of their own (property name, anywhere in the document -> value -> {da, en}). */
  valueLabels?: Record<string, Record<string, Record<Lang, string>>>;
  /** A code field (pointer pattern) -> the sibling property its code's name fills when a code is picked and that property is empty. */
  codeNames?: Record<string, string>;
}

export interface Together {
  title: Record<Lang, string>;
  button: Record<Lang, string>;
  persons: Record<Lang, string>;
  each: string;
  fixed?: Record<string, unknown>;
}

export const LAYOUTS: Record<'handover' | 'social-information' | 'health-screening', Layout> = { handover: handoverLayout, 'social-information': socialLayout, 'health-screening': healthLayout };

export interface LayoutStep {
  id: string;
  title: string;
  /** Where the fields are, below the document's root (empty for its top-level properties). */
  in: string[];
  fields: string[];
  widget?: string;
}

/** The steps of one document as its layout and this version's schema say. */
export function stepsOf(layout: Layout, tree: Tree, lang: Lang): LayoutStep[] {
  const properties = (resolve(tree, tree.root).properties ?? {}) as Record<string, Node>;
  const named = new Set(layout.steps.flatMap((s) => (s.in ? [s.in] : s.fields)));
  const hidden = new Set(layout.hidden.filter((h) => !h.includes('/')));
  const steps: LayoutStep[] = [];
  for (const s of layout.steps) {
    const within = s.in ? (properties[s.in] ? ((resolve(tree, properties[s.in]!).properties ?? {}) as Record<string, Node>) : {}) : properties;
    const fields = s.fields.filter((f) => f in within);
    if (fields.length > 0) steps.push({ id: s.id, title: s.title?.[lang] ?? titleOf(tree, within[fields[0]!]!, fields[0]!), in: s.in ? [s.in] : [], fields, widget: s.widget });
  }
  for (const f of Object.keys(properties)) if (!named.has(f) && !hidden.has(f)) steps.push({ id: f, title: titleOf(tree, properties[f]!, f), in: [], fields: [f] });
  return steps;
}
