/** What the use cases need of the attachment files (storage/attachment-store.ts, GridFS). */
import type { Readable } from 'node:stream';
import type { Inspection } from '../../domain/content-inspection.js';

/** An uploaded file as stored, with what its content was found to be. */
export interface StoredUpload extends Inspection {
  fileId: string;
  size: number;
  sha256: string;
}

export interface AttachmentFiles {
  write(source: Readable, clientFilename: string, uploadedAt: Date): Promise<StoredUpload>;
  remove(fileIds: readonly string[]): Promise<void>;
  openDownload(fileId: string): Readable;
  /** Removes a file and any chunks of it (also of an upload cut off before its files entry). */
  removeFile(fileId: string): Promise<void>;
}
