/**
 * Draws a schema node as form fields (form-model.ts says which kind): each with its label from the
 * schema, a mark when the service requires it, its messages beside it (aria-describedby), nothing
 * chosen for the sender (yes/no starts as "not answered"), and a notice with an undo when choosing
 * another option (a section's status) removed what the new option does not take.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Lang } from './i18n';
import { boxesOf, classify, forbiddenNow, getIn, isGiven, nodeAt, optionOf, pointerOf, requiredNow, resolve, setIn, switchOption, titleOf, withoutForbidden, type Field, type Node, type Path, type Tree } from './form-model';
import { w } from './form-words';
import { FieldError } from './shared-ui';
import { CodeInput } from './code-input';
import { fillCodeName } from './code-name-fill';
import { AttachmentSelect } from './attachment-choice';
import { isCalendarDate, isoDate } from './date-widget';
import { readableDate } from '../../src/domain/partial-dates';
import { answersOf, boxName, type Answer } from './form-answers';
import type { Together } from './form-layout';

export interface FormContext {
  tree: Tree;
  lang: Lang;
  /** The whole document being filled and how to change one place in it. */
  doc: unknown;
  change(path: Path, value: unknown): void;
  /** Messages to show, by JSON Pointer. */
  errors: Map<string, string[]>;
  /** Pointers (with `*` for any list index) the application fills itself. */
  hidden: string[];
  persons: { ref: string; name: string }[];
  /** A field was left: its messages may show now. */
  touch(path: Path): void;
  /** Where the form's own document starts, and which properties (by name) start as a copy of one of its top-level properties (the person-level source). */
  formBase: Path;
  inherit: Record<string, string>;
  /** The layout's own words for a field, where the schema's label alone would be ambiguous. */
  labels(path: Path): string | undefined;
  /** The layout's sentence for a list entry (a relation said as a sentence), if it has one. */
  sentence(path: Path): string | undefined;
  /** Fields a later part of the standard replaced (pointer pattern -> its replacement's), drawn only while the document holds something in them. */
  retired: Record<string, string>;
  /** How the layout lets a list's entries be given for several persons at once (a parent's consent for the children), if it does for this list. */
  together(path: Path): Together | undefined;
  /** The sibling property a code field's picked code names, when it is still empty (the layout's codeNames). */
  codeNameField?(path: Path): string | undefined;
  /** A whole date typed is read back beneath its field in the page's language ("1. december 2026"). */
  readDates?: boolean;
}

/** Whether a pointer pattern of a layout ("*" for any index) names this path, counted from `base`. */
export function matches(pattern: string, path: Path, base: number): boolean {
  const rel = path.slice(base).map(String);
  const parts = pattern.split('/');
  return parts.length === rel.length && parts.every((p, i) => p === '*' || p === rel[i]);
}

export const idOf = (path: Path) => `f${pointerOf(path).replace(/\//g, '-')}`;

const isHidden = (ctx: FormContext, path: Path, base: number) => ctx.hidden.some((h) => matches(h, path, base));

function Messages({ ctx, path }: { ctx: FormContext; path: Path }) {
  const list = ctx.errors.get(pointerOf(path));
  if (!list?.length) return null;
  return (
    <FieldError id={`${idOf(path)}-error`} lang={ctx.lang}>
      {list.join('. ')}
    </FieldError>
  );
}

function Label({ id, title, required, lang }: { id: string; title: string; required: boolean; lang: Lang }) {
  return (
    <label className="form-label" htmlFor={id}>
      {title}
      {required && <span className="required"> ({w('required', lang)})</span>}
    </label>
  );
}

const described = (ctx: FormContext, path: Path, hint?: string) => {
  const ids = [hint, ctx.errors.get(pointerOf(path))?.length ? `${idOf(path)}-error` : undefined].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
};

