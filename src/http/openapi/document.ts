/**
 * The OpenAPI 3.1 description of the API, generated from the route list (operations.ts), the
 * request-body schemas the service validates with (validation/request-bodies.ts, bundled with the
 * shared definitions of the standard they refer to), the response schemas (response-schemas.ts)
 * and the problem catalogue (errors.ts). Built once at start; served at GET /v1/openapi.json.
 */
import { PROBLEMS } from '../../errors.js';
import { REQUEST_BODY_SCHEMAS, type RequestBodyName } from '../../validation/request-bodies.js';
import type { Operation, Parameter } from './operation-types.js';
import { OPERATIONS } from './operations.js';
import { RESPONSE_SCHEMAS } from './response-schemas.js';

type Json = Record<string, unknown>;

const TAGS: Record<Operation['tag'], string> = {
  service: 'Health, keys and this description',
  standard: 'The published JSON Schemas and the dry-run validator',
  senders: 'Asylum centres and IOM: submit, supersede and withdraw signed handovers',
  municipalities: "The coordinating department and its case system: the feed, reading, PDFs, acknowledgements, consent, GP assignment, notifications",
  gp: 'GP practices: health summaries and signed assessment results',
  audit: 'Auditors: the hash-chained audit log',
  admin: 'Administrators: organisations, signing keys, credentials',
  operators: 'Operators: metrics',
};

/**
 * Bundles a request-body schema for the document: references into the standard's shared
 * definitions (`common.schema.json#/$defs/x`) become components of their own (`common.x`), with
 * the definitions they use in turn, so the document stands alone.
 */
function bundle(schema: unknown, defs: Json, components: Json): unknown {
  if (Array.isArray(schema)) return schema.map((s) => bundle(s, defs, components));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === '$ref' && typeof value === 'string') {
      const m = /(?:^|common\.schema\.json)#\/\$defs\/([A-Za-z0-9_]+)$/.exec(value);
      if (!m) throw new Error(`the API description cannot bundle $ref ${value}`);
      const name = `common.${m[1]}`;
      if (!(name in components)) {
        components[name] = {};
        components[name] = bundle(defs[m[1]!], defs, components);
      }
      out.$ref = `#/components/schemas/${name}`;
    } else out[key] = bundle(value, defs, components);
  }
  return out;
}

const parameter = (where: 'path' | 'query') => (p: Parameter) => ({ name: p.name, in: where, required: where === 'path' ? true : (p.required ?? false), description: p.description, schema: p.schema });

