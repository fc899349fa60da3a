/**
 * Turns the published schemas into what the forms draw (form-model.ts, form-fields.tsx): one
 * self-contained tree per document (the other schemas' `$ref`s pointed at local `$defs`), with the
 * standard's own labels (`x-label`, `x-enum-labels`) as titles in the page's language. The published
 * schemas stay the one source: nothing here names a field of a form, only the standard's conventions;
 * what the application fills itself is in the layout beside each schema.
 */
import { api } from './api';
import { municipalityName } from '../../src/domain/municipalities';
import type { Lang } from './i18n';
import { LAYOUTS } from './form-layout';

type Node = Record<string, unknown>;
type Label = Record<Lang, string>;

const BASE = 'https://handover-exchange.dk/schemas/';
/** `<name>/<version>/<name>.schema.json` and an optional `#/$defs/<def>` after it. */
const REF = /^https:\/\/handover-exchange\.dk\/schemas\/([a-z-]+)\/[0-9.]+\/[a-z-]+\.schema\.json(?:#\/\$defs\/([A-Za-z0-9]+))?$/;

const DOCUMENTS = ['common', 'social-information', 'health-screening', 'handover', 'handover-withdrawal', 'health-assessment-result'] as const;
type DocumentName = (typeof DOCUMENTS)[number];

const cache = new Map<string, Promise<Record<DocumentName, Node>>>();

function fetchAll(version: string): Promise<Record<DocumentName, Node>> {
  let found = cache.get(version);
  if (!found) {
    found = Promise.all(DOCUMENTS.map((name) => api.get<Node>(`/v1/schemas/${name}/${version}`))).then((docs) => Object.fromEntries(DOCUMENTS.map((n, i) => [n, docs[i]!])) as Record<DocumentName, Node>);
    cache.set(version, found);
  }
  return found;
}

/** Where a document's own `$defs` go in the bundle, so that names of two documents never meet. */
const defKey = (document: string, def?: string) => (def ? `${document}__${def}` : `${document}__document`);

function rewrite(node: unknown, document: string, lang: Lang, statusLabels: Record<string, Label>): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, document, lang, statusLabels));
  if (!node || typeof node !== 'object') return node;
  const source = node as Node;
  const out: Node = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$id' || key === '$schema' || key === 'x-enum-labels' || key === 'x-section') continue;
    // Developer notes are written in English for integrators; the form speaks the page's language.
    if (key === 'description' && typeof value === 'string') continue;
    if (key === 'x-label') {
      out.title = (value as Label)[lang];
      continue;
    }
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = localRef(value, document);
      continue;
    }
    out[key] = rewrite(value, document, lang, statusLabels);
  }
  // A closed list with the standard's labels: drawn as a choice among labelled constants.
  const enumLabels = source['x-enum-labels'] as Record<string, Label> | undefined;
  if (Array.isArray(source.enum) && enumLabels) {
    delete out.enum;
    out.type ??= typeof (source.enum as unknown[])[0] === 'number' ? 'number' : 'string';
    out.oneOf = (source.enum as unknown[]).map((v) => ({ const: v, title: enumLabels[String(v)]?.[lang] ?? String(v) }));
  }
  // A section's options are named by the status each one stands for.
  const disc = (source.discriminator as Node | undefined)?.propertyName;
  if (Array.isArray(out.oneOf) && disc === 'status') {
    out.oneOf = (out.oneOf as Node[]).map((option, i) => ({ ...option, title: statusTitle((source.oneOf as Node[])[i]!, statusLabels, lang) }));
  } else if (Array.isArray(out.oneOf) && typeof disc === 'string') {
    // Another choice named by its discriminator (a screening's instrument): an option whose value the
    // schema gives no label ("other") takes the words of the layout beside the schema.
    const words = (LAYOUTS as Record<string, { valueLabels?: Record<string, Record<string, Label>> }>)[document]?.valueLabels?.[disc];
    out.oneOf = (out.oneOf as Node[]).map((option) => {
      const value = ((option.properties as Node | undefined)?.[disc] as Node | undefined)?.const;
      const label = typeof value === 'string' ? words?.[value]?.[lang] : undefined;
      return label && !option.title ? { ...option, title: label } : option;
    });
  }
  return out;
}