/** One field, whatever its kind; `base` is where the form's own document starts in the path (for the hidden list). */
/** `actions`: what a group or section ends with (an open list entry's "Fjern" and "Kopiér"), inside it after its last field. */
export function FieldView({ node, path, base, ctx, required, title: given, actions }: { node: Node; path: Path; base: number; ctx: FormContext; required: boolean; title?: string; actions?: ReactNode }) {
  if (isHidden(ctx, path, base)) return null;
  const field = classify(ctx.tree, node);
  const title = ctx.labels(path) ?? given ?? ('title' in field && field.title ? field.title : String(path[path.length - 1]));
  const value = getIn(ctx.doc, path);
  const id = idOf(path);
  const invalid = (ctx.errors.get(pointerOf(path))?.length ?? 0) > 0;
  const wrap = (inner: ReactNode) => <div className={`form-group${invalid ? ' form-error' : ''}`}>{inner}</div>;
  switch (field.kind) {
    case 'fixed':
      return null;
    case 'group':
      return <GroupView field={field} path={path} base={base} ctx={ctx} title={title} actions={actions} />;
    case 'options':
      return <OptionsView field={field} path={path} base={base} ctx={ctx} title={title} required={required} actions={actions} />;
    case 'list':
      if (boxesOf(ctx.tree, field) !== undefined) return <BoxesView field={field} path={path} ctx={ctx} title={title} required={required} />;
      return <ListView field={field} path={path} base={base} ctx={ctx} title={title} required={required} />;
    case 'checkboxes': {
      const chosen = (Array.isArray(value) ? value : []) as unknown[];
      return wrap(
        <fieldset id={id} aria-describedby={described(ctx, path)}>
          <legend className="form-label">
            {title}
            {required && <span className="required"> ({w('required', ctx.lang)})</span>}
          </legend>
          <Messages ctx={ctx} path={path} />
          {field.choices.map((c) => (
            <div className="form-group-checkbox" key={String(c.value)}>
              <input
                className="form-checkbox"
                type="checkbox"
                id={`${id}-${c.value}`}
                checked={chosen.includes(c.value)}
                onChange={(e) => ctx.change(path, e.target.checked ? [...chosen, c.value] : chosen.filter((v) => v !== c.value))}
                onBlur={() => ctx.touch(path)}
              />
              <label htmlFor={`${id}-${c.value}`}>
                {c.title}
              </label>
            </div>
          ))}
        </fieldset>,
      );
    }
    case 'person-set': {
      const chosen = (Array.isArray(value) ? value : []) as unknown[];
      return wrap(
        <fieldset id={id} aria-describedby={described(ctx, path)}>
          <legend className="form-label">
            {title}
            {required && <span className="required"> ({w('required', ctx.lang)})</span>}
          </legend>
          <Messages ctx={ctx} path={path} />
          {ctx.persons.map((p) => (
            <div className="form-group-checkbox" key={p.ref}>
              <input
                className="form-checkbox"
                type="checkbox"
                id={`${id}-${p.ref}`}
                checked={chosen.includes(p.ref)}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, p.ref] : chosen.filter((v) => v !== p.ref);
                  ctx.change(path, next.length ? next : undefined);
                }}
                onBlur={() => ctx.touch(path)}
              />
              <label htmlFor={`${id}-${p.ref}`}>
                {p.name}
              </label>
            </div>
          ))}
        </fieldset>,
      );
    }
    case 'select':
    case 'yesno': {
      const choices = field.kind === 'yesno' ? [{ value: 'yes', title: w('yes', ctx.lang) }, { value: 'no', title: w('no', ctx.lang) }] : field.choices;
      const current = field.kind === 'yesno' ? (value === true ? 'yes' : value === false ? 'no' : '') : value === undefined ? '' : String(value);
      const set = (v: string) => ctx.change(path, v === '' ? undefined : field.kind === 'yesno' ? v === 'yes' : choices.find((c) => String(c.value) === v)?.value);
      // A short list is radio buttons, with "not answered" to take an answer back; a long one a list box.
      if (choices.length <= 5)
        return wrap(
          <fieldset id={id} aria-describedby={described(ctx, path)}>
            <legend className="form-label">
              {title}
              {required && <span className="required"> ({w('required', ctx.lang)})</span>}
            </legend>
            <Messages ctx={ctx} path={path} />
            <div className="radio-row">
              {[...choices, ...(required && field.kind !== 'yesno' ? [] : [{ value: '', title: w('notAnswered', ctx.lang) }])].map((c) => (
                <div className="form-group-radio" key={String(c.value)}>
                  <input className="form-radio" type="radio" name={id} id={choiceId(id, c.value)} checked={current === String(c.value)} onChange={() => set(String(c.value))} onBlur={() => ctx.touch(path)} />
                  <label htmlFor={choiceId(id, c.value)}>
                    {c.title}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>,
        );
      return wrap(
        <>
          <Label id={id} title={title} required={required} lang={ctx.lang} />
          <Messages ctx={ctx} path={path} />
          <select className="form-select" id={id} value={current} aria-invalid={invalid} aria-describedby={described(ctx, path)} onChange={(e) => set(e.target.value)} onBlur={() => ctx.touch(path)}>
            <option value="">{w('choose', ctx.lang)}</option>
            {choices.map((c) => (
              <option key={String(c.value)} value={String(c.value)}>
                {c.title}
              </option>
            ))}
          </select>
        </>,
      );
    }
    case 'flag':
      return wrap(
        <div className="form-group-checkbox">
          <input className="form-checkbox" type="checkbox" id={id} checked={value === true} aria-invalid={invalid} aria-describedby={described(ctx, path)} onChange={(e) => ctx.change(path, e.target.checked ? true : undefined)} onBlur={() => ctx.touch(path)} />
          <label htmlFor={id}>
            {title}
          </label>
          <Messages ctx={ctx} path={path} />
        </div>,
      );
    case 'person':
      return wrap(
        <>
          <Label id={id} title={title} required={required} lang={ctx.lang} />
          <Messages ctx={ctx} path={path} />
          <select className="form-select" id={id} value={typeof value === 'string' ? value : ''} aria-invalid={invalid} aria-describedby={described(ctx, path)} onChange={(e) => ctx.change(path, e.target.value || undefined)} onBlur={() => ctx.touch(path)}>
            <option value="">{w('choose', ctx.lang)}</option>
            {ctx.persons.map((p) => (
              <option key={p.ref} value={p.ref}>
                {p.name}
              </option>
            ))}
          </select>
        </>,
      );
    case 'attachment':
      return wrap(
        <>
          <Label id={id} title={title} required={required} lang={ctx.lang} />
          <Messages ctx={ctx} path={path} />
          <AttachmentSelect id={id} value={typeof value === 'string' ? value : ''} doc={ctx.doc} lang={ctx.lang} invalid={invalid} describedBy={described(ctx, path)} onChange={(v) => ctx.change(path, v)} onBlur={() => ctx.touch(path)} />
        </>,
      );
    case 'code':
      return wrap(
        <>
          <Label id={id} title={title} required={required} lang={ctx.lang} />
          <Messages ctx={ctx} path={path} />
          <CodeInput id={id} list={field.list} lang={ctx.lang} value={typeof value === 'string' ? value : ''} invalid={invalid} describedBy={described(ctx, path)} onChange={(v) => ctx.change(path, v || undefined)} onPick={(code) => fillCodeName(ctx, path, field.list, code)} onBlur={() => ctx.touch(path)} />
        </>,
      );
    default: {
      if (field.kind === 'text' && field.long && !required) return <OptionalText id={id} title={title} ctx={ctx} path={path} value={value === undefined ? undefined : String(value)} />;
      const hint = field.kind === 'date' ? `${id}-hint` : undefined;
      const text = value === undefined ? '' : String(value);
      const set = (raw: string) => {
        if (raw === '') return ctx.change(path, undefined);
        if (field.kind === 'number') return ctx.change(path, /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : raw);
        ctx.change(path, field.kind === 'date' ? isoDate(raw, field.partial) : raw);
      };
      const common = { className: 'form-input', id, value: text, 'aria-invalid': invalid, 'aria-describedby': described(ctx, path, hint), onBlur: () => ctx.touch(path) };
      return wrap(
        <>
          <Label id={id} title={title} required={required} lang={ctx.lang} />
          {hint && (
            <span className="form-hint" id={hint}>
              {w(field.kind === 'date' && field.partial ? 'partialDateHint' : 'dateHint', ctx.lang)}
            </span>
          )}
          <Messages ctx={ctx} path={path} />
          {field.kind === 'text' && field.long ? (
            <textarea {...common} rows={3} onChange={(e) => set(e.target.value)} />
          ) : (
            <input {...common} type="text" inputMode={field.kind === 'number' ? 'numeric' : undefined} className={`form-input${field.kind === 'date' ? ' input-width-s' : field.kind === 'number' ? ' input-width-xs' : ''}`} onChange={(e) => set(e.target.value)} />
          )}
          {field.kind === 'date' && ctx.readDates && isCalendarDate(text) && (
            <span className="form-hint" aria-live="polite">
              {readableDate(text, ctx.lang)}
            </span>
          )}
        </>,
      );
    }
  }
}

/**
 * A free text nobody has to write (a note, an elaboration): a button with its name until the sender
 * wants to write it, so a step shows the questions first and stays a few screens long.
 */
function OptionalText({ id, title, ctx, path, value }: { id: string; title: string; ctx: FormContext; path: Path; value?: string }) {
  const [open, setOpen] = useState(value !== undefined);
  const box = useRef<HTMLTextAreaElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (open && opened.current) box.current?.focus();
  }, [open]);
  const invalid = (ctx.errors.get(pointerOf(path))?.length ?? 0) > 0;
  if (open || value !== undefined)
    return (
      <div className={`form-group${invalid ? ' form-error' : ''}`}>
        <Label id={id} title={title} required={false} lang={ctx.lang} />
        <Messages ctx={ctx} path={path} />
        <textarea ref={box} className="form-input" id={id} rows={3} value={value ?? ''} aria-invalid={invalid} aria-describedby={described(ctx, path)} onChange={(e) => ctx.change(path, e.target.value === '' ? undefined : e.target.value)} onBlur={() => ctx.touch(path)} />
      </div>
    );
  return (
    <div className="form-group">
      <button
        type="button"
        className="button button-tertiary"
        id={id}
        onClick={() => {
          opened.current = true;
          setOpen(true);
        }}
      >
        {w('writeText', ctx.lang, { what: title.charAt(0).toLocaleLowerCase(ctx.lang) + title.slice(1) })}
      </button>
    </div>
  );
}

