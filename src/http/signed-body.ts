/**
 * Reads a signed submission as exact bytes: compact JWS (application/jose), flattened JSON
 * (application/jose+json), or multipart/form-data with the JWS in the "jws" field and the
 * attachments streamed to GridFS (never held whole in memory, never written to a temp folder).
 */
import express, { type Request, type RequestHandler } from 'express';
import multer from 'multer';
import type { UploadedFile } from '../domain/attachment-manifest.js';
import { AppError, badRequest, malformedMultipart, unexpectedField, unsupportedMediaType, uploadFilenameInvalid, uploadLimit } from '../errors.js';
import type { JwsSerialization } from '../domain/stored-jws.js';
import type { AttachmentStore } from '../storage/attachment-store.js';

export interface SignedBody {
  bytes: Buffer;
  serialization: JwsSerialization;
  uploads: UploadedFile[];
}

declare module 'express-serve-static-core' {
  interface Request {
    signed?: SignedBody;
  }
}

export const JOSE_TYPES = ['application/jose', 'application/jose+json'];

/** A multer storage engine that streams each file into GridFS and reports its hash and sniffed type. */
class GridFsStorage implements multer.StorageEngine {
  constructor(
    private readonly store: AttachmentStore,
    private readonly clock: () => Date,
  ) {}

  _handleFile(_req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<Express.Multer.File> & Partial<UploadedFile>) => void): void {
    // busboy would cut "../../x.pdf" to "x.pdf" (preservePath is on so we see it): a part name
    // with a path is refused, never matched to the manifest by what is left of it.
    if (PATH_OR_CONTROL.test(file.originalname)) {
      file.stream.resume();
      cb(uploadFilenameInvalid());
      return;
    }
    this.store.write(file.stream, file.originalname, this.clock()).then(
      (stored) => cb(null, { ...stored, clientFilename: file.originalname }),
      (err) => cb(err),
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File & Partial<UploadedFile>, cb: (error: Error | null) => void): void {
    if (!file.fileId) {
      cb(null);
      return;
    }
    this.store.remove([file.fileId]).then(
      () => cb(null),
      (err) => cb(err as Error),
    );
  }
}

/** Path separators and control characters: never part of a file name the manifest can list. */
// eslint-disable-next-line no-control-regex
const PATH_OR_CONTROL = /[/\\\u0000-\u001f\u007f]/;

const MULTER_LIMIT_CODES = new Set(['LIMIT_PART_COUNT', 'LIMIT_FILE_SIZE', 'LIMIT_FILE_COUNT', 'LIMIT_FIELD_KEY', 'LIMIT_FIELD_VALUE', 'LIMIT_FIELD_COUNT']);

/** Translates multer and busboy errors where they arise. */
function fromMulter(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    if (MULTER_LIMIT_CODES.has(err.code)) return uploadLimit(`${err.code.toLowerCase().replace(/_/g, ' ')}${err.field ? ` (field ${JSON.stringify(err.field.slice(0, 40))})` : ''}`);
    return unexpectedField();
  }
  return malformedMultipart();
}

export interface SignedBodyOptions {
  maxBodyBytes: number;
  maxAttachmentBytes: number;
  maxAttachments: number;
  store: AttachmentStore;
  clock: () => Date;
}

export function signedBody(options: SignedBodyOptions): RequestHandler[] {
  const raw = express.raw({ type: JOSE_TYPES, limit: options.maxBodyBytes, inflate: false });
  const upload = multer({
    storage: new GridFsStorage(options.store, options.clock),
    // File names are UTF-8 (Arabic, Tigrinya, Danish): busboy would read them as latin1, and they would not match the signed manifest.
    defParamCharset: 'utf8',
    preservePath: true,
    // busboy's defaults are unlimited: every limit is set explicitly.
    limits: {
      fileSize: options.maxAttachmentBytes,
      files: options.maxAttachments,
      fields: 4,
      fieldSize: options.maxBodyBytes,
      fieldNameSize: 100,
      parts: options.maxAttachments + 4,
      headerPairs: 20,
    },
  }).fields([{ name: 'attachments', maxCount: options.maxAttachments }]);

  const multipart: RequestHandler = (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next();
      return;
    }
    upload(req, res, (err?: unknown) => {
      if (err) {
        next(fromMulter(err));
        return;
      }
      const files = ((req.files as Record<string, (Express.Multer.File & UploadedFile)[]> | undefined)?.attachments ?? []).map(
        ({ fileId, clientFilename, size, sha256, sniffedType, polyglot, activeContent }) => ({ fileId, clientFilename, size, sha256, sniffedType, polyglot, activeContent }),
      );
      const fields = Object.keys((req.body ?? {}) as object);
      const jws = (req.body as Record<string, unknown> | undefined)?.jws;
      const problem =
        fields.find((f) => f !== 'jws') !== undefined
          ? unexpectedField('only "jws" and "attachments" are accepted; the recipient comes only from the signed document')
          : typeof jws !== 'string' || jws.length === 0
            ? badRequest('the form needs the JWS in a field named "jws"')
            : undefined;
      if (problem) {
        options.store.remove(files.map((f) => f.fileId)).then(() => next(problem), next);
        return;
      }
      // The field's exact text: whitespace around a JWS would be a second signed text.
      const text = jws as string;
      req.signed = { bytes: Buffer.from(text, 'utf8'), serialization: text.startsWith('{') ? 'flattened' : 'compact', uploads: files };
      next();
    });
  };

  const fromRaw: RequestHandler = (req, _res, next) => {
    if (req.signed) {
      next();
      return;
    }
    if (!Buffer.isBuffer(req.body) || !req.is(JOSE_TYPES)) {
      next(unsupportedMediaType('send application/jose (compact JWS), application/jose+json (flattened JWS) or multipart/form-data'));
      return;
    }
    req.signed = { bytes: req.body, serialization: req.is('application/jose+json') ? 'flattened' : 'compact', uploads: [] };
    next();
  };
  return [raw, multipart, fromRaw];
}
