/**
 * The one catalogue of problems the service reports (RFC 9457 types). Every code has one status
 * and one title, defined here once; `AppError` is constructed only in this file, by the named
 * factories below. The problem table in docs/problems.md is generated from PROBLEMS (`npm run
 * docs:problems`) and a test fails when it is stale.
 */

/** One field-level error inside a problem: where (JSON Pointer), which rule, and what it means. */
export interface FieldError {
  pointer: string;
  keyword: string;
  message: string;
}

interface ProblemSpec {
  status: number;
  title: string;
  /** When it happens: docs/problems.md's wording. */
  when: string;
}

/** Every problem type, in the order docs/problems.md lists them. */
export const PROBLEMS = {
  'bad-request': { status: 400, title: 'The request is malformed', when: 'a query parameter or a request body that is malformed: unknown, repeated or out of range (with the pointer), or an incomplete body' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON', when: 'body is not valid UTF-8 JSON, or has lone surrogates' },
  'forbidden-json-key': { status: 400, title: 'The body contains a forbidden key', when: '`__proto__`, `constructor` or `prototype` as a key anywhere' },
  'duplicate-member': { status: 400, title: 'A JSON object has the same member name twice', when: 'a member name twice in one JSON object, anywhere (body, envelope, protected header, payload); the pointer names the second' },
  'ambiguous-number': { status: 400, title: 'A number is not written in its one canonical form', when: 'a number not in its canonical form (`1.0`, `1e3`, `-0`, beyond ±(2^53 − 1))' },
  'upload-filename-invalid': { status: 400, title: 'An uploaded file name carries a path or control characters', when: "an uploaded part's file name carries a path or control characters" },
  'unexpected-field': { status: 400, title: 'The form has a field this endpoint does not take', when: 'form fields other than `jws`/`attachments`' },
  'malformed-multipart': { status: 400, title: 'The multipart body is malformed', when: 'unreadable multipart' },
  'jws-malformed': { status: 400, title: 'The JWS cannot be parsed', when: 'the JWS cannot be parsed, is not exactly the token, or a part is not canonical base64url (also a 5-part JWE, an empty signature)' },
  unauthenticated: { status: 401, title: 'A valid credential is required', when: 'no, malformed, unknown or revoked credential' },
  forbidden: { status: 403, title: 'Not allowed for this role', when: "the credential's role may not use this endpoint" },
  'audience-not-allowed': { status: 403, title: 'This PDF is for the GP practice the person is assigned to', when: 'the GP PDF was asked for by someone other than the assigned GP practice' },
  'consent-missing': { status: 403, title: 'The person has not consented to this reader', when: "the person's consent does not cover this reader (GP summary; health attachments for the coordinating department)" },
  'not-found': { status: 404, title: 'Not found', when: 'no such route or resource (also: not addressed to the caller)' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', when: 'known path, wrong method (with `Allow`)' },
  'handover-version-conflict': { status: 409, title: 'This handover version exists with other content', when: 'the same version with other bytes' },
  'version-out-of-sequence': { status: 409, title: 'The version number is not the next one', when: 'a new version that is not the next number' },
  'supersedes-not-current': { status: 409, title: 'A new version must supersede the current one', when: '`supersedes` does not name the current version' },
  'recipient-change-not-allowed': {
    status: 409,
    title: 'A change of recipient must be made explicitly',
    when: 'a new version names another municipality without `recipient.readdressing` (1.1), or its `readdressing.fromMunicipalityCode` is not the recipient of the version before, or a version that keeps its recipient (or a first version) says it was re-addressed',
  },
  'handover-id-taken': { status: 409, title: 'The handover id belongs to another sender', when: 'a handover id used by another sender' },
  'handover-deleted': { status: 409, title: 'This handover was deleted under its retention rule', when: 'a new version (or the same id again) for a handover deleted under its retention rule: its id stays spent, with a tombstone' },
  'already-withdrawn': { status: 409, title: 'This version is already withdrawn', when: 'a second withdrawal of one version with other bytes' },
  'organisation-exists': { status: 409, title: 'The organisation exists', when: 'duplicate organisation id' },
  'signing-key-exists': { status: 409, title: 'The kid is taken', when: 'duplicate kid' },
  'result-id-conflict': { status: 409, title: 'This result id exists with other content', when: 'a health-assessment result id exists with other content' },
  'question-closed': { status: 409, title: 'The question is closed', when: 'an answer to a question the municipality has closed (ask a new one instead)' },
  'payload-too-large': { status: 413, title: 'The body is larger than allowed', when: 'body over `HANDOVER_MAX_BODY_BYTES`' },
  'upload-limit-exceeded': { status: 413, title: 'The upload exceeds a limit', when: 'file size, file count, parts or fields over the limits' },
  'unsupported-media-type': { status: 415, title: 'The content type is not accepted here', when: 'wrong content type, or a compressed body' },
  'attachment-media-type-mismatch': { status: 415, title: 'An attachment is not of its declared type', when: 'file content is not what was declared' },
  'attachment-polyglot': { status: 415, title: 'An attachment also contains markup', when: 'HTML or script in an attachment' },
  'attachment-active-content': { status: 415, title: 'A PDF attachment contains active content', when: 'a PDF with actions such as JavaScript or Launch' },
  'json-too-deep': { status: 422, title: 'The document is nested too deeply', when: 'nesting deeper than 32 levels' },
  'validation-failed': {
    status: 422,
    title: 'The content is invalid',
    when: 'a document or request body does not validate; `errors` lists pointer + rule: a JSON Schema keyword (`required`, `type`, `format`, `enum`, `pattern`, `maxLength`, `additionalProperties`, `discriminator`, ...) or a cross-field rule (`knownPersonRef`, `knownAttachmentRef`, `uniquePersonRef`, `personRefMatch`, `rhs15Score`, `pcPtsd5Score`, `dateOrder`, `turns18Consistent`, `supersedesEarlier`, `documentType`, `schemaVersion`, `publicAddress`, `plausibleTime`: the `createdAt` of a handover more than 10 minutes after or 2 years before its receipt; `notAfterReceipt`: a date in a GP result after the Danish day of its receipt); at most 50',
  },
  'jws-alg-not-allowed': { status: 422, title: 'The signature algorithm is not allowed', when: '`alg` is not one of ES256, EdDSA, PS256, RS256 (`none` in any case, HMAC)' },
  'jws-header-invalid': { status: 422, title: 'The protected header is incomplete or invalid', when: 'no or a malformed `kid`, no `typ`, or a time claim (`exp`, `nbf`, `iat`)' },
  'jws-typ-invalid': { status: 422, title: 'The JWS is not of the expected type', when: '`typ` is not the one of the endpoint' },
  'jws-crit-unsupported': { status: 422, title: 'The JWS uses extensions this service does not understand', when: '`crit` or `b64`' },
  'jws-embedded-key-not-allowed': { status: 422, title: 'Keys are never taken from the JWS', when: '`jwk`, `jku`, `x5u`, `x5c`, `x5t` in the header' },
  'signing-key-unknown': { status: 422, title: 'The signing key is not registered', when: 'no registered key has this `kid`' },
  'signing-key-wrong-organisation': { status: 422, title: 'The signing key belongs to another organisation', when: "the key is not the submitting organisation's" },
  'signing-key-alg-mismatch': { status: 422, title: 'The algorithm is not the one registered for the key', when: '`alg` differs from the registered one' },
  'signing-key-revoked': { status: 422, title: 'The signing key is revoked', when: 'the key was revoked before the time of receipt' },
  'signing-key-expired': { status: 422, title: 'The signing key has expired', when: 'the key was no longer valid at receipt' },
  'signing-key-not-yet-valid': { status: 422, title: 'The signing key is not yet valid', when: 'the key was not yet valid at receipt' },
  'jws-signature-invalid': { status: 422, title: 'The signature does not verify', when: 'the signature does not verify' },
  'payload-not-json': { status: 422, title: 'The signed payload is not a JSON object', when: 'the signed payload is not a JSON object' },
  'sender-mismatch': { status: 422, title: 'The document names another organisation than the submitter', when: 'the sender (or GP practice) in the document is not the caller' },
  'handover-id-mismatch': { status: 422, title: 'The document names another handover than the request', when: 'a withdrawal for another handover than the URL' },
  'retention-period-passed': {
    status: 422,
    title: 'The handover is already past its retention date',
    when: 'a version whose handover would already be due for deletion at receipt under its retention rule (counted from `integrationResponsibilityFrom`, see "Retention and purge"): it would be deleted at the next run of the retention job; the pointer names the field',
  },
  'attachment-missing': { status: 422, title: 'A listed attachment was not uploaded', when: 'a manifest entry without its file' },
  'attachment-duplicate': { status: 422, title: 'An attachment was uploaded twice', when: 'two files for one manifest entry' },
  'attachment-size-mismatch': { status: 422, title: 'An attachment has another size than signed', when: 'a file of another size than signed' },
  'attachment-hash-mismatch': { status: 422, title: 'An attachment differs from the signed hash', when: 'a file with another SHA-256 than signed' },
  'attachment-unlisted': { status: 422, title: 'A file was uploaded that the manifest does not list', when: 'a file the manifest does not list' },
  'invalid-signing-key': { status: 422, title: 'The key cannot be registered', when: 'key registration: private parts, RSA < 2048 bits, wrong type for the alg' },
  'too-many-submissions': {
    status: 429,
    title: 'Too many submissions at once',
    when: 'more signed submissions than this caller may make now (per credential and per organisation: `HANDOVER_SUBMISSIONS_PER_SECOND_PER_CREDENTIAL`, `..._PER_ORGANISATION`, `HANDOVER_MAX_CONCURRENT_PER_CREDENTIAL`), or more at once than the process takes (`HANDOVER_MAX_CONCURRENT_SUBMISSIONS`); nothing was stored; retry after `Retry-After` (with `RateLimit` and `RateLimit-Policy`)',
  },
  'too-many-requests': {
    status: 429,
    title: 'Too many requests from this caller',
    when: 'more reads than one credential may make now (`HANDOVER_READS_PER_SECOND_PER_CREDENTIAL`, `HANDOVER_MAX_CONCURRENT_READS_PER_CREDENTIAL`; a dry-run validation made signed in counts as a read), or more anonymous dry-run validations from one client address (`HANDOVER_VALIDATIONS_PER_SECOND_PER_ADDRESS`, `HANDOVER_MAX_CONCURRENT_VALIDATIONS_PER_ADDRESS`); retry after `Retry-After` (with `RateLimit` and `RateLimit-Policy` when a rate was reached)',
  },
  'internal-error': { status: 500, title: 'Internal server error', when: 'unexpected; logged with the request id' },
  'database-unavailable': { status: 503, title: 'The database is not reachable', when: 'database not reachable, a write could not reach a majority in time, or a write was too slow to keep its place in the feed; nothing was stored; retry after `Retry-After`' },
  'shutting-down': { status: 503, title: 'The service is shutting down', when: 'the instance is stopping' },
} as const satisfies Record<string, ProblemSpec>;

/** The closed set of problem codes: what callers switch on. */
export type ProblemCode = keyof typeof PROBLEMS;

export interface AppErrorOptions {
  detail?: string;
  errors?: readonly FieldError[];
  cause?: unknown;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Base of every error a client may see. `code` is stable and doubles as the problem `type`
 * slug; status and title come from the catalogue; `detail` must never contain personal data or
 * echo submitted content.
 */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ProblemCode,
    options: AppErrorOptions = {},
  ) {
    const spec: ProblemSpec = PROBLEMS[code];
    super(options.detail ?? spec.title, { cause: options.cause });
    this.name = 'AppError';
    this.status = spec.status;
    this.title = spec.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** Turns an adapter's error into a problem, or leaves it (storage/ knows its driver's errors; the composition root hands its translator to the problem handler). */
export type ErrorTranslator = (err: unknown) => AppError | undefined;

/** A problem about one field: the detail doubles as the field error's message. */
const atField = (code: ProblemCode, detail: string, pointer: string, keyword: string) => new AppError(code, { detail, errors: [{ pointer, keyword, message: detail }] });

// ---- requests and bodies
export const badRequest = (detail: string, errors?: FieldError[]) => new AppError('bad-request', { detail, ...(errors ? { errors } : {}) });
/** Bad query parameters or body members, all at once, each with its pointer. */
export const invalidRequest = (errors: FieldError[]) => new AppError('bad-request', { detail: 'see errors', errors });
/**
 * A query parameter's problem its described schema cannot state (dates in order, a period's
 * length): the route binder (http/bind-operations.ts) checks each parameter against its schema
 * before a use case runs; a use case adds only these, named the same way.
 */
export const queryProblem = (parameter: string, keyword: string, message: string): FieldError => ({ pointer: `/query/${parameter}`, keyword, message });
export const malformedJson = (detail: string, errors?: FieldError[]) => new AppError('malformed-json', { detail, ...(errors ? { errors } : {}) });
export const forbiddenJsonKey = (pointer: string, key: string) =>
  new AppError('forbidden-json-key', {
    detail: `the key ${JSON.stringify(key)} is not allowed anywhere in a document`,
    errors: [{ pointer, keyword: 'forbiddenKey', message: `key ${JSON.stringify(key)} is not allowed` }],
  });
export const duplicateJsonMember = (pointer: string) =>
  new AppError('duplicate-member', {
    detail: 'readers disagree on which of two equal member names counts, so none is accepted',
    errors: [{ pointer, keyword: 'uniqueMembers', message: 'this member name occurs earlier in the same object' }],
  });
export const ambiguousJsonNumber = (pointer: string) =>
  new AppError('ambiguous-number', {
    detail: 'write numbers as plain decimals without exponent, trailing zeros or -0, and integers within +-(2^53 - 1)',
    errors: [{ pointer, keyword: 'canonicalNumber', message: 'not the canonical form of a number (e.g. 1.0, -0, 1e3 or beyond 2^53)' }],
  });
export const jsonTooDeep = (pointer: string, maxDepth: number) =>
  new AppError('json-too-deep', {
    detail: `nesting deeper than ${maxDepth} levels is not accepted`,
    errors: [{ pointer, keyword: 'maxDepth', message: `nesting deeper than ${maxDepth} levels` }],
  });
export const payloadTooLarge = (limitBytes: number) => new AppError('payload-too-large', { detail: `the limit is ${limitBytes} bytes` });
export const unsupportedMediaType = (detail: string) => new AppError('unsupported-media-type', { detail });
export const notFound = (detail = 'no such resource') => new AppError('not-found', { detail });
export const methodNotAllowed = (allowed: readonly string[]) => new AppError('method-not-allowed', { detail: `allowed: ${allowed.join(', ')}`, headers: { Allow: allowed.join(', ') } });
/** A document or request body that does not validate: every error with its pointer and rule. */
export const validationFailed = (errors: FieldError[], detail = 'see errors') => new AppError('validation-failed', { detail, errors });

// ---- the service itself
export const databaseUnavailable = (cause?: unknown) => new AppError('database-unavailable', { detail: 'nothing was stored; retry later', cause, headers: { 'Retry-After': '5' } });
export const serviceShuttingDown = () => new AppError('shutting-down', { detail: 'retry against another instance or later', headers: { 'Retry-After': '5', Connection: 'close' } });
export const internalError = (cause?: unknown) => new AppError('internal-error', { detail: 'the error was logged with the request id', cause });
/** One caller's own limit: its rate, its organisation's, or how many it has in flight. */
export const tooManySubmissionsFromCaller = (detail: string, headers: Record<string, string>) => new AppError('too-many-submissions', { detail: `${detail}; nothing was stored`, headers });
/** A read or a dry-run validation over its caller's fair share (admission.ts). */
export const tooManyRequests = (detail: string, headers: Record<string, string>) => new AppError('too-many-requests', { detail, headers });
export const tooManySubmissions = () =>
  new AppError('too-many-submissions', {
    detail: 'nothing was stored; retry after the given seconds',
    // The body was not read: closing the connection spares the client sending the rest.
    headers: { 'Retry-After': '1', Connection: 'close' },
  });

// ---- credentials, roles and consent
export const unauthenticated = (detail = 'send a valid credential as "Authorization: Bearer <token>"') =>
  new AppError('unauthenticated', { detail, headers: { 'WWW-Authenticate': 'Bearer realm="handover-exchange"' } });
export const forbidden = (detail: string) => new AppError('forbidden', { detail });
export const audienceNotAllowed = () => new AppError('audience-not-allowed', { detail: 'audience=gp is rendered only for the assigned GP practice; use audience=coordinating-department' });
export const consentMissing = (detail: string) => new AppError('consent-missing', { detail });

// ---- conflicts
export const handoverVersionConflict = (version: number) =>
  new AppError('handover-version-conflict', { detail: `version ${version} is stored with different bytes; send a new version that supersedes it` });
export const versionOutOfSequence = (expected: number) => new AppError('version-out-of-sequence', { detail: `the next version of this handover is ${expected}` });
export const supersedesNotCurrent = (current: number | undefined) =>
  new AppError('supersedes-not-current', { detail: current !== undefined ? `the current version is ${current}` : 'every earlier version is withdrawn' });
export const handoverIdTaken = () => new AppError('handover-id-taken', { detail: 'choose a new UUID for a new handover' });
export const recipientChangeNotAllowed = (current: string) =>
  atField('recipient-change-not-allowed', `must stay ${current}, the recipient of the version before, unless recipient.readdressing says why it changes`, '/recipient/municipalityCode', 'recipientChange');
export const readdressingNotMatching = (detail: string) => atField('recipient-change-not-allowed', detail, '/recipient/readdressing/fromMunicipalityCode', 'readdressingFrom');
export const handoverDeleted = () => new AppError('handover-deleted', { detail: 'this handover was deleted under its retention rule; a new handover needs a new UUID' });
export const alreadyWithdrawn = (detail: string) => new AppError('already-withdrawn', { detail });
export const organisationExists = () => new AppError('organisation-exists', { detail: 'an organisation with this id exists' });
export const signingKeyExists = () => new AppError('signing-key-exists', { detail: 'kid must be unique across all organisations' });
export const resultIdConflict = () => new AppError('result-id-conflict', { detail: 'choose a new resultId for a new result' });
export const questionClosed = (number: number) => new AppError('question-closed', { detail: `question ${number} is closed` });

// ---- signed documents: one problem type per rule, in the order they are checked
export const jwsMalformed = (detail: string) => new AppError('jws-malformed', { detail });
export const jwsAlgNotAllowed = (alg: unknown) => atField('jws-alg-not-allowed', `alg ${JSON.stringify(String(alg)).slice(0, 40)} is not one of ES256, EdDSA, PS256, RS256`, '/protected/alg', 'alg');
export const jwsHeaderInvalid = (member: string, detail: string) => atField('jws-header-invalid', detail, `/protected/${member}`, member);
export const jwsTypInvalid = (expected: string) => atField('jws-typ-invalid', `typ must be "${expected}"`, '/protected/typ', 'typ');
export const jwsCritUnsupported = () => atField('jws-crit-unsupported', 'crit is not supported (and b64: false is not allowed)', '/protected/crit', 'crit');
export const jwsEmbeddedKey = (member: string) =>
  atField('jws-embedded-key-not-allowed', `the header member "${member}" is not accepted; keys come only from the registry by kid`, `/protected/${member}`, member);
export const signingKeyUnknown = () => atField('signing-key-unknown', 'no registered key has this kid', '/protected/kid', 'kid');
export const signingKeyWrongOrganisation = () => atField('signing-key-wrong-organisation', 'the key with this kid is not registered to the submitting organisation', '/protected/kid', 'kid');
export const signingKeyAlgMismatch = () => atField('signing-key-alg-mismatch', 'alg differs from the algorithm registered for this kid', '/protected/alg', 'alg');
export const signingKeyRevoked = () => atField('signing-key-revoked', 'the key was revoked before the time of receipt', '/protected/kid', 'kid');
export const signingKeyExpired = () => atField('signing-key-expired', 'the key was no longer valid at the time of receipt', '/protected/kid', 'kid');
export const signingKeyNotYetValid = () => atField('signing-key-not-yet-valid', 'the key was not yet valid at the time of receipt', '/protected/kid', 'kid');
export const jwsSignatureInvalid = () => new AppError('jws-signature-invalid', { detail: 'the signature does not match the header and payload with the registered key' });
export const payloadNotJson = (detail: string) => atField('payload-not-json', detail, '', 'type');
/** The organisation named in a signed document (`pointer`) is not the credential's. */
export const senderMismatch = (pointer = '/sender/organisationId') => atField('sender-mismatch', `${pointer.slice(1).replace(/\//g, '.')} must be the organisation of the credential`, pointer, 'senderMatch');
export const handoverIdMismatch = () => atField('handover-id-mismatch', 'handoverId in the signed withdrawal must equal the handover in the URL', '/handoverId', 'const');
/** A version that the retention job would delete at its next run: `rule` names the rule (GET /v1/retention), `dueOn` the day it fell due. */
export const retentionPeriodPassed = (integrationResponsibilityFrom: string, rule: string, dueOn: string, today: string) =>
  atField(
    'retention-period-passed',
    `integrationResponsibilityFrom ${integrationResponsibilityFrom}: the retention rule ${rule} (GET /v1/retention) keeps it until ${dueOn}, which is not after today (${today}); nothing was stored`,
    '/integrationResponsibilityFrom',
    'retentionPeriod',
  );
export const invalidSigningKey = (pointer: string, detail: string) => atField('invalid-signing-key', detail, pointer, 'keyPolicy');

// ---- uploads and attachments
export const uploadLimit = (detail: string) => new AppError('upload-limit-exceeded', { detail });
export const uploadFilenameInvalid = () =>
  new AppError('upload-filename-invalid', { detail: 'name each part by its bare file name as listed in the signed manifest (no "/", "\\" or control characters)' });
export const unexpectedField = (detail = 'send the JWS in "jws" and files in "attachments"') => new AppError('unexpected-field', { detail });
export const malformedMultipart = () => new AppError('malformed-multipart', { detail: 'the form data could not be read' });
export type AttachmentProblemCode = 'attachment-missing' | 'attachment-duplicate' | 'attachment-size-mismatch' | 'attachment-hash-mismatch' | 'attachment-media-type-mismatch' | 'attachment-polyglot' | 'attachment-active-content' | 'attachment-unlisted';
export const attachmentProblem = (code: AttachmentProblemCode, pointer: string, detail: string) => atField(code, detail, pointer, code);