/** A group's fields in schema order, each required as the group (with its conditions) says now; those its conditions do not take now are not drawn. */
export function GroupFields({ node, path, base, ctx: outer, skip = [] }: { node: Node; path: Path; base: number; ctx: FormContext; skip?: string[] }) {
  const field = classify(outer.tree, node);
  const { ctx, notice } = useDropping(outer, field, path);
  if (field.kind !== 'group') return null;
  const value = getIn(ctx.doc, path);
  const required = requiredNow(field, value);
  const forbidden = forbiddenNow(field, value);
  const retired = retiredHere(ctx, field, path, base, value, required);
  return (
    <>
      {field.properties
        .filter(([k]) => !skip.includes(k) && !forbidden.has(k) && !retired.has(k))
        .map(([k, child]) =>
          k in ctx.inherit ? (
            <Inherited key={k} node={child} path={[...path, k]} base={base} ctx={ctx} required={required.has(k)} from={ctx.inherit[k]!} />
          ) : (
            <FieldView key={k} node={child} path={[...path, k]} base={base} ctx={ctx} required={required.has(k)} title={titleOf(ctx.tree, child, k)} />
          ),
        )}
      {notice}
    </>
  );
}

/**
 * The fields of a group that a later part of the standard replaced (the layout's `retired`: 1.2's
 * old list of vaccines, replaced by the list that says each vaccine's status) and that the document
 * holds nothing in: not drawn, so a new draft offers only the field the standard intends, which is
 * then required where the old one was. A retired field holding something is drawn as before, so
 * nothing entered vanishes. Only where this version has the replacement beside it.
 */
