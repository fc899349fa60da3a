/**
 * Attachment files in GridFS. Files are written before the handover that references them;
 * a crash in between leaves unreferenced files, which the sweeper removes after a grace period.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { ContentInspector, type Inspection } from '../domain/content-inspection.js';

export interface StoredUpload extends Inspection {
  fileId: string;
  size: number;
  sha256: string;
}

/** Resolves once no chunk insert of this upload is in flight (bounded: 30 s). */
async function waitForChunkWrites(upload: { state: { outstandingRequests: number } }): Promise<void> {
  for (let waited = 0; upload.state.outstandingRequests > 0 && waited < 30_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
}

export function attachmentStore(connection: mongoose.Connection) {
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
      const hash = createHash('sha256');
      const inspector = new ContentInspector();
      let size = 0;
      const upload = bucket().openUploadStream(`upload-${new mongoose.Types.ObjectId().toHexString()}`, {
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
          resolve({ fileId: upload.id.toString(), size, sha256: hash.digest('hex'), ...inspector.result() });
        });
        source.pipe(upload);
      });
    },

    async remove(fileIds: readonly string[]): Promise<void> {
      for (const id of fileIds) {
        try {
          await bucket().delete(new mongoose.Types.ObjectId(id));
        } catch (err) {
          // Already gone is fine: removal is idempotent.
          if (!/FileNotFound|not found/i.test((err as Error).message)) throw err;
        }
      }
    },

    openDownload(fileId: string): Readable {
      return bucket().openDownloadStream(new mongoose.Types.ObjectId(fileId));
    },

    async countFiles(): Promise<{ files: number; chunks: number }> {
      return { files: await files().countDocuments({}), chunks: await chunks().countDocuments({}) };
    },

    /** Removes files older than the grace period that no handover references. Returns how many. */
    async sweepOrphans(referenced: Set<string>, olderThan: Date): Promise<number> {
      const candidates = await files().find({ uploadDate: { $lt: olderThan } }, { projection: { _id: 1 } }).toArray();
      const orphans = candidates.map((c) => String(c._id)).filter((id) => !referenced.has(id));
      await this.remove(orphans);
      // Chunks of an upload cut off before its files entry was written (a crash mid-stream).
      // GridFS file ids are ObjectIds, so their time of creation is known without a files entry.
      const known = new Set((await files().find({}, { projection: { _id: 1 } }).toArray()).map((f) => String(f._id)));
      const stray = (await chunks().distinct('files_id')).filter(
        (id: unknown) => id instanceof mongoose.mongo.ObjectId && !known.has(String(id)) && id.getTimestamp() < olderThan,
      );
      if (stray.length > 0) await chunks().deleteMany({ files_id: { $in: stray } });
      return orphans.length + stray.length;
    },
  };
}

export type AttachmentStore = ReturnType<typeof attachmentStore>;
