/** The endpoint list (operations.ts), part: Health, keys, this description, the published schemas and the dry run. */
import { str } from './operation-parameters.js';
import type { Operation } from './operation-types.js';

export const SERVICE_OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/healthz', operationId: 'getHealth', summary: 'The process is up', tag: 'service', access: 'anyone', responses: { 200: { description: 'up', schema: 'Status' } } },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'getReadiness',
    summary: 'A writable primary answers',
    tag: 'service',
    access: 'anyone',
    responses: { 200: { description: 'ready', schema: 'Status' }, 503: { description: 'the database is unreachable or has no writable primary', schema: 'Problem', headers: ['Retry-After'] } },
  },
  { method: 'get', path: '/metrics', operationId: 'getMetrics', summary: 'Prometheus metrics (no personal data, closed label sets)', tag: 'operators', access: 'metrics-token', responses: { 200: { description: 'Prometheus text exposition format', text: 'text/plain' } } },
  { method: 'get', path: '/v1/openapi.json', operationId: 'getOpenApi', summary: 'This description of the API (OpenAPI 3.1)', tag: 'service', access: 'anyone', responses: { 200: { description: 'the OpenAPI document', schema: 'OpenApiDocument' } } },
  { method: 'get', path: '/docs', operationId: 'getDocumentation', summary: 'Interactive documentation of this description (Swagger UI, served by the service)', tag: 'service', access: 'anyone', responses: { 200: { description: 'an HTML page', text: 'text/html' } } },
  { method: 'get', path: '/v1/schemas', operationId: 'listSchemas', summary: 'The published schemas of the standard', tag: 'standard', access: 'anyone', responses: { 200: { description: 'name, version, id and link of each', schema: 'SchemaList' } } },
  {
    method: 'get',
    path: '/v1/schemas/{name}/{version}',
    operationId: 'getSchema',
    summary: 'One published schema, byte for byte (cacheable for good)',
    tag: 'standard',
    access: 'anyone',
    pathParams: [
      { name: 'name', description: 'handover, social-information, health-screening, health-assessment-result, withdrawal, common', schema: str },
      { name: 'version', description: 'e.g. 1.0', schema: str },
    ],
    responses: { 200: { description: 'the schema, with an ETag', schema: 'JsonSchema', mediaType: 'application/schema+json', headers: ['ETag'] }, 304: { description: 'not modified (If-None-Match)' }, 404: { description: 'no such schema', schema: 'Problem' } },
  },
  {
    method: 'post',
    path: '/v1/validate',
    operationId: 'validateDocument',
    summary: 'Dry run: validate a document, with completeness and deadlines; nothing is stored',
    tag: 'standard',
    access: 'anyone',
    body: { document: true },
    responses: { 200: { description: 'valid', schema: 'ValidationResult' }, 422: { description: 'invalid, every error with its JSON Pointer (a problem when the body is not a document at all)', schema: 'ValidationResult', also: [{ mediaType: 'application/problem+json', schema: 'Problem' }] } },
  },
  { method: 'get', path: '/.well-known/jwks.json', operationId: 'getJwks', summary: "The service's public keys (receipts, webhooks, checkpoints)", tag: 'service', access: 'anyone', responses: { 200: { description: 'a JWK set', schema: 'Jwks', mediaType: 'application/jwk-set+json' } } },
];
