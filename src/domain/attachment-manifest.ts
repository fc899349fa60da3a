/** Matches uploaded files to the signed manifest: exactly one file per entry, same size, hash and real type; nothing unlisted. */
import { attachmentProblem, type AppError } from '../errors.js';
import type { Inspection } from './content-inspection.js';

export interface ManifestEntry {
  attachmentRef: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  personRef: string;
  category: string;
}

export interface UploadedFile extends Inspection {
  fileId: string;
  clientFilename: string;
  size: number;
  sha256: string;
}

/** Returns the first broken rule, or the pairs of manifest entry and file. */
export function matchAttachments(manifest: readonly ManifestEntry[], uploads: readonly UploadedFile[]): { error: AppError } | { matched: { entry: ManifestEntry; file: UploadedFile }[] } {
  const matched: { entry: ManifestEntry; file: UploadedFile }[] = [];
  for (const [i, entry] of manifest.entries()) {
    const pointer = `/attachments/${i}`;
    const files = uploads.filter((u) => u.clientFilename === entry.filename);
    if (files.length === 0) return { error: attachmentProblem('attachment-missing', pointer, 'no uploaded file has this file name') };
    if (files.length > 1) return { error: attachmentProblem('attachment-duplicate', pointer, 'more than one uploaded file has this file name') };
    const file = files[0]!;
    if (file.size !== entry.size) return { error: attachmentProblem('attachment-size-mismatch', `${pointer}/size`, `the uploaded file has ${file.size} bytes`) };
    if (file.sha256 !== entry.sha256) return { error: attachmentProblem('attachment-hash-mismatch', `${pointer}/sha256`, 'the SHA-256 of the uploaded bytes differs') };
    if (file.sniffedType !== entry.mediaType) {
      return { error: attachmentProblem('attachment-media-type-mismatch', `${pointer}/mediaType`, `the content is ${file.sniffedType === 'unknown' ? 'of no accepted type' : file.sniffedType}`) };
    }
    if (file.polyglot) return { error: attachmentProblem('attachment-polyglot', `${pointer}/mediaType`, 'HTML or script found in the file') };
    if (file.activeContent.length > 0) {
      return { error: attachmentProblem('attachment-active-content', `${pointer}/mediaType`, `PDF actions are not accepted: ${file.activeContent.join(', ')}`) };
    }
    matched.push({ entry, file });
  }
  const listed = new Set(manifest.map((m) => m.filename));
  const unlisted = uploads.findIndex((u) => !listed.has(u.clientFilename));
  if (unlisted !== -1) return { error: attachmentProblem('attachment-unlisted', '/attachments', `uploaded file number ${unlisted + 1} is not in the signed manifest`) };
  return { matched };
}
