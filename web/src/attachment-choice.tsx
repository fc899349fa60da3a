/**
 * A field that refers to one of the handover's attachments (the standard's attachmentRef): chosen
 * among the files uploaded in the attachments step ("A1 – epikrise.pdf"), found through the
 * layout's attachments widget; a stored reference no longer among them stays shown as it is.
 */
import type { Lang } from './i18n';
import { LAYOUTS } from './form-layout';
import { w } from './form-words';

export type AttachmentChoice = { ref: string; filename: string };

/** The uploaded attachments of a handover document, in the order they were added. */
export function attachmentsOf(doc: unknown): AttachmentChoice[] {
  const lists = LAYOUTS.handover.steps.filter((s) => s.widget === 'attachments').flatMap((s) => s.fields);
  const root = (doc ?? {}) as Record<string, unknown>;
  return lists.flatMap((f) => (Array.isArray(root[f]) ? (root[f] as Record<string, unknown>[]) : [])).filter((a) => typeof a.attachmentRef === 'string').map((a) => ({ ref: a.attachmentRef as string, filename: String(a.filename ?? '') }));
}

/** An attachment reference in words: "A1 – epikrise.pdf", or the reference with a note when no upload has it. */
export function attachmentInWords(choices: AttachmentChoice[], ref: string, lang: Lang): string {
  const found = choices.find((c) => c.ref === ref);
  return found ? `${found.ref} – ${found.filename}` : w('attachmentMissing', lang, { ref });
}

export function AttachmentSelect({ id, value, doc, lang, invalid, describedBy, onChange, onBlur }: { id: string; value: string; doc: unknown; lang: Lang; invalid: boolean; describedBy?: string; onChange(v: string | undefined): void; onBlur(): void }) {
  const choices = attachmentsOf(doc);
  const stray = value !== '' && !choices.some((c) => c.ref === value);
  return (
    <>
      {choices.length === 0 && (
        <p className="form-hint" id={`${id}-none`}>
          {w('noAttachmentsYet', lang)}
        </p>
      )}
      <select className="form-select" id={id} value={value} aria-invalid={invalid} aria-describedby={[choices.length === 0 ? `${id}-none` : undefined, describedBy].filter(Boolean).join(' ') || undefined} onChange={(e) => onChange(e.target.value || undefined)} onBlur={onBlur}>
        <option value="">{w('choose', lang)}</option>
        {choices.map((c) => (
          <option key={c.ref} value={c.ref}>
            {attachmentInWords(choices, c.ref, lang)}
          </option>
        ))}
        {stray && <option value={value}>{attachmentInWords(choices, value, lang)}</option>}
      </select>
    </>
  );
}
