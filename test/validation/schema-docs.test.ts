import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSchemaDocs } from '../../src/validation/schema-docs.js';
import { createStandard } from '../../src/validation/standard.js';

describe('docs/schemas.md', () => {
  const rendered = renderSchemaDocs(createStandard());

  it('is current with the schemas (run `npm run docs:schemas` when it is not)', () => {
    expect(fs.readFileSync('docs/schemas.md', 'utf8')).toBe(rendered);
  });

  it('lists every field with both labels and the rule, e.g. the medication supply date', () => {
    expect(rendered).toContain('| `/persons/*/healthScreening/medications/entries/*/supplyLastsUntil` | Medicin rækker til | Supply lasts until | string | yes | format date; max length 10 |');
    expect(rendered).toContain('`not-assessed` (Ikke vurderet)');
    expect(rendered).toContain('`751` (Aarhus Kommune)');
  });
});