function retiredHere(ctx: FormContext, field: Extract<Field, { kind: 'group' }>, path: Path, base: number, value: unknown, required: Set<string>): Set<string> {
  const out = new Set<string>();
  const has = (k: string) => field.properties.some(([p]) => p === k);
  for (const [pattern, replacement] of Object.entries(ctx.retired)) {
    const k = pattern.split('/').pop()!;
    const to = replacement.split('/').pop()!;
    if (!has(k) || !has(to) || !matches(pattern, [...path, k], base) || isGiven((value as Node | undefined)?.[k])) continue;
    out.add(k);
    if (required.has(k)) required.add(to);
  }
  return out;
}

/**
 * A group whose conditions take fields away (a vaccine "not given" has no date; "has no family name"
 * has no family name): a change inside it that makes a given field one the group no longer takes
 * removes that field, says so, and offers to undo, so no hidden leftover blocks sending.
 */
function useDropping(ctx: FormContext, field: Field, path: Path): { ctx: FormContext; notice: ReactNode } {
  const [dropped, setDropped] = useState<{ names: string[]; before: unknown } | null>(null);
  if (field.kind !== 'group' || field.conditions.length === 0) return { ctx, notice: null };
  const change = (p: Path, v: unknown) => {
    const before = getIn(ctx.doc, path);
    const next = setIn(before ?? {}, p.slice(path.length), v) as Node;
    const { value, dropped: names } = withoutForbidden(field, next);
    if (names.length === 0) return ctx.change(p, v);
    ctx.change(path, value);
    setDropped({ names, before });
  };
  const titles = (names: string[]) => names.map((n) => titleOf(ctx.tree, field.properties.find(([k]) => k === n)?.[1] ?? {}, n)).join(', ');
  const notice = dropped && (
    <div className="alert alert-info" role="status">
      <p className="alert-text">{w('dropped', ctx.lang, { fields: titles(dropped.names) })}</p>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          ctx.change(path, dropped.before);
          setDropped(null);
        }}
      >
        {w('undo', ctx.lang)}
      </button>
    </div>
  );
  return { ctx: { ...ctx, change }, notice };
}

/** A property that is the person's own unless changed here: one line while it is, the whole field once the sender changes it. */
function Inherited({ node, path, base, ctx, required, from }: { node: Node; path: Path; base: number; ctx: FormContext; required: boolean; from: string }) {
  const value = getIn(ctx.doc, path);
  const own = getIn(ctx.doc, [...ctx.formBase, from]);
  const [open, setOpen] = useState(false);
  const title = titleOf(ctx.tree, node, String(path[path.length - 1]));
  if (open || !isGiven(own) || JSON.stringify(value) !== JSON.stringify(own)) return <FieldView node={node} path={path} base={base} ctx={ctx} required={required} title={title} />;
  const fromTitle = titleOf(ctx.tree, (resolve(ctx.tree, nodeAtForm(ctx)).properties as Node | undefined)?.[from] as Node ?? {}, from);
  return (
    <div className="form-group inherited" id={idOf(path)}>
      <span className="form-label">{title}</span>
      <p className="inherited-text">{w('sameAs', ctx.lang, { what: fromTitle })}</p>
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        {w('changeHere', ctx.lang, { what: title })}
      </button>
    </div>
  );
}

const nodeAtForm = (ctx: FormContext): Node => nodeAt(ctx.tree, ctx.doc, ctx.formBase) ?? ctx.tree.root;

function GroupView({ field, path, base, ctx: outer, title, actions }: { field: Extract<Field, { kind: 'group' }>; path: Path; base: number; ctx: FormContext; title: string; actions?: ReactNode }) {
  const { ctx, notice } = useDropping(outer, field, path);
  const value = getIn(ctx.doc, path);
  const required = requiredNow(field, value);
  const forbidden = forbiddenNow(field, value);
  const retired = retiredHere(ctx, field, path, base, value, required);
  return (
    <fieldset className="form-section" id={idOf(path)}>
      <legend className="h3">{title}</legend>
      <Messages ctx={ctx} path={path} />
      {field.properties
        .filter(([k]) => !forbidden.has(k) && !retired.has(k))
        .map(([k, child]) => (
          <FieldView key={k} node={child} path={[...path, k]} base={base} ctx={ctx} required={required.has(k)} title={titleOf(ctx.tree, child, k)} />
        ))}
      {notice}
      {actions}
    </fieldset>
  );
}

