/** Reads JSON bodies as bytes (bounded, no content encoding) and parses them strictly. */
import express, { type RequestHandler } from 'express';
import { parseStrictJson } from '../domain/strict-json.js';

export const JSON_TYPES = ['application/json', 'application/*+json'];

/** application/json or application/*+json, but not application/jose+json (a signed body, read as exact bytes elsewhere). */
function isPlainJson(req: { headers: { 'content-type'?: string } }): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json') && type !== 'application/jose+json');
}

export function jsonBody(limitBytes: number): RequestHandler[] {
  return [
    // inflate: false refuses gzip/deflate bodies (415), so a compressed bomb is never expanded.
    // application/jose+json is a signed body: its exact bytes are read by the signed routes.
    express.raw({ type: isPlainJson, limit: limitBytes, inflate: false }),
    (req, _res, next) => {
      if (Buffer.isBuffer(req.body)) req.body = parseStrictJson(req.body);
      next();
    },
  ];
}

/** The parsed JSON object body, or {} when there is none (the use case then names each missing field). */
export function bodyOf(req: { body?: unknown }): Record<string, unknown> {
  return req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
}
