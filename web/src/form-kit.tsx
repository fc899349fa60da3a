/**
 * The form library set up once for the standard's documents: draft 2020-12 validation of the
 * published schemas (schema-validator.ts), the standard's conventions for defaults, and the errors
 * the service's own cross-field rules report placed next to their fields.
 */
import { DateTextWidget } from './date-widget';
import type { ErrorSchema, FieldProps, IconButtonProps, TemplatesType, WidgetProps } from '@rjsf/utils';
import { CodeInput } from './code-input';
import type { CodeList } from './form-model';
import type { Problem } from './api';
import type { Lang } from './i18n';
import { schemaValidator } from './schema-validator';

const validators = { da: schemaValidator('da'), en: schemaValidator('en') };
export const validatorFor = (lang: Lang) => validators[lang];

/** Defaults only where the schema says so: no empty objects invented for optional parts, and a choice among constants is never made for the sender. */
// requiredBooleanDefault 'skip': the form library otherwise answers a required yes/no "no" before
// anyone chose (seen on the GP's result form: "Eksisterende helbredsoplysninger inddraget" at "Nej").
export const DEFAULTS = { emptyObjectFields: 'skipEmptyDefaults', constAsDefaults: 'skipOneOf', arrayMinItems: { populate: 'never' }, requiredBooleanDefault: 'skip' } as const;

/** The document without the empty objects and strings a form leaves behind for parts nobody filled (an optional part is absent, not empty). */
export function withoutEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmpty) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const cleaned = withoutEmpty(v);
    if (cleaned === undefined || cleaned === '') continue;
    if (cleaned && typeof cleaned === 'object' && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0) continue;
    out[k] = cleaned;
  }
  return out as T;
}

/** A part of a document the application fills itself: drawn as nothing. */
export function HiddenField(_props: FieldProps) {
  return null;
}

/** What the schema alone decides: checked in the page as the sender types, in the page's language; the service's report of these would only repeat it. */
const SCHEMA_KEYWORDS = new Set(['required', 'type', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'enum', 'const', 'additionalProperties', 'oneOf', 'anyOf', 'allOf', 'not', 'if', 'false schema', 'minItems', 'maxItems', 'uniqueItems', 'discriminator']);

/** The service's own rules (cross-field, from its problem list with JSON Pointers) as the form library's error tree, so each message stands next to its field. */
export function errorsAt(problem: Problem | null): ErrorSchema | undefined {
  const errors = (problem?.errors ?? []).filter((e) => !SCHEMA_KEYWORDS.has(e.keyword ?? ''));
  if (errors.length === 0) return undefined;
  const tree: Record<string, unknown> = {};
  for (const e of errors) {
    let node = tree;
    for (const raw of e.pointer.split('/').slice(1)) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = (node[key] ??= {}) as Record<string, unknown>;
    }
    ((node.__errors ??= []) as string[]).push(e.message);
  }
  return tree as ErrorSchema;
}

const BUTTON_WORDS = {
  add: { da: 'Tilføj', en: 'Add' },
  remove: { da: 'Fjern', en: 'Remove' },
  up: { da: 'Flyt op', en: 'Move up' },
  down: { da: 'Flyt ned', en: 'Move down' },
  copy: { da: 'Kopiér', en: 'Copy' },
  clear: { da: 'Ryd', en: 'Clear' },
} as const;

/** The form library's icon buttons as buttons with words (the default icons need a stylesheet we do not load, and a name a screen reader can say). */
export function buttonTemplates(lang: Lang): Partial<TemplatesType> {
  const button = (word: keyof typeof BUTTON_WORDS) =>
    function WordButton({ onClick, disabled, title }: IconButtonProps) {
      const text = BUTTON_WORDS[word][lang];
      return (
        <button type="button" className="button button-secondary" onClick={onClick} disabled={disabled}>
          {text}
          {title && title !== text ? <span className="sr-only"> {title}</span> : null}
        </button>
      );
    };
  return {
    ButtonTemplates: {
      AddButton: button('add'),
      RemoveButton: button('remove'),
      MoveUpButton: button('up'),
      MoveDownButton: button('down'),
      CopyButton: button('copy'),
      ClearButton: button('clear'),
    },
  } as Partial<TemplatesType>;
}

