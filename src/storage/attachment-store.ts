/**
 * Attachment files in GridFS. Files are written before the handover that references them;
 * a crash in between leaves unreferenced files, which the sweeper removes after a grace period.
 */
import { sha256Hasher } from '../domain/crypto.js';
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { ContentInspector, type Inspection, type PdfStructure } from '../domain/content-inspection.js';
import type { SweepLedger } from './sweep-ledger.js';
import type { StoredUpload } from '../services/ports/attachments.js';

/** Resolves once no chunk insert of this upload is in flight (bounded: 30 s). */
async function waitForChunkWrites(upload: { state: { outstandingRequests: number } }): Promise<void> {
  for (let waited = 0; upload.state.outstandingRequests > 0 && waited < 30_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
}

/** Reads a PDF's structure with a real parser (given by the composition root: pdf-lib lives in pdf/). */
export type PdfStructureReader = (bytes: Uint8Array) => Promise<PdfStructure>;

export function attachmentStore(connection: mongoose.Connection, ledger: SweepLedger, readPdfStructure: PdfStructureReader) {
  const bucket = () => new mongoose.mongo.GridFSBucket(connection.db!, { bucketName: 'attachments' });
  const files = () => connection.db!.collection('attachments.files');
  const chunks = () => connection.db!.collection('attachments.chunks');

  return {
    /** Creates the bucket's collections and the index downloads read chunks by (GridFS would only on its first write). */
    async ensureCollections(): Promise<void> {
      await files().createIndex({ filename: 1, uploadDate: 1 });
      await chunks().createIndex({ files_id: 1, n: 1 }, { unique: true });
    },
    /**
     * Streams a file into GridFS under a server-made name while hashing and inspecting it.
     * The client's file name is kept only as metadata. On a stream error the partial file is removed.
     */
    async write(source: Readable, clientFilename: string, uploadedAt: Date): Promise<StoredUpload> {
      const hash = sha256Hasher();
      const inspector = new ContentInspector();
      let size = 0;
      // Noted for the sweeper before the first chunk: a crash mid-stream leaves nothing unnoted.
      const id = new mongoose.Types.ObjectId();
      await ledger.noteFile(id.toHexString(), uploadedAt);
      const upload = bucket().openUploadStreamWithId(id, `upload-${id.toHexString()}`, {
        metadata: { clientFilename: clientFilename.slice(0, 255), uploadedAt },
      });
      return new Promise<StoredUpload>((resolve, reject) => {
        let failed = false;
        const fail = (err: unknown) => {
          if (failed) return;
          failed = true;
          source.unpipe(upload);
          // abort() deletes the chunks written so far; one still in flight would land after it, so wait for those first.
          waitForChunkWrites(upload)
            .then(() => upload.abort())
            .then(
              () => reject(err),
              () => reject(err),
            );
        };
        source.on('data', (chunk: Buffer) => {
          size += chunk.length;
          hash.update(chunk);
          inspector.update(chunk);
        });
        source.once('error', fail);
        upload.once('error', fail);
        upload.once('finish', () => {
          if (failed) return;
          const stored = { fileId: upload.id.toString(), size, sha256: hash.digest('hex') };
          if (inspector.sniffedType !== 'application/pdf') {
            resolve({ ...stored, ...inspector.result() });
            return;
          }
          // A PDF is judged by what a parser reads in it, not by the bytes it happens to contain.
          readPdfStructure(inspector.bytes()).then((structure) => resolve({ ...stored, ...inspector.result(structure) }), reject);
        });
        source.pipe(upload);
      });
    },

    /** Removes files (idempotent), and the sweeper's notes of them: nothing is left to sweep. */
    async remove(fileIds: readonly string[]): Promise<void> {
      for (const id of fileIds) {
        try {
          await bucket().delete(new mongoose.Types.ObjectId(id));
        } catch (err) {
          // Already gone is fine: removal is idempotent.
          if (!/FileNotFound|not found/i.test((err as Error).message)) throw err;
        }
        await ledger.forgetFile(id);
      }
    },

    openDownload(fileId: string): Readable {
      return bucket().openDownloadStream(new mongoose.Types.ObjectId(fileId));
    },

    /**
     * A stored file's size and SHA-256 as read back now, or what is wrong with it (missing, a
     * chunk missing or of the wrong size): for checking a restored store, not the request path.
     */
    async digest(fileId: string): Promise<{ size: number; sha256: string } | { problem: string }> {
      const hash = sha256Hasher();
      let size = 0;
      try {
        for await (const chunk of bucket().openDownloadStream(new mongoose.Types.ObjectId(fileId)) as AsyncIterable<Buffer>) {
          size += chunk.length;
          hash.update(chunk);
        }
      } catch (err) {
        return { problem: (err as Error).message };
      }
      return { size, sha256: hash.digest('hex') };
    },

    async countFiles(): Promise<{ files: number; chunks: number }> {
      return { files: await files().countDocuments({}), chunks: await chunks().countDocuments({}) };
    },

    /** Removes a file and every chunk of it, also of an upload cut off before its files entry was written. */
    async removeFile(fileId: string): Promise<void> {
      await this.remove([fileId]);
      await chunks().deleteMany({ files_id: new mongoose.Types.ObjectId(fileId) });
    },
  };
}

export type AttachmentStore = ReturnType<typeof attachmentStore>;
