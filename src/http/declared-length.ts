/**
 * Refuses a body whose declared Content-Length is over what its route could take, at once: 413
 * and the connection closed, before a byte of it is read. The body readers would refuse it too,
 * but only after waiting for the whole body to arrive (body-parser lets a request finish before
 * answering), which a client that never sends it turns into a connection held to the timeout.
 */
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import { payloadTooLarge } from '../errors.js';

/** Room for a multipart body's boundaries and part headers (at most 24 parts of 20 header lines each). */
const MULTIPART_FRAMING_BYTES = 1024 * 1024;

/** The largest body of this content type any route takes: a JSON or JWS body, or a submission with its attachments (signed-body.ts's limits). */
export function largestBody(config: Pick<Config, 'maxBodyBytes' | 'maxAttachmentBytes' | 'maxAttachments'>, contentType: string | undefined): number {
  const multipart = /^multipart\/form-data\b/i.test((contentType ?? '').trim());
  // Up to 4 fields of at most maxBodyBytes each (the JWS) and the files.
  return multipart ? 4 * config.maxBodyBytes + config.maxAttachments * config.maxAttachmentBytes + MULTIPART_FRAMING_BYTES : config.maxBodyBytes;
}

export function refuseDeclaredOversize(config: Pick<Config, 'maxBodyBytes' | 'maxAttachmentBytes' | 'maxAttachments'>): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length'];
    if (declared === undefined) {
      next();
      return;
    }
    const limit = largestBody(config, req.headers['content-type']);
    if (Number(declared) > limit) {
      // The body is never read: the connection cannot carry another request after it.
      res.setHeader('Connection', 'close');
      next(payloadTooLarge(limit));
      return;
    }
    next();
  };
}
