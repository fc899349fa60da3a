/** Reads JSON bodies as bytes (bounded, no content encoding) and parses them strictly. */
import express, { type RequestHandler } from 'express';
import { parseStrictJson } from '../domain/strict-json.js';

export const JSON_TYPES = ['application/json', 'application/*+json'];

export function jsonBody(limitBytes: number): RequestHandler[] {
  return [
    // inflate: false refuses gzip/deflate bodies (415), so a compressed bomb is never expanded.
    express.raw({ type: JSON_TYPES, limit: limitBytes, inflate: false }),
    (req, _res, next) => {
      if (Buffer.isBuffer(req.body)) req.body = parseStrictJson(req.body);
      next();
    },
  ];
}