function OptionsView({ field, path, base, ctx, title, required, actions }: { field: Extract<Field, { kind: 'options' }>; path: Path; base: number; ctx: FormContext; title: string; required: boolean; actions?: ReactNode }) {
  const value = getIn(ctx.doc, path);
  const chosen = optionOf(field, value);
  // Each switch that took answers away, or came after one that did: "Fortryd" gives back the section
  // as it was right before the last switch (with what was written since the one before it), and
  // pressed again, as it was before the switch before.
  const [undos, setUndos] = useState<{ names: string[]; before: unknown }[]>([]);
  const dropped = undos[undos.length - 1];
  // What each option held when another was chosen, kept while the step is open: choosing it again
  // gives its answers back, however many choices came between.
  const held = useRef<Record<string, Node>>({});
  const id = idOf(path);
  const discPath = [...path, field.discriminator];
  const choose = (v: string) => {
    if (chosen && value && typeof value === 'object') held.current[chosen.value] = value as Node;
    const { value: next, dropped: names } = switchOption(field, value, v);
    const takesBack = (field.options.find((o) => o.value === v)?.node.properties ?? {}) as Node;
    let restored = false;
    for (const [k, x] of Object.entries(held.current[v] ?? {})) {
      if (k === field.discriminator || !(k in takesBack) || next[k] !== undefined || !isGiven(x)) continue;
      next[k] = x;
      restored = true;
    }
    // Said once for the person: a section that takes it starts with the person's own (changeable there).
    const takes = (field.options.find((o) => o.value === v)?.node.properties ?? {}) as Node;
    for (const [prop, from] of Object.entries(ctx.inherit)) {
      const source = getIn(ctx.doc, [...ctx.formBase, from]);
      if (prop in takes && next[prop] === undefined && isGiven(source)) next[prop] = source;
    }
    ctx.change(path, next);
    const given = names.filter((n) => isGiven((value as Node)[n]));
    // The notice stays (with its undo) until what was removed is back.
    if (restored && given.length === 0) setUndos([]);
    else if (given.length > 0 || undos.length > 0) setUndos([...undos, { names: given, before: value }]);
  };
  const undo = () => {
    if (!dropped) return;
    if (chosen && value && typeof value === 'object') held.current[chosen.value] = value as Node;
    ctx.change(path, dropped.before);
    setUndos(undos.slice(0, -1));
  };
  const titles = (names: string[]) => {
    const old = optionOf(field, dropped?.before);
    return names.map((n) => titleOf(ctx.tree, (((old?.node.properties as Node) ?? {})[n] ?? {}) as Node, n)).join(', ');
  };
  const discInvalid = (ctx.errors.get(pointerOf(discPath))?.length ?? 0) > 0;
  return (
    <fieldset className="form-section" id={id}>
      <legend className="h3">
        {title}
        {required && <span className="required"> ({w('required', ctx.lang)})</span>}
      </legend>
      <Messages ctx={ctx} path={path} />
      <div className={`form-group${discInvalid ? ' form-error' : ''}`} role="radiogroup" aria-labelledby={`${id}-status`} aria-describedby={discInvalid ? `${idOf(discPath)}-error` : undefined} id={idOf(discPath)}>
        <span className="form-label" id={`${id}-status`}>
          {discriminatorTitle(ctx.tree, field) ?? title}
        </span>
        <Messages ctx={ctx} path={discPath} />
        {/* Side by side, as the yes/no questions: a section's status takes two lines, not five. */}
        <div className="radio-row">
          {field.options.map((o) => (
            <div className="form-group-radio" key={o.value}>
              <input className="form-radio" type="radio" name={id} id={`${id}-${o.value}`} checked={chosen?.value === o.value} onChange={() => choose(o.value)} onBlur={() => ctx.touch(discPath)} />
              <label htmlFor={`${id}-${o.value}`}>
                {o.title}
              </label>
            </div>
          ))}
        </div>
      </div>
      {dropped && (
        <div className="alert alert-info" role="status">
          <p className="alert-text">{dropped.names.length > 0 ? w('dropped', ctx.lang, { fields: titles(dropped.names) }) : w('switchedFrom', ctx.lang, { from: optionOf(field, dropped.before)?.title ?? '' })}</p>
          <button type="button" className="button button-secondary" onClick={undo}>
            {w('undo', ctx.lang)}
          </button>
        </div>
      )}
      {chosen && <GroupFields node={chosen.node} path={path} base={base} ctx={ctx} skip={[field.discriminator]} />}
      {actions}
    </fieldset>
  );
}

/** What the choice among options is called: the discriminator's own label, or for a section's status the standard's word for it. */
function discriminatorTitle(tree: Tree, field: Extract<Field, { kind: 'options' }>): string | undefined {
  const own = resolve(tree, (((field.options[0]?.node.properties as Node) ?? {})[field.discriminator] ?? {}) as Node).title as string | undefined;
  return own ?? (field.discriminator === 'status' ? ((tree.defs.common__assessmentStatus as Node | undefined)?.title as string | undefined) : undefined);
}

/**
 * A list the schema fixes the length of, of single values (a questionnaire's answers, "Svar på
 * spørgsmål 1-14 (0-4)"): that many numbered boxes, several to a row, typed straight through with
 * Tab. What is stored is what is typed: untouched (or every box cleared) the list is absent; a box
 * left empty among filled ones is a hole (null, as JSON sends it) whose message says the answer is
 * missing, never a value.
 */
