/**
 * Every route of the API as data: method, path, who may call it, parameters, request body and
 * responses. The OpenAPI document (document.ts) is generated from this list, the request bodies'
 * schemas are the very ones the service validates with (validation/request-bodies.ts), and
 * test/http/openapi.test.ts checks this list against the routes express actually serves, both
 * ways, so a route cannot be added, removed or moved without this list (and so the document)
 * following.
 */
import { ROLES, type Role } from '../../domain/organisations.js';
import { DELIVERY_STATUSES } from '../../services/delivery-status.js';
import type { RequestBodyName } from '../../validation/request-bodies.js';

type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  description: string;
  schema: Schema;
  required?: boolean;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The path as OpenAPI writes it (`{handoverId}`); express's `:handoverId` is derived from it. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'service' | 'standard' | 'senders' | 'municipalities' | 'gp' | 'audit' | 'admin' | 'operators';
  /** Who may call it: anyone, the metrics token, or credentials with one of these roles. */
  access: 'anyone' | 'metrics-token' | readonly Role[];
  pathParams?: readonly Parameter[];
  query?: readonly Parameter[];
  /** A JSON body checked by one of the service's request-body schemas, or a signed (JWS) body. */
  body?: { json: RequestBodyName } | { signed: string } | { document: true };
  /** Status -> what comes back (`schema` names a component; `binary` a file type). */
  responses: Readonly<Record<string, { description: string; schema?: string; mediaType?: string; also?: readonly { mediaType: string; schema: string }[]; binary?: string; text?: string; headers?: readonly string[] }>>;
}

const str = { type: 'string' };
const transferIdParam: Parameter = { name: 'transferId', description: 'the transfer id (trf_…)', schema: { type: 'string' } };
const draftIdParam: Parameter = { name: 'draftId', description: "the draft's id (a UUID the web application makes)", schema: { type: 'string', format: 'uuid' } };
const handoverId: Parameter = { name: 'handoverId', description: "the handover's id (the sender's UUID)", schema: { type: 'string', format: 'uuid' } };
const code: Parameter = { name: 'code', description: 'the municipality code (3 digits, e.g. 751)', schema: { type: 'string', pattern: '^[0-9]{3,4}$' } };
const organisationId: Parameter = { name: 'organisationId', description: 'the organisation', schema: str };
const after: Parameter = { name: 'after', description: 'a cursor exactly as a page gave it (`next` or `resumeAfter`)', schema: str };
const limit: Parameter = { name: 'limit', description: 'entries per page, 1-500 (default 50)', schema: { type: 'integer', minimum: 1, maximum: 500 } };
const version: Parameter = { name: 'version', description: 'a version number (default: the current version)', schema: { type: 'integer', minimum: 1 } };
const yesNo = { enum: ['true', 'false'] };
const questionNumber: Parameter = { name: 'number', description: "the question's number in the handover's thread", schema: { type: 'integer', minimum: 1 } };
const personRef: Parameter = { name: 'personRef', description: "the person's reference in the handover", schema: str };

const receipt = { description: 'accepted: the signed receipt', schema: 'Receipt', headers: ['Location'] } as const;
const replayed = { description: 'the same bytes were accepted before: the original receipt', schema: 'Receipt' } as const;

