/**
 * Every label comes from the schemas' `x-label`, in both languages: the PDFs, the generated docs
 * and any form read them, so a missing one shows as a raw key (1.0's "instrument" did). From 1.1
 * every named field and every allowed value carries both labels; documents of a released version
 * that lacked one read with the newest minor version's label for the same field.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogueField } from '../../src/validation/schema-catalogue.js';
import { createStandard } from '../../src/validation/standard.js';

const standard = createStandard();
const documents = standard.validator.files.filter((f) => ['handover', 'health-assessment-result', 'handover-withdrawal'].includes(f.name));

/** A named field: not an array item (named by its list) and not a section's status (named by the status vocabulary). */
const named = (f: CatalogueField) => f.path.at(-1) !== '*' && f.path.at(-1) !== 'status';
const hasBoth = (l: { da: string; en: string } | undefined) => Boolean(l && l.da.trim() && l.en.trim());

describe('labels from the schemas, in both languages', () => {
  it.each(documents.filter((f) => f.version !== '1.0').map((f) => [`${f.name}/${f.version}`, f] as const))('%s labels every named field and every allowed value', (_key, file) => {
    const catalogue = standard.catalogue(file.name, file.version);
    expect(catalogue.filter(named).length).toBeGreaterThan(file.name === 'handover' ? 300 : 5);
    expect(catalogue.filter((f) => named(f) && !hasBoth(f.label)).map((f) => f.path.join('/'))).toEqual([]);
    const unlabelledValues = catalogue.flatMap((f) => f.values.filter((v) => typeof v.value === 'string' && !['documentType', 'schemaVersion', 'instrument'].includes(String(f.path.at(-1))) && !hasBoth(v.label)).map((v) => `${f.path.join('/')}=${String(v.value)}`));
    expect(unlabelledValues).toEqual([]);
  });

  it('gives a 1.0 document the label 1.0 lacked from the newest 1.x (the screening instrument), never a raw key', () => {
    const path = 'persons/*/healthScreening/mentalHealth/screenings/entries/*/instrument';
    const raw = standard.validator.files.find((f) => f.name === 'handover' && f.version === '1.0')!;
    expect(JSON.stringify(raw.bytes.toString()).includes('Screeningsredskab')).toBe(false);
    expect(standard.catalogue('handover', '1.0').find((f) => f.path.join('/') === path)!.label).toEqual({ da: 'Screeningsredskab', en: 'Screening instrument' });
    expect(standard.catalogue('handover', '1.0').filter((f) => named(f) && !hasBoth(f.label)).map((f) => f.path.join('/'))).toEqual([]);
  });

  it('names the section statuses in the shared vocabulary', () => {
    const common = standard.file('common', '1.1')!.schema as { $defs: { assessmentStatus: { 'x-enum-labels': Record<string, { da: string; en: string }> } } };
    expect(Object.keys(common.$defs.assessmentStatus['x-enum-labels']).sort()).toEqual(['declined', 'findings', 'no-findings', 'not-applicable', 'not-assessed']);
  });
});
