/**
 * The attachment manifest, filled from files picked on disk: name, type, size and SHA-256 are
 * computed in the browser (the file never leaves it until it is sent with the signed document);
 * the sender says whose file it is and what kind. Choices and their labels come from the schema.
 */
import type { FieldProps } from '@rjsf/utils';
import { useId, useState, type ChangeEvent } from 'react';
import { localeOf, t, type Lang } from './i18n';
import { sha256Hex } from './signing-key';

/** The picked files by attachment reference, kept in memory only until they are sent. */
export type AttachmentFiles = Map<string, File>;

type Entry = { attachmentRef: string; filename: string; mediaType: string; size: number; sha256: string; personRef?: string; category?: string; description?: string };
type Choice = { const: string; title?: string };

function choicesOf(schema: FieldProps['schema'], property: string): Choice[] {
  const items = schema.items as { properties?: Record<string, { oneOf?: Choice[] }> } | undefined;
  return items?.properties?.[property]?.oneOf ?? [];
}

export function AttachmentsField(props: FieldProps & { lang: Lang; files: AttachmentFiles }) {
  const { lang, files, schema, onChange, registry, fieldPathId } = props;
  const entries = (props.formData as Entry[] | undefined) ?? [];
  const persons = ((registry.formContext as { persons?: { personRef: string; socialInformation?: { identity?: { givenNames?: string } } }[] }).persons ?? []);
  const [refused, setRefused] = useState<string | null>(null);
  const id = useId();
  const mediaTypes = choicesOf(schema, 'mediaType').map((c) => c.const);
  const categories = choicesOf(schema, 'category');
  const errors = props.errorSchema as Record<string, { [k: string]: { __errors?: string[] } }> | undefined;

  const change = (next: Entry[]) => onChange(next as never, fieldPathId.path);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    setRefused(null);
    const picked = [...(e.target.files ?? [])];
    e.target.value = '';
    const added: Entry[] = [];
    for (const file of picked) {
      if (!mediaTypes.includes(file.type)) {
        setRefused(t('fileTypeRefused', lang, { name: file.name, types: mediaTypes.join(', ') }));
        continue;
      }
      const used = new Set([...entries, ...added].map((a) => a.attachmentRef));
      let n = used.size + 1;
      while (used.has(`A${n}`)) n++;
      const ref = `A${n}`;
      files.set(ref, file);
      added.push({ attachmentRef: ref, filename: file.name, mediaType: file.type, size: file.size, sha256: await sha256Hex(await file.arrayBuffer()), personRef: persons[0]?.personRef, category: undefined });
    }
    change([...entries, ...added]);
  };
  const update = (i: number, patch: Partial<Entry>) => change(entries.map((a, j) => (j === i ? Object.fromEntries(Object.entries({ ...a, ...patch }).filter(([, v]) => v !== undefined && v !== '')) as Entry : a)));
  const remove = (i: number) => {
    files.delete(entries[i]!.attachmentRef);
    change(entries.filter((_, j) => j !== i));
  };

  return (
    <fieldset>
      <legend>{schema.title}</legend>
      <label htmlFor={`${id}-file`}>{t('pickFiles', lang)}</label>
      <input id={`${id}-file`} type="file" multiple accept={mediaTypes.join(',')} onChange={pick} />
      {refused && (
        <p role="alert" className="error">
          {refused}
        </p>
      )}
      {entries.map((a, i) => (
        <div key={a.attachmentRef} className="attachment">
          <p>
            <strong>{a.filename}</strong> ({a.mediaType}, {a.size.toLocaleString(localeOf(lang))} bytes){' '}
            {!files.has(a.attachmentRef) && <span className="error">{t('pickAgain', lang)}</span>}
            <br />
            <span className="mono">SHA-256 {a.sha256}</span>
          </p>
          <label htmlFor={`${id}-${i}-person`}>{t('person', lang)}</label>
          <select id={`${id}-${i}-person`} value={a.personRef ?? ''} onChange={(e) => update(i, { personRef: e.target.value })}>
            {persons.map((p) => (
              <option key={p.personRef} value={p.personRef}>
                {p.personRef} {p.socialInformation?.identity?.givenNames ?? ''}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-${i}-category`}>{t('category', lang)}</label>
          <select id={`${id}-${i}-category`} value={a.category ?? ''} onChange={(e) => update(i, { category: e.target.value })} aria-invalid={!!errors?.[i]?.category}>
            <option value="">–</option>
            {categories.map((c) => (
              <option key={c.const} value={c.const}>
                {c.title ?? c.const}
              </option>
            ))}
          </select>
          {errors?.[i]?.category?.__errors?.map((m) => (
            <p key={m} className="error">
              {m}
            </p>
          ))}
          <label htmlFor={`${id}-${i}-description`}>{t('description', lang)}</label>
          <input id={`${id}-${i}-description`} value={a.description ?? ''} onChange={(e) => update(i, { description: e.target.value })} />
          <button type="button" className="secondary" onClick={() => remove(i)}>
            {t('remove', lang)}
          </button>
        </div>
      ))}
    </fieldset>
  );
}
