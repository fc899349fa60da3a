/** Writes docs/schemas.md from the schemas; with --check, fails when the file is stale. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchemaDocs } from '../src/validation/schema-docs.js';
import { createStandard } from '../src/validation/standard.js';

const target = fileURLToPath(new URL('../docs/schemas.md', import.meta.url));
const rendered = renderSchemaDocs(createStandard());
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== rendered) {
    process.stderr.write('docs/schemas.md is stale: run `npm run docs:schemas` and commit the result\n');
    process.exit(1);
  }
  process.stdout.write('docs/schemas.md is current\n');
} else {
  fs.writeFileSync(target, rendered);
  process.stdout.write(`wrote ${target}\n`);
}
