/**
 * Turns the published schemas into what the form library draws: one self-contained schema per
 * document (the other schemas' `$ref`s pointed at local `$defs`), with the standard's own labels
 * (`x-label`, `x-enum-labels`) as titles in the page's language, and a uiSchema that hides what
 * the application fills in itself. The published schemas stay the one source: nothing here names
 * a field of a form, only the standard's conventions.
 */
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { api } from './api';
import { municipalityName } from '../../src/domain/municipalities';
import type { Lang } from './i18n';
import { validateWith } from './schema-validator';
import { LAYOUTS } from './form-layout';
import { CODE_DEFS } from './form-model';

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
 * One document's schema, with every schema it refers to bundled into `$defs`, as the form draws
 * it: each section's status first (labelled, a choice the sender must make), then the fields of
 * what that status needs. The same rules, in the published structure, are what the form validates
 * against (schema-validator.ts is given both).
 */
export async function formSchema(document: Exclude<DocumentName, 'common'>, version: string, lang: Lang): Promise<RJSFSchema> {
  const bundle = await bundleOf(version, lang);
  const $ref = `#/$defs/${defKey(document)}`;
  const display = { $ref, $defs: bundle.display } as RJSFSchema;
  validateWith(display, { $ref, $defs: bundle.validation } as RJSFSchema);
  return display;
}

/**
 * One document of a version in its published structure (titles in the page's language, closed
 * lists as labelled constants, every `$ref` pointing into `defs`): what the step-by-step form
 * draws and validates (form-model.ts), without the form library's reshaping.
 */
export async function documentTree(document: Exclude<DocumentName, 'common'>, version: string, lang: Lang): Promise<{ root: Node; defs: Node }> {
  const bundle = await bundleOf(version, lang);
  return { root: { $ref: `#/$defs/${defKey(document)}` }, defs: bundle.validation };
}

/** Every document of a version bundled once per language, as validated and as drawn; each form is a `$ref` into it. */
const bundles = new Map<string, Promise<{ validation: Node; display: Node }>>();

function bundleOf(version: string, lang: Lang): Promise<{ validation: Node; display: Node }> {
  let found = bundles.get(`${version} ${lang}`);
  if (!found) {
    found = fetchAll(version).then((docs) => {
      const common = docs.common.$defs as Node;
      const statusLabels = (common.assessmentStatus as Node)['x-enum-labels'] as Record<string, Label>;
      const statusTitle = ((common.assessmentStatus as Node)['x-label'] as Label)[lang];
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
      const display = sectionsAsStatusFirst({ $defs } as RJSFSchema, statusTitle, statusLabels, lang).$defs as Node;
      // A code of the standard's lists is drawn by the code widget (form-kit.tsx), chosen by name; validated as published.
      for (const [def, list] of Object.entries(CODE_DEFS)) if (display[def]) display[def] = { ...(display[def] as Node), format: `code-${list}` };
      return { validation: $defs, display };
    });
    bundles.set(`${version} ${lang}`, found);
  }
  return found;
}

/** A section (a oneOf discriminated by status) drawn as the status, then the chosen option's fields (the form library's `dependencies`). */
function sectionsAsStatusFirst(root: RJSFSchema, statusTitle: string, labels: Record<string, Label>, lang: Lang): RJSFSchema {
  const defs = root.$defs as Record<string, Node>;
  const resolve = (n: Node): Node => {
    if (typeof n.$ref !== 'string' || !n.$ref.startsWith('#/$defs/')) return n;
    const { $ref, ...rest } = n;
    return { ...resolve(defs[$ref.slice('#/$defs/'.length)] ?? {}), ...rest };
  };
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (!n || typeof n !== 'object') return n;
    const node = n as Node;
    if ((node.discriminator as Node | undefined)?.propertyName === 'status' && Array.isArray(node.oneOf)) {
      const options = (node.oneOf as Node[]).map((o) => resolve(o));
      const statuses = options.map((o) => ((o.properties as Node).status as Node).const as string);
      const { oneOf: _o, discriminator: _d, ...rest } = node;
      return {
        ...(walk(rest) as Node),
        type: 'object',
        required: ['status'],
        properties: { status: { type: 'string', title: statusTitle, oneOf: statuses.map((st) => ({ const: st, title: labels[st]?.[lang] ?? st })) } },
        dependencies: { status: { oneOf: options.map(({ title: _t, ...o }) => walk(o)) } },
      };
    }
    const out: Node = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    // The standard's conditions only forbid or require fields (a fact, or why it is not known): the
    // form library would merge them unconditionally, so the drawing shows every field and the
    // validation (with the conditions) says which one is needed or not allowed.
    if (Array.isArray(out.allOf)) {
      const kept = (out.allOf as Node[]).filter((c) => !('if' in c));
      if (kept.length > 0) out.allOf = kept;
      else delete out.allOf;
    }
    delete out.if;
    delete out.then;
    delete out.else;
    return out;
  };
  return walk(root) as RJSFSchema;
}

/** The fields the application fills in itself (identifiers, the signer, the files' facts): hidden from the person filling the form. */
export function handoverUiSchema(): UiSchema {
  const hidden = { 'ui:widget': 'hidden' };
  const person = { 'ui:widget': 'person' };
  const personForm = { personRef: hidden };
  return {
    'ui:order': ['recipient', 'integrationResponsibilityFrom', 'expectedArrival', 'persons', 'household', 'consents', 'urgentFlags', 'attachments', '*'],
    documentType: hidden,
    schemaVersion: hidden,
    handoverId: hidden,
    version: hidden,
    supersedes: { 'ui:field': 'hidden' },
    createdAt: hidden,
    sender: { organisationId: hidden, organisationType: hidden, organisationName: hidden },
    recipient: { readdressing: { 'ui:field': 'hidden' } },
    persons: { items: { personRef: hidden, socialInformation: personForm, healthScreening: personForm } },
    attachments: { 'ui:field': 'attachments' },
    household: {
      relations: { items: { from: person, to: person } },
      livingArrangements: { items: { personRefs: { items: person } } },
    },
    consents: { items: { personRef: person, audiences: { 'ui:widget': 'checkboxes' }, scopes: { 'ui:widget': 'checkboxes' } } },
    urgentFlags: { items: { personRef: person } },
  };
}

/** A withdrawal: the sender says only why; which version, by whom and when the application fills in. */
export function withdrawalUiSchema(): UiSchema {
  const hidden = { 'ui:widget': 'hidden' };
  return { documentType: hidden, schemaVersion: hidden, handoverId: hidden, version: hidden, senderOrganisationId: hidden, withdrawnAt: hidden };
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

/** A drawn document's own title (its x-label in the page's language). */
export function documentTitle(schema: RJSFSchema): string {
  const ref = typeof schema.$ref === 'string' ? schema.$ref.slice('#/$defs/'.length) : '';
  return ((schema.$defs as Record<string, { title?: string }> | undefined)?.[ref]?.title ?? '') as string;
}
