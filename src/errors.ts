/** The catalogue of problems the service reports: typed errors with stable codes (RFC 9457 types). */

/** One field-level error inside a problem: where (JSON Pointer), which rule, and what it means. */
export interface FieldError {
  pointer: string;
  keyword: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: readonly FieldError[];
  cause?: unknown;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Base of every error a client may see. `code` is stable and doubles as the problem `type`
 * slug; `detail` must never contain personal data or echo submitted content.
 */
export class AppError extends Error {
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    options: AppErrorOptions = {},
  ) {
    super(options.detail ?? title, { cause: options.cause });
    this.name = 'AppError';
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'bad-request', 'The request is malformed', { detail, errors });

export const malformedJson = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'malformed-json', 'The body is not valid JSON', { detail, errors });

export const forbiddenJsonKey = (pointer: string, key: string) =>
  new AppError(400, 'forbidden-json-key', 'The body contains a forbidden key', {
    detail: `the key ${JSON.stringify(key)} is not allowed anywhere in a document`,
    errors: [{ pointer, keyword: 'forbiddenKey', message: `key ${JSON.stringify(key)} is not allowed` }],
  });

export const duplicateJsonMember = (pointer: string) =>
  new AppError(400, 'duplicate-member', 'A JSON object has the same member name twice', {
    detail: 'readers disagree on which of two equal member names counts, so none is accepted',
    errors: [{ pointer, keyword: 'uniqueMembers', message: 'this member name occurs earlier in the same object' }],
  });

export const ambiguousJsonNumber = (pointer: string) =>
  new AppError(400, 'ambiguous-number', 'A number is not written in its one canonical form', {
    detail: 'write numbers as plain decimals without exponent, trailing zeros or -0, and integers within +-(2^53 - 1)',
    errors: [{ pointer, keyword: 'canonicalNumber', message: 'not the canonical form of a number (e.g. 1.0, -0, 1e3 or beyond 2^53)' }],
  });

export const payloadTooLarge = (limitBytes: number) =>
  new AppError(413, 'payload-too-large', 'The body is larger than allowed', {
    detail: `the limit is ${limitBytes} bytes`,
  });

export const unsupportedMediaType = (detail: string) =>
  new AppError(415, 'unsupported-media-type', 'The content type is not accepted here', { detail });

export const notFound = (detail = 'no such resource') => new AppError(404, 'not-found', 'Not found', { detail });

export const methodNotAllowed = (allowed: readonly string[]) =>
  new AppError(405, 'method-not-allowed', 'Method not allowed', {
    detail: `allowed: ${allowed.join(', ')}`,
    headers: { Allow: allowed.join(', ') },
  });

export const validationFailed = (errors: FieldError[], detail = 'the document does not validate against its schema') =>
  new AppError(422, 'validation-failed', 'The document is invalid', { detail, errors });

export const databaseUnavailable = (cause?: unknown) =>
  new AppError(503, 'database-unavailable', 'The database is not reachable', {
    detail: 'nothing was stored; retry later',
    cause,
    headers: { 'Retry-After': '5' },
  });

export const serviceShuttingDown = () =>
  new AppError(503, 'shutting-down', 'The service is shutting down', {
    detail: 'retry against another instance or later',
    headers: { 'Retry-After': '5', Connection: 'close' },
  });

export const internalError = (cause?: unknown) =>
  new AppError(500, 'internal-error', 'Internal server error', {
    detail: 'the error was logged with the request id',
    cause,
  });

// ---- credentials and roles
export const unauthenticated = (detail = 'send a valid credential as "Authorization: Bearer <token>"') =>
  new AppError(401, 'unauthenticated', 'A valid credential is required', { detail, headers: { 'WWW-Authenticate': 'Bearer realm="handover-exchange"' } });

export const forbidden = (detail: string) => new AppError(403, 'forbidden', 'Not allowed for this role', { detail });

export const conflict = (code: string, title: string, detail: string) => new AppError(409, code, title, { detail });

