/** Path parameters that name the caller's own organisation: anyone else's answers exactly like one that does not exist. */
import { normaliseMunicipalityCode } from '../domain/municipality-code.js';
import type { Caller } from '../domain/organisations.js';
import { notFound } from '../errors.js';

/** The caller's own municipality code, or 404 for any other (a municipality sees only its own feed, deadlines and webhook). */
export function requireOwnMunicipality(caller: Caller, code: string): string {
  const normalised = normaliseMunicipalityCode(code);
  if (!normalised || caller.role !== 'municipality' || caller.municipalityCode !== normalised) throw notFound('no such municipality for this credential');
  return normalised;
}
