/**
 * The attachment manifest, filled from files picked on disk: name, type, size and SHA-256 are
 * computed in the browser (the file never leaves it until it is sent with the signed document);
 * the sender says whose file it is and what kind. Choices and their labels come from the schema.
 */
import { useId, useState, type ChangeEvent } from 'react';
import { localeOf, t, type Lang } from './i18n';
import { sha256Hex } from './signing-key';

/** The picked files by attachment reference, kept in memory only until they are sent. */
export type AttachmentFiles = Map<string, File>;

type Entry = { attachmentRef: string; filename: string; mediaType: string; size: number; sha256: string; personRef?: string; category?: string; description?: string };
type Choice = { value: string | number; title: string };

export interface AttachmentsProps {
  lang: Lang;
  files: AttachmentFiles;
  title: string;
  /** The schema's choices for each entry's file type and category (the manifest's closed lists). */
  mediaTypes: string[];
  categories: Choice[];
  value: Entry[] | undefined;
  onChange(next: Entry[]): void;
  persons: { ref: string; name: string }[];
  /** Messages by entry index and property. */
  errorsAt(i: number, property: string): string[];
  /** "There are none", said rather than inferred from an empty list; and taking it back. */
  none: string;
  onNone(): void;
}

export function AttachmentsField({ lang, files, title, mediaTypes, categories, value, onChange, persons, errorsAt, none, onNone }: AttachmentsProps) {
  const entries = value ?? [];
  const [refused, setRefused] = useState<string | null>(null);
  const id = useId().replace(/:/g, '');
  const change = onChange;

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
      added.push({ attachmentRef: ref, filename: file.name, mediaType: file.type, size: file.size, sha256: await sha256Hex(await file.arrayBuffer()), personRef: persons[0]?.ref, category: undefined });
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
      <legend className="h3">{title}</legend>
      <label className="form-label" htmlFor={`${id}-file`}>{t('pickFiles', lang)}</label>
      <input className="form-input" id={`${id}-file`} type="file" multiple accept={mediaTypes.join(',')} onChange={pick} />
      {entries.length === 0 && (
        <div className="form-group-checkbox">
          <input className="form-checkbox" type="checkbox" id={`${id}-none`} checked={value !== undefined} onChange={(e) => (e.target.checked ? change([]) : onNone())} />
          <label htmlFor={`${id}-none`}>{none}</label>
        </div>
      )}
      {refused && (
        <p role="alert" className="error">
          {refused}
        </p>
      )}
      {entries.map((a, i) => (
        <div key={a.attachmentRef} className="attachment">
          <h3 className="h4 attachment-ref">{t('attachmentHeading', lang, { ref: a.attachmentRef })}</h3>
          <p>
            <strong>{a.filename}</strong> ({a.mediaType}, {a.size.toLocaleString(localeOf(lang))} bytes){' '}
            {!files.has(a.attachmentRef) && <span className="error">{t('pickAgain', lang)}</span>}
            <br />
            {t('attachmentRefHint', lang, { ref: a.attachmentRef })}
          </p>
          <details>
            <summary>{t('technicalDetails', lang)}</summary>
            <span className="mono">SHA-256 {a.sha256}</span>
          </details>
          <label className="form-label" htmlFor={`${id}-${i}-person`}>{t('person', lang)}</label>
          <select className="form-select" id={`${id}-${i}-person`} value={a.personRef ?? ''} onChange={(e) => update(i, { personRef: e.target.value })}>
            {persons.map((p) => (
              <option key={p.ref} value={p.ref}>
                {p.name}
              </option>
            ))}
          </select>
          <label className="form-label" htmlFor={`${id}-${i}-category`}>{t('category', lang)}</label>
          <select className="form-select" id={`${id}-${i}-category`} value={a.category ?? ''} onChange={(e) => update(i, { category: e.target.value })} aria-invalid={errorsAt(i, 'category').length > 0}>
            <option value="">–</option>
            {categories.map((c) => (
              <option key={String(c.value)} value={String(c.value)}>
                {c.title}
              </option>
            ))}
          </select>
          {errorsAt(i, 'category').map((m) => (
            <p key={m} className="error">
              {m}
            </p>
          ))}
          <label className="form-label" htmlFor={`${id}-${i}-description`}>{t('description', lang)}</label>
          <input className="form-input" id={`${id}-${i}-description`} value={a.description ?? ''} onChange={(e) => update(i, { description: e.target.value })} />
          <button type="button" className="button button-secondary" onClick={() => remove(i)}>
            {t('remove', lang)}
          </button>
        </div>
      ))}
    </fieldset>
  );
}