function requestBody(op: Operation): Json | undefined {
  if (!op.body) return undefined;
  if ('json' in op.body) return { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/request.${op.body.json}` } } } };
  if ('document' in op.body) {
    return {
      required: true,
      content: { 'application/json': { schema: { type: 'object', description: 'a handover, social-information, health-screening, health-assessment-result or withdrawal document; its `documentType` and `schemaVersion` name the schema (GET /v1/schemas)' } } },
    };
  }
  const payload = `a JWS (RFC 7515) whose payload is a \`${op.body.signed}\` document (schema: GET /v1/schemas/${op.body.signed}/<version>); protected header \`alg\` (ES256, EdDSA, PS256, RS256), \`kid\` of a registered key of the caller's organisation, \`typ: ${op.body.signed}+jws\``;
  return {
    required: true,
    description: payload,
    content: {
      'application/jose': { schema: { type: 'string', description: 'compact serialization: exactly the token, nothing around it' } },
      'application/jose+json': { schema: { type: 'object', required: ['protected', 'payload', 'signature'], properties: { protected: { type: 'string' }, payload: { type: 'string' }, signature: { type: 'string' } } } },
      'multipart/form-data': {
        schema: { type: 'object', required: ['jws'], properties: { jws: { type: 'string', description: 'the compact JWS' }, attachments: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' }, description: "files matched to the signed manifest by file name" } } },
      },
    },
  };
}

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

function responses(op: Operation): Json {
  const out: Json = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const headers = r.headers ? Object.fromEntries(r.headers.map((h) => [h, { schema: { type: 'string' } }])) : undefined;
    let content: Json | undefined;
    if (r.schema === 'Problem') content = PROBLEM_CONTENT;
    else if (r.schema) {
      content = { [r.mediaType ?? 'application/json']: { schema: { $ref: `#/components/schemas/${r.schema}` } } };
      for (const alt of r.also ?? []) content[alt.mediaType] = { schema: { $ref: `#/components/schemas/${alt.schema}` } };
    }
    else if (r.binary) content = Object.fromEntries((r.binary === 'application/octet-stream' ? ['application/pdf', 'image/png', 'image/jpeg'] : [r.binary]).map((t) => [t, { schema: { type: 'string', contentMediaType: t } }]));
    else if (r.text) content = { [r.text]: { schema: { type: 'string' } } };
    out[status] = { description: r.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
  }
  if (Array.isArray(op.access)) {
    out['401'] ??= { description: 'no credential, or one that is unknown, revoked or expired', content: PROBLEM_CONTENT };
    out['403'] ??= { description: `the credential's role is not ${op.access.join(' or ')}`, content: PROBLEM_CONTENT };
  }
  // Reads count against the credential's fair share, the dry run against the caller's or its address's (http/admission.ts).
  if ((op.method === 'get' && Array.isArray(op.access)) || op.operationId === 'validateDocument') {
    out['429'] ??= { description: "over the caller's fair share (too-many-requests): retry after Retry-After", headers: Object.fromEntries(['Retry-After', 'RateLimit', 'RateLimit-Policy'].map((h) => [h, { schema: { type: 'string' } }])), content: PROBLEM_CONTENT };
  }
  out['4XX'] = { description: 'a problem with the request: the `code` names it, `errors` the fields (JSON Pointers) and rules', content: PROBLEM_CONTENT };
  out['5XX'] = { description: 'the service cannot answer now (503 with Retry-After when the database is unavailable)', content: PROBLEM_CONTENT };
  return out;
}

function security(op: Operation): Json[] {
  if (op.access === 'anyone') return [];
  if (op.access === 'metrics-token') return [{ metricsToken: [] }];
  return [{ credential: [] }];
}

/** The whole OpenAPI 3.1 document. */
export function buildOpenApiDocument(o: { version: string; commonDefs: Json }): Json {
  const components: Json = { ...RESPONSE_SCHEMAS, OpenApiDocument: { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' } } } };
  for (const [name, schema] of Object.entries(REQUEST_BODY_SCHEMAS) as [RequestBodyName, object][]) components[`request.${name}`] = bundle(schema, o.commonDefs, components);
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const roles = Array.isArray(op.access) ? `\n\nCredential roles: ${op.access.join(', ')}.` : op.access === 'metrics-token' ? '\n\nThe metrics token (HANDOVER_METRICS_TOKEN).' : '';
    const parameters = [...(op.pathParams ?? []).map(parameter('path')), ...(op.query ?? []).map(parameter('query'))];
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      description: `${op.summary}.${roles}`,
      tags: [op.tag],
      security: security(op),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: requestBody(op) } : {}),
      responses: responses(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'handover-exchange',
      version: o.version,
      summary: "Signed handover of refugees' social-information and health-screening forms to Danish municipalities and GPs",
      description:
        'Asylum centres and IOM hand over signed, schema-validated documents; municipalities pull them from a feed, read them (health sections only under consent), acknowledge them and assign GPs; GPs read health summaries and return signed results. Every error is `application/problem+json` (RFC 9457) with a stable `code`: ' +
        Object.keys(PROBLEMS).join(', ') +
        '.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'handover-exchange operators' },
    },
    servers: [{ url: '/', description: 'this service' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        credential: { type: 'http', scheme: 'bearer', bearerFormat: 'hx1.<credential id>.<secret>', description: "An organisation's API credential; the organisation and role come from it." },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'The metrics token (HANDOVER_METRICS_TOKEN).' },
      },
    },
  };
}