// ---- signed documents: one problem type per rule, in the order they are checked
const signature = (status: number, code: string, title: string, detail: string, pointer?: string, keyword?: string) =>
  new AppError(status, code, title, { detail, ...(pointer !== undefined ? { errors: [{ pointer, keyword: keyword ?? code, message: detail }] } : {}) });

export const jwsMalformed = (detail: string) => signature(400, 'jws-malformed', 'The JWS cannot be parsed', detail);
export const jwsAlgNotAllowed = (alg: unknown) =>
  signature(422, 'jws-alg-not-allowed', 'The signature algorithm is not allowed', `alg ${JSON.stringify(String(alg)).slice(0, 40)} is not one of ES256, EdDSA, PS256, RS256`, '/protected/alg', 'alg');
export const jwsHeaderInvalid = (member: string, detail: string) => signature(422, 'jws-header-invalid', 'The protected header is incomplete or invalid', detail, `/protected/${member}`, member);
export const jwsTypInvalid = (expected: string) => signature(422, 'jws-typ-invalid', 'The JWS is not of the expected type', `typ must be "${expected}"`, '/protected/typ', 'typ');
export const jwsCritUnsupported = () => signature(422, 'jws-crit-unsupported', 'The JWS uses extensions this service does not understand', 'crit is not supported (and b64: false is not allowed)', '/protected/crit', 'crit');
export const jwsEmbeddedKey = (member: string) =>
  signature(422, 'jws-embedded-key-not-allowed', 'Keys are never taken from the JWS', `the header member "${member}" is not accepted; keys come only from the registry by kid`, `/protected/${member}`, member);
export const signingKeyUnknown = () => signature(422, 'signing-key-unknown', 'The signing key is not registered', 'no registered key has this kid', '/protected/kid', 'kid');
export const signingKeyWrongOrganisation = () =>
  signature(422, 'signing-key-wrong-organisation', 'The signing key belongs to another organisation', 'the key with this kid is not registered to the submitting organisation', '/protected/kid', 'kid');
export const signingKeyAlgMismatch = () =>
  signature(422, 'signing-key-alg-mismatch', 'The algorithm is not the one registered for the key', 'alg differs from the algorithm registered for this kid', '/protected/alg', 'alg');
export const signingKeyRevoked = () => signature(422, 'signing-key-revoked', 'The signing key is revoked', 'the key was revoked before the time of receipt', '/protected/kid', 'kid');
export const signingKeyExpired = () => signature(422, 'signing-key-expired', 'The signing key has expired', 'the key was no longer valid at the time of receipt', '/protected/kid', 'kid');
export const signingKeyNotYetValid = () => signature(422, 'signing-key-not-yet-valid', 'The signing key is not yet valid', 'the key was not yet valid at the time of receipt', '/protected/kid', 'kid');
export const jwsSignatureInvalid = () => signature(422, 'jws-signature-invalid', 'The signature does not verify', 'the signature does not match the header and payload with the registered key');
export const payloadNotJson = (detail: string) => signature(422, 'payload-not-json', 'The signed payload is not a JSON object', detail, '', 'type');
export const senderMismatch = () =>
  signature(422, 'sender-mismatch', 'The sender in the document is not the submitting organisation', 'sender.organisationId must be the organisation of the credential', '/sender/organisationId', 'senderMatch');

// ---- attachments
export const uploadLimit = (detail: string) => new AppError(413, 'upload-limit-exceeded', 'The upload exceeds a limit', { detail });
export const uploadFilenameInvalid = () =>
  new AppError(400, 'upload-filename-invalid', 'An uploaded file name carries a path or control characters', {
    detail: 'name each part by its bare file name as listed in the signed manifest (no "/", "\\" or control characters)',
  });
export const attachmentProblem = (status: number, code: string, title: string, pointer: string, detail: string) =>
  new AppError(status, code, title, { detail, errors: [{ pointer, keyword: code, message: detail }] });
