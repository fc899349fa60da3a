/** Labels of the standard's sections and values, read from the published schemas' x-label and x-enum-labels: one source for the API, the PDFs and this application. */
import { api } from './api';
import type { Lang } from './i18n';

type Label = Record<Lang, string>;
interface SchemaNode {
  properties?: Record<string, SchemaNode & { 'x-label'?: Label }>;
  $defs?: Record<string, { 'x-enum-labels'?: Record<string, Label> }>;
}

interface ConsentSchema {
  properties: { consents: { items: { properties: Record<'audiences' | 'scopes', { items: { enum: string[]; 'x-enum-labels'?: Record<string, Label> } }> } } };
}

export interface LabelBook {
  section(document: 'social-information' | 'health-screening', key: string, lang: Lang): string;
  value(def: 'assessmentStatus' | 'notAssessedReason' | 'legalBasis', value: string, lang: Lang): string;
  /** A consent's audiences and scopes, as the handover schema names them. */
  consent(field: 'audiences' | 'scopes', value: string, lang: Lang): string;
  consentValues(field: 'audiences' | 'scopes'): string[];
}

export async function loadLabels(version: string): Promise<LabelBook> {
  const [social, health, common, handover] = await Promise.all([
    api.get<SchemaNode>(`/v1/schemas/social-information/${version}`),
    api.get<SchemaNode>(`/v1/schemas/health-screening/${version}`),
    api.get<SchemaNode>(`/v1/schemas/common/${version}`),
    api.get<ConsentSchema>(`/v1/schemas/handover/${version}`),
  ]);
  const consentItem = (field: 'audiences' | 'scopes') => handover.properties.consents.items.properties[field].items;
  const docs = { 'social-information': social, 'health-screening': health };
  return {
    section: (document, key, lang) => docs[document].properties?.[key]?.['x-label']?.[lang] ?? key,
    value: (def, value, lang) => common.$defs?.[def]?.['x-enum-labels']?.[value]?.[lang] ?? value,
    consent: (field, value, lang) => consentItem(field)['x-enum-labels']?.[value]?.[lang] ?? value,
    consentValues: (field) => consentItem(field).enum,
  };
}
