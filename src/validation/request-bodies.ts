/**
 * The JSON request bodies that are not signed documents (acknowledgements, consent changes, GP
 * assignments, webhooks, the admin API), described by small JSON Schemas and compiled once by
 * the same ajv set-up as the standard: the same problem shape (`validation-failed`, a pointer and
 * a JSON Schema keyword per error) as for documents. What a schema cannot know (is this person in
 * the handover, is this organisation a GP practice, may this type have that role) the use case
 * checks after. These schemas are also what the API description publishes.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { AUDIENCES } from '../domain/consent.js';
import { ORGANISATION_TYPES, ROLES, SIGNING_ALGORITHMS } from '../domain/organisations.js';
import type { FieldError } from '../errors.js';
import { toFieldErrors } from './ajv-errors.js';
import { readSchemaFiles } from './schema-files.js';
import { createAjv } from './validator.js';

const COMMON = 'https://handover-exchange.dk/schemas/common/1.0/common.schema.json';
const REF = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$' };
const ORGANISATION_ID = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' };
const DATE_TIME = { type: 'string', format: 'date-time', maxLength: 40 };
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });

/** Every request body, by name: `$id` https://handover-exchange.dk/schemas/requests/<name>. */
export const REQUEST_BODY_SCHEMAS = {
  acknowledgement: {
    type: 'object',
    additionalProperties: false,
    properties: {
      version: { type: 'integer', minimum: 1, maximum: 1000 },
      caseworker: { type: 'string', maxLength: 200 },
      note: { type: 'string', maxLength: 2000 },
      received: { type: 'boolean' },
      // ok (default): usable as it is; error: the sender can fix it with a new version; fatal: it cannot be used (e.g. misaddressed).
      outcome: { enum: ['ok', 'error', 'fatal'] },
      reason: text(2000),
      pointers: { type: 'array', maxItems: 50, uniqueItems: true, items: { type: 'string', maxLength: 300, pattern: '^(/[^/]*)*$' } },
    },
    // A negative answer says why.
    if: { required: ['outcome'], properties: { outcome: { enum: ['error', 'fatal'] } } },
    then: { required: ['reason'] },
  },
  question: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: {
      text: text(4000),
      pointers: { type: 'array', maxItems: 50, uniqueItems: true, items: { type: 'string', maxLength: 300, pattern: '^(/[^/]*)*$' } },
      version: { type: 'integer', minimum: 1, maximum: 1000 },
      caseworker: { type: 'string', maxLength: 200 },
    },
  },
  answer: {
    type: 'object',
    additionalProperties: false,
    // Text, a new version, or both.
    anyOf: [{ required: ['text'] }, { required: ['version'] }],
    properties: { text: text(4000), version: { type: 'integer', minimum: 2, maximum: 1000 } },
  },
  'consent-change': {
    type: 'object',
    additionalProperties: false,
    required: ['personRef', 'audience', 'scope', 'action', 'obtainedHow'],
    properties: {
      personRef: REF,
      audience: { enum: [...AUDIENCES] },
      scope: { enum: ['social', 'health'] },
      action: { enum: ['granted', 'withdrawn'] },
      obtainedHow: text(200),
      effectiveAt: DATE_TIME,
    },
  },
  // Where an organisation's people sign in (OpenID Connect) and the role they get there.
  'identity-provider': {
    type: 'object',
    additionalProperties: false,
    required: ['issuer', 'clientId', 'role'],
    properties: {
      issuer: { type: 'string', maxLength: 500, pattern: '^https?://[^\\s]+$' },
      clientId: text(200),
      clientSecret: text(500),
      role: { enum: [...ROLES] },
    },
  },
  // A draft is an unfinished form: only its shape as an object is checked (the size by the body limit); validation comes when it is signed.
  draft: {
    type: 'object',
    additionalProperties: false,
    required: ['document'],
    properties: { document: { type: 'object' } },
  },
  session: {
    type: 'object',
    additionalProperties: false,
    required: ['credential'],
    properties: { credential: { type: 'string', minLength: 1, maxLength: 200 } },
  },
  'record-transfer': {
    type: 'object',
    additionalProperties: false,
    required: ['toMunicipalityCode', 'personRefs', 'movedOn'],
    properties: {
      toMunicipalityCode: { $ref: `${COMMON}#/$defs/municipalityCode` },
      personRefs: { type: 'array', minItems: 1, maxItems: 30, uniqueItems: true, items: REF },
      movedOn: { type: 'string', format: 'date' },
      reason: text(2000),
    },
  },
  'child-routing': {
    type: 'object',
    additionalProperties: false,
    required: ['unitOrganisationId'],
    properties: { unitOrganisationId: ORGANISATION_ID },
  },
  'gp-assignment': {
    type: 'object',
    additionalProperties: false,
    required: ['personRef', 'gpOrganisationId'],
    properties: { personRef: REF, gpOrganisationId: ORGANISATION_ID },
  },
  webhook: {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: { url: { type: 'string', minLength: 1, maxLength: 2000 } },
  },
  organisation: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'name'],
    properties: { id: ORGANISATION_ID, type: { enum: [...ORGANISATION_TYPES] }, name: text(200), municipalityCode: { $ref: `${COMMON}#/$defs/municipalityCode` } },
    // A municipality and its children's services units have its code; nothing else has one.
    if: { properties: { type: { enum: ['municipality', 'health-visitors', 'school-psychology'] } }, required: ['type'] },
    then: { required: ['municipalityCode'] },
    else: { properties: { municipalityCode: false } },
  },
  'signing-key': {
    type: 'object',
    additionalProperties: false,
    required: ['jwk', 'alg'],
    properties: { jwk: { type: 'object', maxProperties: 20 }, alg: { enum: [...SIGNING_ALGORITHMS] }, validFrom: DATE_TIME, validUntil: DATE_TIME },
  },
  'key-revocation': {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: { reason: text(500), revokedAt: DATE_TIME },
  },
  credential: {
    type: 'object',
    additionalProperties: false,
    required: ['role'],
    properties: { role: { enum: [...ROLES] }, label: { type: 'string', maxLength: 200 }, expiresAt: DATE_TIME },
  },
} as const;

