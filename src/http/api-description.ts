/**
 * The OpenAPI description this service serves, built once per schema set (not per app or
 * request): the package's version and the standard's shared definitions the request bodies use.
 * It belongs to the HTTP side, so the composition root (deps.ts) does not build it.
 */
import fs from 'node:fs';
import type { Standard } from '../validation/standard.js';
import { buildOpenApiDocument } from './openapi/document.js';

const built = new WeakMap<Standard, Record<string, unknown>>();

export function apiDescriptionOf(standard: Standard): Record<string, unknown> {
  let doc = built.get(standard);
  if (!doc) {
    const { version } = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const common = standard.file('common', '1.0')!.schema as { $defs: Record<string, unknown> };
    doc = buildOpenApiDocument({ version, commonDefs: common.$defs });
    built.set(standard, doc);
  }
  return doc;
}
