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