export type RequestBodyName = keyof typeof REQUEST_BODY_SCHEMAS;

export const requestBodySchemaId = (name: RequestBodyName) => `https://handover-exchange.dk/schemas/requests/${name}`;

/** The one ajv instance of the API's requests (bodies, and the query parameters the route binder checks), with the common schema of the standard for shared definitions. */
const requestAjv = (() => {
  const ajv = createAjv();
  for (const file of readSchemaFiles().filter((f) => f.name === 'common')) ajv.addSchema(file.schema);
  return ajv;
})();

/** Compiles a schema of a request part (http/bind-operations.ts: an operation's query parameters) with the same ajv as the bodies. */
export function compileRequestSchema(schema: object): ValidateFunction {
  return requestAjv.compile({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema });
}

/** Compiled once. */
const compiled: Map<RequestBodyName, ValidateFunction> = (() => {
  const ajv = requestAjv;
  const out = new Map<RequestBodyName, ValidateFunction>();
  for (const [name, schema] of Object.entries(REQUEST_BODY_SCHEMAS) as [RequestBodyName, object][]) {
    out.set(name, ajv.compile({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: requestBodySchemaId(name), ...schema }));
  }
  return out;
})();

/** How a use case is given the check (deps.ts passes requestBodyProblems). */
export type BodyProblems = (name: RequestBodyName, body: unknown) => FieldError[];

/** The body's problems against its schema (empty when it is valid): each with a JSON Pointer and the keyword. */
export function requestBodyProblems(name: RequestBodyName, body: unknown): FieldError[] {
  const validate = compiled.get(name)!;
  return validate(body) ? [] : toFieldErrors(validate.errors).filter((e) => e.keyword !== 'else' && e.keyword !== 'then');
}
