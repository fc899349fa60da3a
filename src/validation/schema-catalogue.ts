/**
 * Walks the published schemas into a flat catalogue of fields: path, labels, type, required,
 * allowed values, and which objects are "sections" with recommended fields. One source for the
 * generated docs, the completeness report and the PDF labels.
 */
import type { SchemaFile } from './schema-files.js';

export interface Label {
  da: string;
  en: string;
}

export interface CatalogueField {
  /** Property names from the document root; "*" stands for any array item. */
  path: string[];
  label: Label | undefined;
  type: string;
  required: boolean;
  /** Allowed values with their labels (enums and consts). */
  values: { value: string | number | boolean; label?: Label }[];
  /** Pattern, format, bounds: the rule in words. */
  constraints: string[];
  /** An object that states what is known: findings, no-findings, not-assessed, declined, not-applicable. */
  section: boolean;
  /** Fields that should be filled when the section has findings (or the object is present). */
  recommended: string[];
  /** The shared definition the field refers to (e.g. languageCode, countryCode, date), so readers can format it. */
  kind?: string;
}

type Schema = Record<string, unknown>;

function resolveRef(ref: string, base: Schema, byId: Map<string, Schema>): Schema {
  const [uri, fragment = ''] = ref.split('#');
  const doc = uri ? byId.get(uri) : base;
  if (!doc) throw new Error(`unresolvable $ref ${ref}`);
  let node: unknown = doc;
  for (const token of fragment.split('/').filter(Boolean)) node = (node as Schema)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node || typeof node !== 'object') throw new Error(`unresolvable $ref ${ref}`);
  return node as Schema;
}

/** Merges a schema with what its $ref points to (the referring side's keywords win, e.g. x-label). */
function deref(schema: Schema, byId: Map<string, Schema>, root: Schema): { schema: Schema; root: Schema } {
  let current = schema;
  let currentRoot = root;
  while (typeof current.$ref === 'string') {
    const ref = current.$ref;
    const [uri] = ref.split('#');
    const target = resolveRef(ref, currentRoot, byId);
    if (uri) currentRoot = byId.get(uri)!;
    const { $ref: _ignored, ...own } = current;
    current = { ...target, ...own };
  }
  return { schema: current, root: currentRoot };
}

/**
 * A pattern in words where it only keeps control characters out (1.0 writes them as regex escapes,
 * 1.1 as the characters themselves, which must never reach a Markdown table); otherwise the pattern.
 */
function describePattern(pattern: string): string {
  // 1.2 partialDate: the precision that is known; a full date is also checked as a calendar date.
  if (pattern === '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$') return 'a year (2024), a year and month (2024-09) or a real calendar date (2024-09-15)';
  if (pattern.startsWith('^[^\\u0000') || pattern.startsWith('^[^\u0000')) {
    const re = new RegExp(pattern, 'u');
    if (re.test('a\nb')) return 'no control characters but line breaks and tabs';
    return re.test('a/b') ? 'one line: no line breaks, tabs or other control characters' : 'one line, no control characters, no / or \\';
  }
  return `pattern \`${pattern}\``;
}

function describeConstraints(s: Schema): string[] {
  const out: string[] = [];
  if (typeof s.format === 'string') out.push(`format ${s.format}`);
  if (typeof s.pattern === 'string') out.push(describePattern(s.pattern));
  if (typeof s.minLength === 'number' && s.minLength > 1) out.push(`min length ${s.minLength}`);
  if (typeof s.maxLength === 'number') out.push(`max length ${s.maxLength}`);
  if (typeof s.minimum === 'number') out.push(`min ${s.minimum}`);
  if (typeof s.maximum === 'number') out.push(`max ${s.maximum}`);
  if (typeof s.minItems === 'number') out.push(`min items ${s.minItems}`);
  if (typeof s.maxItems === 'number') out.push(`max items ${s.maxItems}`);
  return out;
}

function typeOf(s: Schema): string {
  if (typeof s.type === 'string') return s.type;
  if ('const' in s) return typeof s.const;
  if (Array.isArray(s.oneOf)) return 'object';
  return 'any';
}