function statusTitle(option: Node, labels: Record<string, Label>, lang: Lang): string {
  const status = ((option.properties as Node | undefined)?.status as Node | undefined)?.const;
  if (typeof status === 'string') return labels[status]?.[lang] ?? status;
  const def = typeof option.$ref === 'string' ? REF.exec(option.$ref)?.[2] : undefined;
  const byDef: Record<string, string> = { noFindings: 'no-findings', healthNoFindings: 'no-findings', notAssessed: 'not-assessed', declined: 'declined', notApplicable: 'not-applicable' };
  const s = def ? byDef[def] : undefined;
  return s ? (labels[s]?.[lang] ?? s) : '';
}

/** The released schemas misspell four municipalities ("København Kommune") and never change: the form names each as every other page does, officially. */
function withOfficialMunicipalityNames(def: Node | undefined, lang: Lang): void {
  if (!def || !Array.isArray(def.oneOf)) return;
  def.oneOf = (def.oneOf as Node[]).map((option) => ({ ...option, title: municipalityName(String(option.const), lang) }));
}

function localRef(ref: string, document: string): string {
  if (ref.startsWith('#/$defs/')) return `#/$defs/${defKey(document, ref.slice('#/$defs/'.length))}`;
  const m = REF.exec(ref);
  if (!m) throw new Error(`unexpected $ref ${ref}`);
  return `#/$defs/${defKey(m[1]!, m[2])}`;
}

/**
 * One document of a version in its published structure (titles in the page's language, closed
 * lists as labelled constants, every `$ref` pointing into `defs`): what the forms draw and
 * validate (form-model.ts).
 */
export async function documentTree(document: Exclude<DocumentName, 'common'>, version: string, lang: Lang): Promise<{ root: Node; defs: Node }> {
  return { root: { $ref: `#/$defs/${defKey(document)}` }, defs: await bundleOf(version, lang) };
}

/** Every document of a version bundled once per language; each form is a `$ref` into it. */
const bundles = new Map<string, Promise<Node>>();

function bundleOf(version: string, lang: Lang): Promise<Node> {
  let found = bundles.get(`${version} ${lang}`);
  if (!found) {
    found = fetchAll(version).then((docs) => {
      const common = docs.common.$defs as Node;
      const statusLabels = (common.assessmentStatus as Node)['x-enum-labels'] as Record<string, Label>;
      const $defs: Node = {};
      for (const name of DOCUMENTS) {
        const doc = docs[name];
        for (const [def, schema] of Object.entries((doc.$defs as Node | undefined) ?? {})) $defs[defKey(name, def)] = rewrite(schema, name, lang, statusLabels);
        if (name !== 'common') {
          const { $defs: _own, ...whole } = doc;
          $defs[defKey(name)] = rewrite(whole, name, lang, statusLabels);
        }
      }
      withOfficialMunicipalityNames($defs[defKey('common', 'municipalityCode')] as Node | undefined, lang);
      return $defs;
    });
    bundles.set(`${version} ${lang}`, found);
  }
  return found;
}

export const SCHEMA_BASE = BASE;

/** A new person's forms: every section starts as "not assessed" without a reason, so the form cannot be sent until each one says what was found or why it was not assessed; never a blank. */
export async function blankPerson(version: string, personRef: string): Promise<{ personRef: string; socialInformation: Node; healthScreening: Node }> {
  const docs = await fetchAll(version);
  return {
    personRef,
    socialInformation: { personRef, ...sectionsOf(docs['social-information']) },
    healthScreening: { personRef, ...sectionsOf(docs['health-screening']) },
  };
}

function sectionsOf(schema: Node): Node {
  const out: Node = {};
  for (const [key, property] of Object.entries((schema.properties as Record<string, Node> | undefined) ?? {})) {
    if (property['x-section']) out[key] = { status: 'not-assessed' };
    else if (property.type === 'object' && property.properties) {
      const inner = sectionsOf(property);
      if (Object.keys(inner).length > 0) out[key] = inner;
    }
  }
  return out;
}
