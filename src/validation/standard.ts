/** The published standard at run time: compiled validators plus the field catalogue, built once. */
import type { SectionSpec } from '../domain/completeness.js';
import { buildCatalogue, type CatalogueField } from './schema-catalogue.js';
import type { SchemaFile } from './schema-files.js';
import { createValidator, type Validator } from './validator.js';

/** Top-level documents a client can submit; the forms are nested inside a handover. */

export interface Standard {
  readonly validator: Validator;
  catalogue(name: string, version: string): readonly CatalogueField[];
  /** Sections and recommended fields of one person's forms in a handover of that version. */
  personSections(version: string): readonly SectionSpec[];
  file(name: string, version: string): SchemaFile | undefined;
}

/** The newest published minor version with the same major as `version` (itself when it is the newest). */
function newestMinor(files: readonly SchemaFile[], name: string, version: string): string {
  const [major] = version.split('.');
  const minors = files.filter((f) => f.name === name && f.version.split('.')[0] === major).map((f) => f.version);
  return minors.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])).at(-1) ?? version;
}

export function createStandard(files?: SchemaFile[]): Standard {
  const validator = createValidator(files);
  const catalogues = new Map<string, CatalogueField[]>();
  const catalogue = (name: string, version: string): CatalogueField[] => {
    const key = `${name}/${version}`;
    let c = catalogues.get(key);
    if (!c) {
      const file = validator.files.find((f) => f.name === name && f.version === version);
      if (!file) throw new Error(`no schema ${key}`);
      c = buildCatalogue(validator.files, file.id);
      // A released version never changes, so a label it lacks (1.0's `instrument`) is taken from
      // the newest minor version of the same major, which has the same field: documents of every
      // version read with labels, never raw keys.
      const newest = newestMinor(validator.files, name, version);
      if (newest !== version) {
        const labels = new Map(catalogue(name, newest).map((f) => [f.path.join('/'), f.label]));
        c = c.map((f) => (f.label ? f : { ...f, label: labels.get(f.path.join('/')) }));
      }
      catalogues.set(key, c);
    }
    return c;
  };
  const personSectionCache = new Map<string, SectionSpec[]>();
  return {
    validator,
    catalogue,
    personSections(version) {
      let specs = personSectionCache.get(version);
      if (!specs) {
        specs = catalogue('handover', version)
          .filter((f) => f.path[0] === 'persons' && f.path[1] === '*' && (f.section || f.recommended.length > 0))
          .map((f) => ({ path: f.path.slice(2), section: f.section, recommended: f.recommended }));
        personSectionCache.set(version, specs);
      }
      return specs;
    },
    file: (name, version) => validator.files.find((f) => f.name === name && f.version === version),
  };
}