function BoxesView({ field, path, ctx, title, required }: { field: Extract<Field, { kind: 'list' }>; path: Path; ctx: FormContext; title: string; required: boolean }) {
  const length = boxesOf(ctx.tree, field)!;
  const value = getIn(ctx.doc, path);
  const list = Array.isArray(value) ? value : [];
  const item = classify(ctx.tree, field.items);
  const id = idOf(path);
  const set = (i: number, v: unknown) => {
    const next = [...list];
    while (next.length < length) next.push(null);
    next[i] = v === undefined ? null : v;
    ctx.change(path, next.some(isGiven) ? next : undefined);
  };
  const listInvalid = (ctx.errors.get(pointerOf(path))?.length ?? 0) > 0;
  return (
    <fieldset className={`form-section form-boxes${listInvalid ? ' form-error' : ''}`} id={id} aria-describedby={described(ctx, path)}>
      <legend className="h3">
        {title}
        {required && <span className="required"> ({w('required', ctx.lang)})</span>}
      </legend>
      <Messages ctx={ctx} path={path} />
      <div className="boxes">
        {Array.from({ length: Math.max(length, list.length) }, (_, i) => {
          const at = [...path, i];
          const boxId = idOf(at);
          const invalid = (ctx.errors.get(pointerOf(at))?.length ?? 0) > 0;
          const current = list[i];
          const text = current === undefined || current === null ? '' : String(current);
          const label = (
            <label className="form-label" htmlFor={boxId}>
              {/* Seen as its number, heard as "Spørgsmål 4". */}
              <span className="sr-only">{boxName(ctx.tree, field.items, i, ctx.lang)}</span>
              <span aria-hidden="true">{i + 1}</span>
            </label>
          );
          return (
            <div className={`form-group box${invalid ? ' form-error' : ''}`} key={i}>
              {label}
              <Messages ctx={ctx} path={at} />
              {item.kind === 'select' ? (
                <select className="form-select" id={boxId} value={text} aria-invalid={invalid} aria-describedby={described(ctx, at)} onChange={(e) => set(i, item.choices.find((c) => String(c.value) === e.target.value)?.value)} onBlur={() => ctx.touch(at)}>
                  <option value="">{w('choose', ctx.lang)}</option>
                  {item.choices.map((c) => (
                    <option key={String(c.value)} value={String(c.value)}>
                      {c.title}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  className="form-input"
                  type="text"
                  id={boxId}
                  value={text}
                  inputMode={item.kind === 'number' ? 'numeric' : undefined}
                  autoComplete="off"
                  aria-invalid={invalid}
                  aria-describedby={described(ctx, at)}
                  onChange={(e) => {
                    const raw = e.target.value.trim();
                    set(i, raw === '' ? undefined : item.kind === 'number' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : e.target.value);
                  }}
                  onBlur={() => ctx.touch(at)}
                />
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/**
 * A list whose entries keep their identity (a key of their own, not their index) while they are
 * typed in, added and removed. One entry is open at a time (the one added last, the one typed in
 * last, or the one the sender chose to change); an entry not begun stays open too; the others are shown as their answers in a few lines, so a list of
 * three vaccines is not three forms long. An entry with a message to show stays open.
 */
function ListView({ field, path, base, ctx, title, required }: { field: Extract<Field, { kind: 'list' }>; path: Path; base: number; ctx: FormContext; title: string; required: boolean }) {
  const value = (getIn(ctx.doc, path) as unknown[] | undefined) ?? [];
  const keys = useRef<string[]>([]);
  const counter = useRef(0);
  const [openKey, setOpenKey] = useState<string | null>(null);
  while (keys.current.length < value.length) keys.current.push(`k${counter.current++}`);
  keys.current.length = value.length;
  const item = classify(ctx.tree, field.items);
  const itemTitle = ctx.labels([...path, 0]) ?? (resolve(ctx.tree, field.items).title as string | undefined);
  const add = () => {
    const key = `k${counter.current++}`;
    keys.current.push(key);
    setOpenKey(key);
    ctx.change(path, [...value, item.kind === 'group' || item.kind === 'options' ? {} : undefined]);
  };
  const complex = item.kind === 'group' || item.kind === 'options';
  const shownErrors = [...ctx.errors.entries()].filter(([, m]) => m.length > 0).map(([p]) => p);
  const remove = (i: number) => {
    keys.current.splice(i, 1);
    // Removing the last entry takes the list back to unanswered: "none" is said, not inferred.
    ctx.change(path, value.length === 1 ? undefined : value.filter((_, j) => j !== i));
  };
  // An entry much like one given (a child's consent given by the same parent): copied whole, opened to change what differs.
  const canAdd = field.maxItems === undefined || value.length < field.maxItems;
  const copy = (i: number) => {
    const key = `k${counter.current++}`;
    keys.current.push(key);
    setOpenKey(key);
    ctx.change(path, [...value, structuredClone(value[i])]);
  };
  // An entry's "Fjern" and "Kopiér", each named in full for a screen reader: on a finished entry's line after "Ændr", and in an open one after its last field (beside it when there is room).
  const actions = (i: number, name: string, look: string) => (
    <>
      <button type="button" className={`button ${look}`} onClick={() => remove(i)}>
        {w('remove', ctx.lang)}
        <span className="sr-only"> {w('entry', ctx.lang, { list: itemTitle ?? title, n: i + 1 })}</span>
      </button>
      {complex && canAdd && (
        <button type="button" className={`button ${look}`} onClick={() => copy(i)}>
          {w('copy', ctx.lang)}
          <span className="sr-only"> {w('copyEntryRest', ctx.lang, { entry: name })}</span>
        </button>
      )}
    </>
  );
  // The entry typed in is the open one: entries added together (or left unfinished) stay open while each is filled.
  const typedIn = (i: number): FormContext => ({ ...ctx, change: (p, v) => (setOpenKey(keys.current[i]!), ctx.change(p, v)) });
  const stated = getIn(ctx.doc, path);
  const together = complex ? ctx.together(path) : undefined;
  // Entries given for several persons at once: each its own entry, as if entered one by one.
  const addMany = (entries: Node[]) => {
    for (const _ of entries) keys.current.push(`k${counter.current++}`);
    setOpenKey(null);
    ctx.change(path, [...value, ...entries]);
  };
  return (
    <fieldset className="form-section form-list" id={idOf(path)}>
      <legend className="h3">
        {title}
        {required && <span className="required"> ({w('required', ctx.lang)})</span>}
      </legend>
      <Messages ctx={ctx} path={path} />
      {value.length === 0 && required && (field.minItems ?? 0) === 0 && (
        <div className="form-group-checkbox">
          <input className="form-checkbox" type="checkbox" id={`${idOf(path)}-none`} checked={Array.isArray(stated)} onChange={(e) => ctx.change(path, e.target.checked ? [] : undefined)} onBlur={() => ctx.touch(path)} />
          <label htmlFor={`${idOf(path)}-none`}>
            {w('noneInList', ctx.lang, { list: title })}
          </label>
        </div>
      )}
      {value.map((_, i) => {
        const name = ctx.sentence([...path, i]) ?? w('entry', ctx.lang, { list: itemTitle ?? title, n: i + 1 });
        const at = pointerOf([...path, i]);
        const answers = complex && value.length > 1 ? answersOf(ctx.tree, ctx.doc, field.items, [...path, i], '', ctx.lang, ctx.persons, (p) => isHidden(ctx, p, base)) : [];
        const closed = answers.length > 0 && keys.current[i] !== openKey && !shownErrors.some((p) => p === at || p.startsWith(`${at}/`));
        if (closed)
          return (
            <div className="list-entry list-entry-closed" key={keys.current[i]}>
              <p className="entry-line">
                <span className="entry-name">{name}: </span>
                {lineOf(ctx, answers)}
              </p>
              <span className="entry-actions">
                <button type="button" className="button button-tertiary" onClick={() => setOpenKey(keys.current[i]!)}>
                  {w('change', ctx.lang)}
                  <span className="sr-only"> {name}</span>
                </button>
                {actions(i, name, 'button-tertiary')}
              </span>
            </div>
          );
        return (
          <div className="list-entry" key={keys.current[i]}>
            <FieldView node={field.items} path={[...path, i]} base={base} ctx={typedIn(i)} required title={name} actions={complex ? <div className="entry-actions-open">{actions(i, name, 'button-secondary')}</div> : undefined} />
            {!complex && actions(i, name, 'button-secondary')}
          </div>
        );
      })}
      {canAdd && (
        <button type="button" className="button button-secondary" onClick={add}>
          {itemTitle ? w('addOne', ctx.lang, { item: itemTitle.charAt(0).toLocaleLowerCase(ctx.lang) + itemTitle.slice(1) }) : w('addTo', ctx.lang, { list: title })}
        </button>
      )}
      {together && canAdd && <TogetherPanel how={together} items={field.items} path={path} ctx={ctx} listTitle={title} room={field.maxItems === undefined ? Infinity : field.maxItems - value.length} onAdd={addMany} />}
    </fieldset>
  );
}

/**
 * Entries of a list given for several persons at once (the layout's `together`: a parent's consent
 * for the children): the persons ticked by name, the entry's other fields filled once, and what the
 * layout says of them all (given by a parent) shown; "Tilføj" makes one entry per person ticked, in
 * the household's order, each exactly as if entered on its own. Persons with an entry already are
 * not offered. Nothing is added until every field the entry requires is given.
 */
function TogetherPanel({ how, items, path, ctx, listTitle, room, onAdd }: { how: Together; items: Node; path: Path; ctx: FormContext; listTitle: string; room: number; onAdd(entries: Node[]): void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Node>({});
  const [chosen, setChosen] = useState<string[]>([]);
  const [missing, setMissing] = useState<string[]>([]);
  const [added, setAdded] = useState<string | null>(null);
  const item = classify(ctx.tree, items);
  const list = (getIn(ctx.doc, path) as Node[] | undefined) ?? [];
  const taken = new Set(list.map((e) => e?.[how.each]));
  const offered = ctx.persons.filter((p) => !taken.has(p.ref));
  if (item.kind !== 'group') return null;
  const fixed = how.fixed ?? {};
  const skip = [how.each, ...Object.keys(fixed)];
  const scratch = ['together', ...path.map(String)].join('-');
  const id = `${idOf(path)}-together`;
  const needs = [...requiredNow(item, draft)].filter((k) => !skip.includes(k));
  const sub: FormContext = {
    ...ctx,
    doc: { [scratch]: draft },
    change: (p, v) => setDraft((d) => ((setIn({ [scratch]: d }, p, v) as Node)[scratch] as Node | undefined) ?? {}),
    // A message about a field left unfilled goes once it is filled.
    errors: new Map(missing.filter((k) => k !== how.each && !isGiven(draft[k])).map((k) => [pointerOf([scratch, k]), [w('required', ctx.lang).replace(/^./, (c) => c.toLocaleUpperCase(ctx.lang))]])),
    touch: () => undefined,
    hidden: [],
    labels: () => undefined,
    sentence: () => undefined,
    together: () => undefined,
  };
  const fixedWords = Object.entries(fixed).map(([k, v]) => {
    const node = item.properties.find(([p]) => p === k)?.[1] ?? {};
    const f = classify(ctx.tree, node);
    return `${titleOf(ctx.tree, node, k)}: ${f.kind === 'select' ? (f.choices.find((c) => c.value === v)?.title ?? String(v)) : String(v)}`;
  });
  const close = () => {
    setOpen(false);
    setDraft({});
    setChosen([]);
    setMissing([]);
  };
  const addAll = () => {
    const lack = [...(chosen.length === 0 ? [how.each] : []), ...needs.filter((k) => !isGiven(draft[k]))];
    setMissing(lack);
    if (lack.length > 0) return;
    const persons = offered.filter((p) => chosen.includes(p.ref)).slice(0, room);
    onAdd(persons.map((p) => ({ [how.each]: p.ref, ...structuredClone(fixed), ...structuredClone(draft) })));
    setAdded(w('addedTogether', ctx.lang, { list: listTitle, names: persons.map((p) => p.name).join(', ') }));
    close();
  };
  const notice = added && (
    <div className="alert alert-success" role="status">
      <p className="alert-text">{added}</p>
    </div>
  );
  if (!open)
    return (
      <>
        {notice}
        {offered.length > 0 && (
          <p>
            <button type="button" className="button button-secondary" onClick={() => (setAdded(null), setOpen(true))}>
              {how.button[ctx.lang]}
            </button>
          </p>
        )}
      </>
    );
  const personsInvalid = missing.includes(how.each) && chosen.length === 0;
  return (
    <fieldset className="form-section together" id={id}>
      <legend className="h3">{how.title[ctx.lang]}</legend>
      <div className={`form-group${personsInvalid ? ' form-error' : ''}`}>
        <fieldset aria-describedby={personsInvalid ? `${id}-persons-error` : undefined}>
          <legend className="form-label">
            {how.persons[ctx.lang]}
            <span className="required"> ({w('required', ctx.lang)})</span>
          </legend>
          {personsInvalid && (
            <FieldError id={`${id}-persons-error`} lang={ctx.lang}>
              {w('choosePersons', ctx.lang)}
            </FieldError>
          )}
          {offered.map((p) => (
            <div className="form-group-checkbox" key={p.ref}>
              <input className="form-checkbox" type="checkbox" id={`${id}-${p.ref}`} checked={chosen.includes(p.ref)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, p.ref] : c.filter((r) => r !== p.ref)))} />
              <label htmlFor={`${id}-${p.ref}`}>{p.name}</label>
            </div>
          ))}
        </fieldset>
      </div>
      {fixedWords.map((t) => (
        <p key={t} className="together-fixed">
          {t}
        </p>
      ))}
      <GroupFields node={items} path={[scratch]} base={0} ctx={sub} skip={skip} />
      <p>
        <button type="button" className="button button-primary" onClick={addAll}>
          {w('addTogether', ctx.lang, { list: listTitle.charAt(0).toLocaleLowerCase(ctx.lang) + listTitle.slice(1) })}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={close}>
          {w('cancel', ctx.lang)}
        </button>
      </p>
    </fieldset>
  );
}

/**
 * A finished entry in one line, its answers in the order of the schema: a value that says what it is
 * (the entry's first answer, a choice, a code, a person) alone, others after their label
 * ("DiTeKiPol/Hib · Givet · Givet (dato, måned eller år): september 2024 · Syrien (SY)").
 */
function lineOf(ctx: FormContext, answers: Answer[]): string {
  return answers
    .map((a, i) => {
      const kind = classify(ctx.tree, nodeAt(ctx.tree, ctx.doc, a.path) ?? {}).kind;
      const alone = i === 0 || kind === 'select' || kind === 'code' || kind === 'person' || kind === 'person-set' || kind === 'checkboxes' || kind === 'options' || kind === 'fixed';
      return alone ? a.value : `${a.label}: ${a.value}`;
    })
    .join(' · ');
}

/**
 * A radio choice's id; the "not answered" choice (value '') gets one no value of the schema can
 * give: it was `-none` and shared the id of a choice whose value is "none" ("Intet" under
 * "Danskniveau"), so clicking "Ikke besvaret" chose "Intet".
 */
function choiceId(group: string, value: unknown): string {
  return value === '' ? `${group}--not-answered` : `${group}-${String(value)}`;
}