type PersonChoice = { personRef: string; socialInformation?: { identity?: { givenNames?: string; familyName?: string } } };

/** A person of the household, chosen by name (the form's persons, from the form context), stored as the person's reference. */
export function PersonWidget({ id, value, required, disabled, readonly, onChange, onBlur, onFocus, registry, rawErrors }: WidgetProps) {
  const persons = ((registry.formContext as { persons?: PersonChoice[] } | undefined)?.persons ?? []);
  return (
    <select
      id={id}
      value={typeof value === 'string' ? value : ''}
      required={required}
      disabled={disabled || readonly}
      aria-invalid={(rawErrors?.length ?? 0) > 0}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    >
      <option value="" />
      {persons.map((p) => (
        <option key={p.personRef} value={p.personRef}>
          {p.personRef} {[p.socialInformation?.identity?.givenNames, p.socialInformation?.identity?.familyName].filter(Boolean).join(' ')}
        </option>
      ))}
    </select>
  );
}

/** Yes or no as an explicit choice (a blank is "not answered", never "no"): every boolean of the standard is drawn so. */
export function YesNoWidget({ id, value, required, disabled, readonly, onChange, onBlur, onFocus, registry, rawErrors, label }: WidgetProps) {
  const lang = ((registry.formContext as { lang?: Lang } | undefined)?.lang ?? 'da') as Lang;
  const words = { yes: { da: 'Ja', en: 'Yes' }, no: { da: 'Nej', en: 'No' } };
  // The form library leaves a boolean's label to its widget (a checkbox carries its own).
  return (
    <>
      <label className="form-label" htmlFor={id}>
        {label}
        {required ? <span className="required">*</span> : null}
      </label>
      <select
      id={id}
      value={value === true ? 'yes' : value === false ? 'no' : ''}
      required={required}
      disabled={disabled || readonly}
      aria-invalid={(rawErrors?.length ?? 0) > 0}
      onChange={(e) => onChange(e.target.value === 'yes' ? true : e.target.value === 'no' ? false : undefined)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    >
      <option value="" />
      <option value="yes">{words.yes[lang]}</option>
      <option value="no">{words.no[lang]}</option>
      </select>
    </>
  );
}

/** A code of the standard's lists (schema-form.ts marks them `code-<list>`), chosen by its name as in the sender's form, stored as the code. */
export function CodeWidget({ id, value, onChange, onBlur, registry, rawErrors, schema }: WidgetProps) {
  const lang = ((registry.formContext as { lang?: Lang } | undefined)?.lang ?? 'da') as Lang;
  const list = String(schema.format).slice('code-'.length) as CodeList;
  return <CodeInput id={id} list={list} lang={lang} value={typeof value === 'string' ? value : ''} invalid={(rawErrors?.length ?? 0) > 0} onChange={(v) => onChange(v || undefined)} onBlur={() => onBlur(id, value)} />;
}

/** The widgets every form of the standard uses (a whole date typed as the sender's form takes it, not the browser's date picker; a code chosen by name). */
export const WIDGETS = { person: PersonWidget, CheckboxWidget: YesNoWidget, DateWidget: DateTextWidget, 'code-language': CodeWidget, 'code-country': CodeWidget, 'code-atc': CodeWidget, 'code-icd10': CodeWidget };

/** Enter in a field of a form that signs (the withdrawal) never sends it: the browser's implicit submission is stopped; only its button signs. */
export function noEnterSubmit(e: { key: string; target: EventTarget; preventDefault(): void }): void {
  if (e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target.type !== 'submit' && e.target.type !== 'button') e.preventDefault();
}
