/** Writes the service's OpenAPI document to a file (for the linter in CI, and for integrators who want it offline). */
import fs from 'node:fs';
import { buildOpenApiDocument } from '../src/http/openapi/document.js';
import { createStandard } from '../src/validation/standard.js';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: node --import tsx scripts/write-openapi.ts OUT.json\n');
  process.exit(2);
}
const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const common = createStandard().file('common', '1.0')!.schema as { $defs: Record<string, unknown> };
fs.writeFileSync(out, `${JSON.stringify(buildOpenApiDocument({ version, commonDefs: common.$defs }), null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
