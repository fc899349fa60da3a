/** Finds and reads the published schema files: schemas/<name>/<version>/<name>.schema.json. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export interface SchemaFile {
  name: string;
  version: string;
  id: string;
  file: string;
  /** The exact bytes as published (served as-is, so ETags are stable). */
  bytes: Buffer;
  schema: Record<string, unknown>;
}

export function readSchemaFiles(dir = SCHEMAS_DIR): SchemaFile[] {
  const out: SchemaFile[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const nameDir = path.join(dir, name);
    if (!fs.statSync(nameDir).isDirectory()) continue;
    for (const version of fs.readdirSync(nameDir).sort()) {
      const file = path.join(nameDir, version, `${name}.schema.json`);
      if (!fs.existsSync(file)) continue;
      const bytes = fs.readFileSync(file);
      const schema = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      out.push({ name, version, id: String(schema.$id), file, bytes, schema });
    }
  }
  return out;
}