export const OPERATIONS: readonly Operation[] = [
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

  {
    method: 'post',
    path: '/v1/handovers',
    operationId: 'submitHandover',
    summary: 'Submit a signed handover (new, or a new version superseding the current one)',
    tag: 'senders',
    access: ['sender'],
    body: { signed: 'handover' },
    responses: { 201: receipt, 200: replayed, 429: { description: 'too many submissions for this credential, organisation or process', schema: 'Problem', headers: ['Retry-After', 'RateLimit', 'RateLimit-Policy'] } },
  },
  {
    method: 'get',
    path: '/v1/handovers',
    operationId: 'listSenderHandovers',
    summary: "The sender's own handovers with their delivery status, in the order first received",
    tag: 'senders',
    access: ['sender'],
    query: [{ name: 'status', description: 'submitted, retrieved, acknowledged, refused (answered with outcome error or fatal) or withdrawn', schema: { enum: [...DELIVERY_STATUSES] } }, after, limit],
    responses: { 200: { description: 'a page', schema: 'SenderHandoverPage' } },
  },
  {
    method: 'post',
    path: '/v1/handovers/{handoverId}/withdrawals',
    operationId: 'withdrawHandover',
    summary: 'Withdraw one version with a signed handover-withdrawal',
    tag: 'senders',
    access: ['sender'],
    pathParams: [handoverId],
    body: { signed: 'withdrawal' },
    responses: { 201: { description: 'withdrawn: the signed receipt', schema: 'Receipt' }, 200: replayed },
  },
  { method: 'get', path: '/v1/handovers/{handoverId}/versions', operationId: 'listVersions', summary: 'Every version with its SHA-256, current and withdrawn ones marked', tag: 'senders', access: ['sender'], pathParams: [handoverId], responses: { 200: { description: 'the versions', schema: 'Versions' } } },

  {
    method: 'get',
    path: '/v1/municipalities/{code}/handovers',
    operationId: 'listFeed',
    summary: "The municipality's feed: one entry per received version and per withdrawal, in a stable order",
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [code],
    query: [
      after,
      limit,
      { name: 'unacknowledged', description: 'only entries not acknowledged yet', schema: yesNo },
      { name: 'arrivingFrom', description: 'expected arrival on or after (YYYY-MM-DD)', schema: { type: 'string', format: 'date' } },
      { name: 'arrivingTo', description: 'expected arrival on or before (YYYY-MM-DD)', schema: { type: 'string', format: 'date' } },
      { name: 'urgent', description: 'only entries with urgent flags', schema: yesNo },
    ],
    responses: { 200: { description: 'a page', schema: 'FeedPage' } },
  },
  {
    method: 'get',
    path: '/v1/figures',
    operationId: 'getFigures',
    summary:
      'Whether health information arrives: per municipality and per sender, for handovers first received in a period, the time to first retrieval and acknowledgement (median, p90), how persons\' mental health was handed over (assessed, with findings, not assessed by reason, declined), completeness and open questions; small counts suppressed. JSON, or CSV with Accept: text/csv or ?format=csv',
    tag: 'audit',
    access: ['municipality', 'sender', 'auditor'],
    query: [
      { name: 'from', description: 'first received on or after (RFC 3339 date or date-time with a zone; default: a year before `to`)', schema: str },
      { name: 'to', description: 'first received before (default: now)', schema: str },
      { name: 'format', description: 'csv for CSV (as Accept: text/csv)', schema: { enum: ['json', 'csv'] } },
    ],
    responses: { 200: { description: 'the figures the caller may see', schema: 'Figures', also: [{ mediaType: 'text/csv', schema: 'FiguresCsv' }] } },
  },
  {
    method: 'get',
    path: '/v1/municipalities/{code}/export',
    operationId: 'exportHandovers',
    summary: "Bulk export: the municipality's handovers received in a date range, as NDJSON (one line per version, health withheld without consent, then an end line with `next`), resumable by cursor",
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [code],
    query: [
      { name: 'from', description: 'received on or after (RFC 3339 date or date-time with a zone)', schema: str },
      { name: 'to', description: 'received before (RFC 3339 date or date-time with a zone)', schema: str },
      after,
      { name: 'limit', description: 'handovers per request, 1-500 (default 50)', schema: { type: 'integer', minimum: 1, maximum: 500 } },
      { name: 'include', description: "pdf: each line also carries the coordinating department's PDF of the version (`pdf`: filename, mediaType, base64)", schema: { enum: ['pdf'] } },
      { name: 'lang', description: 'the PDF language with include=pdf: da (default) or en', schema: { enum: ['da', 'en'] } },
    ],
    responses: { 200: { description: 'NDJSON: `{"type":"handover","cursor",...,"document"}` lines, then `{"type":"end","count","next","resumeAfter"}`', text: 'application/x-ndjson' } },
  },
  {
    method: 'get',
    path: '/v1/municipalities/{code}/deadlines',
    operationId: 'listDeadlines',
    summary: 'Health-assessment offers, 18th birthdays, medication supplies ending, permits expiring',
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [code],
    query: [{ name: 'within', description: 'a window such as 30d (default)', schema: { type: 'string', pattern: '^[0-9]+d$' } }],
    responses: { 200: { description: 'sorted by date, overdue ones flagged', schema: 'Deadlines' } },
  },
  {
    method: 'get',
    path: '/v1/handovers/{handoverId}',
    operationId: 'readHandover',
    summary: 'The document, receipt facts, deadlines and attachment links; health sections withheld without consent',
    tag: 'municipalities',
    access: ['municipality', 'sender'],
    pathParams: [handoverId],
    query: [version],
    responses: { 200: { description: 'the handover as the caller may see it', schema: 'Handover' } },
  },
  {
    method: 'get',
    path: '/v1/handovers/{handoverId}/pdf',
    operationId: 'renderPdf',
    summary: 'The handover as PDF for the coordinating department, or the health summary for the assigned GP',
    tag: 'municipalities',
    access: ['municipality', 'sender', 'gp'],
    pathParams: [handoverId],
    query: [
      { name: 'audience', description: 'coordinating-department (default) or gp', schema: { enum: ['coordinating-department', 'gp'] } },
      { name: 'lang', description: 'da (default) or en', schema: { enum: ['da', 'en'] } },
      version,
    ],
    responses: { 200: { description: 'the PDF', binary: 'application/pdf' } },
  },
  { method: 'get', path: '/v1/handovers/{handoverId}/status', operationId: 'getDeliveryStatus', summary: 'Per version: submitted, first retrieved (when, by whom), acknowledged, superseded, withdrawn', tag: 'municipalities', access: ['municipality', 'sender'], pathParams: [handoverId], responses: { 200: { description: 'the delivery status', schema: 'HandoverStatus' } } },
  {
    method: 'get',
    path: '/v1/handovers/{handoverId}/versions/{version}/attachments/{attachmentRef}',
    operationId: 'downloadAttachment',
    summary: 'An attachment as a download (health files only with consent)',
    tag: 'municipalities',
    access: ['municipality', 'sender'],
    pathParams: [handoverId, { name: 'version', description: 'the version', schema: { type: 'integer', minimum: 1 } }, { name: 'attachmentRef', description: "the manifest's attachmentRef", schema: str }],
    responses: { 200: { description: 'the file as stored (PDF, PNG or JPEG), Content-Disposition: attachment', binary: 'application/octet-stream' } },
  },
  {
    method: 'post',
    path: '/v1/handovers/{handoverId}/acknowledgements',
    operationId: 'acknowledgeHandover',
    summary: 'Answer a version: outcome ok (usable), error (the sender can fix it) or fatal (cannot be used), a negative one with its reason and the sections concerned; answered with a delivery receipt signed by the service',
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [handoverId],
    body: { json: 'acknowledgement' },
    responses: { 201: { description: 'acknowledged: the delivery receipt', schema: 'DeliveryReceipt' }, 200: { description: 'acknowledged before: the same receipt', schema: 'DeliveryReceipt' } },
  },
  {
    method: 'get',
    path: '/v1/questions',
    operationId: 'listQuestionsOfCaller',
    summary: "The caller's questions across its handovers (a sender: asked of it; a municipality: asked by it), in the order asked; ?state=open is the sender's worklist",
    tag: 'senders',
    access: ['sender', 'municipality'],
    query: [{ name: 'state', description: 'open, answered or closed', schema: { enum: ['open', 'answered', 'closed'] } }, after, limit],
    responses: { 200: { description: 'a page', schema: 'QuestionPage' } },
  },
  { method: 'get', path: '/v1/handovers/{handoverId}/agenda', operationId: 'getMeetingAgenda', summary: 'The agenda of the handover meeting: persons and interpreters, urgent matters, deadlines soon and overdue, sections not assessed, disagreements, open questions', tag: 'municipalities', access: ['municipality', 'sender'], pathParams: [handoverId], responses: { 200: { description: 'the agenda', schema: 'MeetingAgenda' } } },
  {
    method: 'get',
    path: '/v1/handovers/{handoverId}/agenda/pdf',
    operationId: 'getMeetingAgendaPdf',
    summary: 'The agenda of the handover meeting as a PDF, in Danish or English, with room for the outcome',
    tag: 'municipalities',
    access: ['municipality', 'sender'],
    pathParams: [handoverId],
    query: [{ name: 'lang', description: 'da (default) or en', schema: { enum: ['da', 'en'] } }],
    responses: { 200: { description: 'the PDF', binary: 'application/pdf' } },
  },
  { method: 'get', path: '/v1/handovers/{handoverId}/questions', operationId: 'listQuestions', summary: "The handover's questions back, with their answers and state (open, answered, closed)", tag: 'municipalities', access: ['municipality', 'sender'], pathParams: [handoverId], responses: { 200: { description: 'the thread', schema: 'QuestionThread' } } },
  { method: 'post', path: '/v1/handovers/{handoverId}/questions', operationId: 'askQuestion', summary: 'Ask the sender about a version (text, and JSON Pointers to the sections concerned)', tag: 'municipalities', access: ['municipality'], pathParams: [handoverId], body: { json: 'question' }, responses: { 201: { description: 'asked: the question with its number', schema: 'Question', headers: ['Location'] } } },
  { method: 'post', path: '/v1/handovers/{handoverId}/questions/{number}/answers', operationId: 'answerQuestion', summary: 'Answer a question with text, a version submitted since, or both', tag: 'senders', access: ['sender'], pathParams: [handoverId, questionNumber], body: { json: 'answer' }, responses: { 201: { description: 'answered: the question', schema: 'Question' } } },
  { method: 'post', path: '/v1/handovers/{handoverId}/questions/{number}/closure', operationId: 'closeQuestion', summary: 'Close a question (no more answers; once)', tag: 'municipalities', access: ['municipality'], pathParams: [handoverId, questionNumber], responses: { 200: { description: 'closed: the question', schema: 'Question' } } },
  { method: 'post', path: '/v1/handovers/{handoverId}/consent-changes', operationId: 'recordConsentChange', summary: "Record a change of a person's consent; applies to every later read and PDF", tag: 'municipalities', access: ['municipality', 'sender'], pathParams: [handoverId], body: { json: 'consent-change' }, responses: { 201: { description: 'recorded', schema: 'ConsentChange' } } },
  { method: 'post', path: '/v1/handovers/{handoverId}/gp-assignments', operationId: 'assignGp', summary: "Assign a person's GP practice", tag: 'municipalities', access: ['municipality'], pathParams: [handoverId], body: { json: 'gp-assignment' }, responses: { 201: { description: 'assigned', schema: 'GpAssignment' } } },
  { method: 'get', path: '/v1/handovers/{handoverId}/health-assessments', operationId: 'listHandoverAssessments', summary: "The GPs' results for the handover, each shown with the consent it carries", tag: 'municipalities', access: ['municipality'], pathParams: [handoverId], responses: { 200: { description: 'the results', schema: 'HealthAssessments' } } },

  {
    method: 'post',
    path: '/v1/handovers/{handoverId}/persons/{personRef}/routings',
    operationId: 'routeChild',
    summary: "Route a child to a unit of the municipality's children's services (health visitors before school age, PPR at school age), where the consent covers that audience; routing twice answers 200",
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [handoverId, personRef],
    body: { json: 'child-routing' },
    responses: { 201: { description: 'routed', schema: 'ChildRouting' }, 200: { description: 'already routed: the first routing', schema: 'ChildRouting' } },
  },
  { method: 'get', path: '/v1/children', operationId: 'listChildren', summary: "The children routed to the calling unit of the children's services, with name and age", tag: 'municipalities', access: ['child-services'], responses: { 200: { description: 'the children', schema: 'ChildList' } } },
  { method: 'get', path: '/v1/children/{handoverId}/{personRef}', operationId: 'getChild', summary: "A routed child's sections for the unit's audience (health visitors: growth and development, vaccinations, allergies, disabilities, daycare; PPR: school and special needs, development, signs of trauma), each scope only within consent", tag: 'municipalities', access: ['child-services'], pathParams: [handoverId, personRef], responses: { 200: { description: 'the child as the unit may see it', schema: 'ChildView' } } },
  {
    method: 'get',
    path: '/v1/children/{handoverId}/{personRef}/pdf',
    operationId: 'getChildPdf',
    summary: "The same as a PDF of the unit's own, in Danish or English",
    tag: 'municipalities',
    access: ['child-services'],
    pathParams: [handoverId, personRef],
    query: [{ name: 'lang', description: 'da (default) or en', schema: { enum: ['da', 'en'] } }],
    responses: { 200: { description: 'the PDF', binary: 'application/pdf' } },
  },
  { method: 'get', path: '/v1/gp/persons', operationId: 'listGpPersons', summary: 'Persons assigned to the practice (named only with GP consent)', tag: 'gp', access: ['gp'], responses: { 200: { description: 'the persons', schema: 'GpPersons' } } },
  {
    method: 'get',
    path: '/v1/gp/persons/{handoverId}/{personRef}',
    operationId: 'getGpSummary',
    summary: 'The health summary of one assigned person, as JSON or (Accept: application/fhir+json) a FHIR R4 document Bundle; 403 consent-missing without GP consent',
    tag: 'gp',
    access: ['gp'],
    pathParams: [handoverId, personRef],
    responses: { 200: { description: 'the summary', schema: 'GpSummary', also: [{ mediaType: 'application/fhir+json', schema: 'FhirBundle' }] } },
  },
  {
    method: 'get',
    path: '/v1/gp/persons/{handoverId}/{personRef}/fhir',
    operationId: 'getGpSummaryFhir',
    summary: 'The health summary of one assigned person as a FHIR R4 document Bundle (Patient, Condition, MedicationStatement, AllergyIntolerance, Immunization, Observation; empty sections with their reason)',
    tag: 'gp',
    access: ['gp'],
    pathParams: [handoverId, personRef],
    responses: { 200: { description: 'a FHIR R4 Bundle of type document', schema: 'FhirBundle', mediaType: 'application/fhir+json' } },
  },
  { method: 'get', path: '/v1/health-assessments', operationId: 'listOwnAssessments', summary: "The practice's own results", tag: 'gp', access: ['gp'], responses: { 200: { description: 'the results', schema: 'HealthAssessments' } } },
  { method: 'post', path: '/v1/health-assessments', operationId: 'submitAssessmentResult', summary: 'Submit a signed health-assessment-result', tag: 'gp', access: ['gp'], body: { signed: 'health-assessment-result' }, responses: { 201: { description: 'accepted: the signed receipt', schema: 'Receipt' }, 200: replayed } },

  { method: 'get', path: '/v1/municipalities/{code}/webhook', operationId: 'getWebhook', summary: 'The notification endpoint and its deliveries', tag: 'municipalities', access: ['municipality'], pathParams: [code], query: [{ name: 'status', description: 'deliveries with this status', schema: str }], responses: { 200: { description: 'the webhook and its deliveries', schema: 'WebhookDeliveries' } } },
  { method: 'put', path: '/v1/municipalities/{code}/webhook', operationId: 'setWebhook', summary: 'Set the notification endpoint (https, a public address)', tag: 'municipalities', access: ['municipality'], pathParams: [code], body: { json: 'webhook' }, responses: { 200: { description: 'set', schema: 'Webhook' } } },
  { method: 'delete', path: '/v1/municipalities/{code}/webhook', operationId: 'deleteWebhook', summary: 'Remove the notification endpoint', tag: 'municipalities', access: ['municipality'], pathParams: [code], responses: { 204: { description: 'removed' } } },
  { method: 'post', path: '/v1/municipalities/{code}/webhook/retries', operationId: 'retryWebhookDeliveries', summary: 'Send failed notifications again', tag: 'municipalities', access: ['municipality'], pathParams: [code], responses: { 200: { description: 'how many were queued again', schema: 'WebhookRetries' } } },
  { method: 'get', path: '/v1/senders/{organisationId}/webhook', operationId: 'getSenderWebhook', summary: "The sender's notification endpoint (acknowledgements with their outcome, questions asked) and its deliveries", tag: 'senders', access: ['sender'], pathParams: [organisationId], query: [{ name: 'status', description: 'deliveries with this status', schema: str }], responses: { 200: { description: 'the webhook and its deliveries', schema: 'WebhookDeliveries' } } },
  { method: 'put', path: '/v1/senders/{organisationId}/webhook', operationId: 'setSenderWebhook', summary: "Set the sender's notification endpoint (https, a public address)", tag: 'senders', access: ['sender'], pathParams: [organisationId], body: { json: 'webhook' }, responses: { 200: { description: 'set', schema: 'Webhook' } } },
  { method: 'delete', path: '/v1/senders/{organisationId}/webhook', operationId: 'deleteSenderWebhook', summary: "Remove the sender's notification endpoint", tag: 'senders', access: ['sender'], pathParams: [organisationId], responses: { 204: { description: 'removed' } } },
  { method: 'post', path: '/v1/senders/{organisationId}/webhook/retries', operationId: 'retrySenderWebhookDeliveries', summary: "Send the sender's failed notifications again", tag: 'senders', access: ['sender'], pathParams: [organisationId], responses: { 200: { description: 'how many were queued again', schema: 'WebhookRetries' } } },

  {
    method: 'get',
    path: '/v1/audit',
    operationId: 'listAuditEvents',
    summary: 'The audit log, oldest first',
    tag: 'audit',
    access: ['auditor'],
    query: [
      after,
      limit,
      { name: 'organisationId', description: 'events of this organisation', schema: str },
      { name: 'handoverId', description: 'events about this handover', schema: str },
      { name: 'action', description: 'e.g. handover.submit', schema: str },
      { name: 'from', description: 'RFC 3339 date or date-time with a zone', schema: str },
      { name: 'to', description: 'RFC 3339 date or date-time with a zone', schema: str },
    ],
    responses: { 200: { description: 'a page', schema: 'AuditPage' } },
  },

  {
    method: 'post',
    path: '/v1/handovers/{handoverId}/transfers',
    operationId: 'transferRecord',
    summary: "A person moved after integration responsibility started: the holding municipality hands the persons' records on to the municipality they moved to (before that, the sender re-addresses). Signed receipt; the receiving municipality is notified (`record-transferred`)",
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [handoverId],
    body: { json: 'record-transfer' },
    responses: { 201: { description: 'handed on, with the signed receipt', schema: 'Transfer' } },
  },
  {
    method: 'get',
    path: '/v1/municipalities/{code}/transfers',
    operationId: 'listTransfers',
    summary: 'The records handed on to this municipality in a month',
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [code],
    query: [{ name: 'month', description: 'YYYY-MM (default: this month)', schema: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' } }],
    responses: { 200: { description: 'the transfers of the month', schema: 'Transfers' } },
  },
  {
    method: 'get',
    path: '/v1/transfers/{transferId}',
    operationId: 'readTransferredRecord',
    summary: "The moved persons' sections from the handover's current version (health withheld without consent), the relations among them, and their GP results shared with the coordinating department",
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [transferIdParam],
    responses: { 200: { description: 'the record as handed on', schema: 'TransferredRecord' } },
  },
  {
    method: 'get',
    path: '/v1/transfers/{transferId}/pdf',
    operationId: 'renderTransferredRecord',
    summary: "The coordinating department's PDF of the moved persons only",
    tag: 'municipalities',
    access: ['municipality'],
    pathParams: [transferIdParam],
    query: [{ name: 'lang', description: 'da (default) or en', schema: { enum: ['da', 'en'] } }],
    responses: { 200: { description: 'the PDF', binary: 'application/pdf' } },
  },
  {
    method: 'post',
    path: '/v1/session',
    operationId: 'signIn',
    summary: "The web application's built-in sign-in with a credential token (development and demo; off in production, HANDOVER_WEB_DEMO_SIGNIN): sets an HttpOnly, SameSite=Strict session cookie. Needs the header x-handover-web: 1",
    tag: 'service',
    access: 'anyone',
    body: { json: 'session' },
    responses: { 201: { description: 'signed in; the session cookie is set', schema: 'Session' } },
  },
  {
    method: 'get',
    path: '/v1/session',
    operationId: 'whoAmI',
    summary: 'Who is signed in (through the session cookie, or the bearer credential)',
    tag: 'service',
    access: ROLES,
    responses: { 200: { description: 'the organisation and role', schema: 'Session' } },
  },
  {
    method: 'delete',
    path: '/v1/session',
    operationId: 'signOut',
    summary: 'Sign out: the session ends on the server and the cookie is cleared. Needs the header x-handover-web: 1',
    tag: 'service',
    access: 'anyone',
    responses: { 204: { description: 'signed out' } },
  },
  {
    method: 'get',
    path: '/v1/session/providers',
    operationId: 'listSignInOrganisations',
    summary: 'The organisations whose people sign in through their identity provider (for the sign-in page)',
    tag: 'service',
    access: 'anyone',
    responses: { 200: { description: 'the organisations', schema: 'SignInOrganisations' } },
  },
  {
    method: 'get',
    path: '/v1/session/oidc/callback',
    operationId: 'finishPersonSignIn',
    summary: "Where the identity provider sends the person back (OpenID Connect authorization code with PKCE): the state must be this browser's, the code is exchanged and the ID token checked; then a session cookie naming the person, and back to the application",
    tag: 'service',
    access: 'anyone',
    query: [
      { name: 'code', description: "the provider's authorization code", schema: str },
      { name: 'state', description: 'the state the sign-in was started with', schema: str },
    ],
    responses: { 303: { description: 'signed in: to the application (or to its sign-in page with ?sign-in=failed)', headers: ['Location'] } },
  },
  {
    method: 'get',
    path: '/v1/session/oidc/{organisationId}',
    operationId: 'startPersonSignIn',
    summary: "Sign in as a person through the organisation's identity provider: the browser is sent there (authorization code flow with PKCE, state and nonce)",
    tag: 'service',
    access: 'anyone',
    pathParams: [organisationId],
    responses: { 303: { description: "to the organisation's identity provider", headers: ['Location'] } },
  },
  {
    method: 'get',
    path: '/v1/admin/organisations/{organisationId}/identity-provider',
    operationId: 'readIdentityProvider',
    summary: "The organisation's identity provider (OpenID Connect) and the role its people get (never the client secret)",
    tag: 'admin',
    access: ['admin'],
    pathParams: [organisationId],
    responses: { 200: { description: 'the provider', schema: 'IdentityProvider' } },
  },
  {
    method: 'put',
    path: '/v1/admin/organisations/{organisationId}/identity-provider',
    operationId: 'setIdentityProvider',
    summary: "Where the organisation's people sign in (issuer, client id and secret registered there) and the role they get; the service's return address there is HANDOVER_PUBLIC_URL/v1/session/oidc/callback",
    tag: 'admin',
    access: ['admin'],
    pathParams: [organisationId],
    body: { json: 'identity-provider' },
    responses: { 200: { description: 'set', schema: 'IdentityProvider' } },
  },
  {
    method: 'delete',
    path: '/v1/admin/organisations/{organisationId}/identity-provider',
    operationId: 'removeIdentityProvider',
    summary: "The organisation's people can no longer sign in; their sessions end at their next request",
    tag: 'admin',
    access: ['admin'],
    pathParams: [organisationId],
    responses: { 204: { description: 'removed' } },
  },
  {
    method: 'get',
    path: '/v1/drafts',
    operationId: 'listDrafts',
    summary: "The sender organisation's unfinished handovers (the web application's drafts), newest first, without their content; a draft is kept 30 days after it was last saved",
    tag: 'senders',
    access: ['sender'],
    responses: { 200: { description: 'the drafts', schema: 'DraftList' } },
  },
  {
    method: 'get',
    path: '/v1/drafts/{draftId}',
    operationId: 'readDraft',
    summary: "One of the organisation's drafts with its form as it was left",
    tag: 'senders',
    access: ['sender'],
    pathParams: [draftIdParam],
    responses: { 200: { description: 'the draft', schema: 'Draft' } },
  },
  {
    method: 'put',
    path: '/v1/drafts/{draftId}',
    operationId: 'saveDraft',
    summary: 'Save an unfinished handover (unsigned, not validated beyond being an object); only the organisation that saved it can read it. Through the session cookie it needs the header x-handover-web: 1',
    tag: 'senders',
    access: ['sender'],
    pathParams: [draftIdParam],
    body: { json: 'draft' },
    responses: { 200: { description: 'saved', schema: 'DraftSummary' } },
  },
  {
    method: 'delete',
    path: '/v1/drafts/{draftId}',
    operationId: 'deleteDraft',
    summary: 'Delete a draft (the web application does so after the handover is submitted)',
    tag: 'senders',
    access: ['sender'],
    pathParams: [draftIdParam],
    responses: { 204: { description: 'deleted' } },
  },
  {
    method: 'get',
    path: '/v1/gp-practices',
    operationId: 'listGpPractices',
    summary: 'The registered GP practices a municipality may assign a person to',
    tag: 'municipalities',
    access: ['municipality'],
    responses: { 200: { description: 'the practices', schema: 'GpPracticeList' } },
  },
  {
    method: 'get',
    path: '/v1/retention',
    operationId: 'retentionOverview',
    summary: 'The retention rules as data, each with its legal basis, and how many handovers are scheduled, soft-deleted (within their grace period) and purged',
    tag: 'admin',
    access: ['admin', 'auditor'],
    responses: { 200: { description: 'the rules and counts', schema: 'RetentionOverview' } },
  },
  {
    method: 'post',
    path: '/v1/retention/runs',
    operationId: 'runRetention',
    summary: 'Run the retention job now (it also runs every HANDOVER_RETENTION_EVERY_MS): soft-delete the handovers due, purge those past their grace period',
    tag: 'admin',
    access: ['admin'],
    responses: { 200: { description: 'what this run did', schema: 'RetentionRun' } },
  },
  {
    method: 'get',
    path: '/v1/retention/tombstones/{handoverId}',
    operationId: 'readTombstone',
    summary: "What stays of a handover deleted under its retention rule: each version's SHA-256, receipt id and dates, its attachments' SHA-256 and sizes; no personal data",
    tag: 'admin',
    access: ['admin', 'auditor'],
    pathParams: [handoverId],
    responses: { 200: { description: 'the tombstone', schema: 'Tombstone' } },
  },
  { method: 'get', path: '/v1/admin/organisations', operationId: 'listOrganisations', summary: 'Every organisation', tag: 'admin', access: ['admin'], responses: { 200: { description: 'the organisations', schema: 'Organisations' } } },
  { method: 'post', path: '/v1/admin/organisations', operationId: 'createOrganisation', summary: 'Create an organisation', tag: 'admin', access: ['admin'], body: { json: 'organisation' }, responses: { 201: { description: 'created', schema: 'Organisation' } } },
  { method: 'get', path: '/v1/admin/organisations/{organisationId}/keys', operationId: 'listSigningKeys', summary: "An organisation's signing keys with their state", tag: 'admin', access: ['admin'], pathParams: [organisationId], responses: { 200: { description: 'the keys', schema: 'SigningKeys' } } },
  { method: 'post', path: '/v1/admin/organisations/{organisationId}/keys', operationId: 'registerSigningKey', summary: 'Register a public signing key', tag: 'admin', access: ['admin'], pathParams: [organisationId], body: { json: 'signing-key' }, responses: { 201: { description: 'registered', schema: 'SigningKey' } } },
  { method: 'post', path: '/v1/admin/keys/{kid}/revocation', operationId: 'revokeSigningKey', summary: 'Revoke a signing key; effective on the next request', tag: 'admin', access: ['admin'], pathParams: [{ name: 'kid', description: 'the key id', schema: str }], body: { json: 'key-revocation' }, responses: { 200: { description: 'revoked', schema: 'SigningKey' } } },
  { method: 'get', path: '/v1/admin/organisations/{organisationId}/credentials', operationId: 'listCredentials', summary: "An organisation's credentials with their state and last use", tag: 'admin', access: ['admin'], pathParams: [organisationId], responses: { 200: { description: 'the credentials', schema: 'Credentials' } } },
  { method: 'post', path: '/v1/admin/organisations/{organisationId}/credentials', operationId: 'issueCredential', summary: 'Issue a credential; its token is in the answer, once', tag: 'admin', access: ['admin'], pathParams: [organisationId], body: { json: 'credential' }, responses: { 201: { description: 'issued', schema: 'IssuedCredential' } } },
  { method: 'post', path: '/v1/admin/credentials/{credentialId}/revocation', operationId: 'revokeCredential', summary: 'Revoke a credential', tag: 'admin', access: ['admin'], pathParams: [{ name: 'credentialId', description: 'the credential id', schema: str }], responses: { 200: { description: 'revoked', schema: 'Credential' } } },
];