/** The labels of the five section statuses, from the common schema's vocabulary. */
function statusLabels(byId: Map<string, Schema>): Record<string, Label> {
  for (const schema of byId.values()) {
    const defs = schema.$defs as Record<string, Schema> | undefined;
    const labels = defs?.assessmentStatus?.['x-enum-labels'];
    if (labels) return labels as Record<string, Label>;
  }
  return {};
}

export function buildCatalogue(files: readonly SchemaFile[], rootId: string): CatalogueField[] {
  const byId = new Map(files.map((f) => [f.id, f.schema]));
  const statuses = statusLabels(byId);
  const root = byId.get(rootId);
  if (!root) throw new Error(`no schema ${rootId}`);
  const out = new Map<string, CatalogueField>();

  const visit = (raw: Schema, path: string[], required: boolean, currentRoot: Schema, depth: number) => {
    if (depth > 20) return;
    const { schema, root: r } = deref(raw, byId, currentRoot);
    const key = path.join('/');
    const kind = typeof raw.$ref === 'string' && raw.$ref.includes('#/$defs/') ? raw.$ref.split('/').at(-1) : undefined;
    const values: CatalogueField['values'] = [];
    const enumLabels = (schema['x-enum-labels'] ?? {}) as Record<string, Label>;
    if (Array.isArray(schema.enum)) for (const v of schema.enum as (string | number)[]) values.push({ value: v, label: enumLabels[String(v)] });
    if ('const' in schema) values.push({ value: schema.const as string, label: path.at(-1) === 'status' ? statuses[String(schema.const)] : undefined });
    const field: CatalogueField = out.get(key) ?? {
      path,
      label: schema['x-label'] as Label | undefined,
      type: typeOf(schema),
      required,
      values,
      constraints: describeConstraints(schema),
      section: schema['x-section'] === true,
      recommended: (schema['x-recommended'] as string[] | undefined) ?? [],
      ...(kind ? { kind } : {}),
    };
    if (path.length > 0) out.set(key, field);

    const props = schema.properties as Record<string, Schema> | undefined;
    const req = new Set((schema.required as string[] | undefined) ?? []);
    if (props) for (const [name, child] of Object.entries(props)) visit(child, [...path, name], req.has(name), r, depth + 1);
    if (schema.items && typeof schema.items === 'object') visit(schema.items as Schema, [...path, '*'], true, r, depth + 1);
    if (Array.isArray(schema.oneOf)) {
      // Discriminated branches: their properties belong to this object; a property is
      // required in the catalogue only when every branch requires it.
      const branches = (schema.oneOf as Schema[]).map((b) => deref(b, byId, r));
      for (const { schema: branch, root: br } of branches) {
        if (branch.properties && (branch.properties as Schema).status && (branch.properties as Record<string, Schema>).status!.const === 'findings') {
          field.recommended = (branch['x-recommended'] as string[] | undefined) ?? field.recommended;
        }
        const bProps = (branch.properties ?? {}) as Record<string, Schema>;
        const bReq = new Set((branch.required as string[] | undefined) ?? []);
        for (const [name, child] of Object.entries(bProps)) {
          const childKey = [...path, name].join('/');
          const everyBranchRequires = branches.every((b) => ((b.schema.required as string[] | undefined) ?? []).includes(name));
          if (out.has(childKey)) {
            const existing = out.get(childKey)!;
            // merge the discriminator values from each branch's const
            if ('const' in child && !existing.values.some((v) => v.value === child.const)) {
              existing.values.push({ value: child.const as string, label: name === 'status' ? statuses[String(child.const)] : undefined });
            }
            continue;
          }
          visit(child, [...path, name], everyBranchRequires && bReq.has(name), br, depth + 1);
        }
      }
    }
  };
  visit(root, [], true, root, 0);
  return [...out.values()];
}

/** The section paths and recommended fields below one path prefix (e.g. a person's forms). */
export function sectionsOf(catalogue: readonly CatalogueField[]): { path: string[]; label: Label | undefined; section: boolean; recommended: string[] }[] {
  return catalogue.filter((f) => f.section || f.recommended.length > 0).map((f) => ({ path: f.path, label: f.label, section: f.section, recommended: f.recommended }));
}
