/** The English labels the FHIR summary displays, from the schemas' x-label and x-enum-labels (one source with the PDFs and pages), per schema version. */
import type { FhirLabels } from '../domain/fhir-codes.js';
import type { Standard } from '../validation/standard.js';

const cache = new WeakMap<Standard, Map<string, FhirLabels>>();

/** Labels by path under a person's healthScreening ("*" for array items), for documents of `schemaVersion`. */
export function fhirLabels(standard: Standard, schemaVersion: string): FhirLabels {
  const byVersion = cache.get(standard) ?? new Map<string, FhirLabels>();
  cache.set(standard, byVersion);
  let labels = byVersion.get(schemaVersion);
  if (!labels) {
    const fields = new Map(standard.catalogue('handover', schemaVersion).map((f) => [f.path.join('/'), f]));
    const at = (path: readonly string[]) => fields.get(['persons', '*', 'healthScreening', ...path].join('/'));
    labels = {
      field: (path) => at(path)?.label?.en,
      value: (path, value) => at(path)?.values.find((v) => String(v.value) === String(value))?.label?.en,
    };
    byVersion.set(schemaVersion, labels);
  }
  return labels;
}
