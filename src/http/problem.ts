/** Writes every error as application/problem+json (RFC 9457); unknown errors become a generic 500. */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, internalError, malformedJson, notFound, payloadTooLarge, unsupportedMediaType, badRequest, type ErrorTranslator } from '../errors.js';


export const PROBLEM_TYPE_BASE = 'https://handover-exchange.dk/problems/';

/** body-parser and raw-body errors carry a `type`; map them to our catalogue. */
function fromBodyParser(err: { type?: unknown; limit?: unknown }): AppError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return payloadTooLarge(typeof err.limit === 'number' ? err.limit : 0);
    case 'entity.parse.failed':
      return malformedJson('syntax error');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return unsupportedMediaType('only UTF-8 bodies without content encoding are accepted');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return badRequest('the request body was incomplete');
    default:
      return undefined;
  }
}

export function toAppError(err: unknown, translate: ErrorTranslator = () => undefined): AppError {
  if (err instanceof AppError) return err;
  if (err && typeof err === 'object') {
    const mapped = fromBodyParser(err as { type?: unknown });
    if (mapped) return mapped;
  }
  return translate(err) ?? internalError(err);
}

export function problemBody(error: AppError, req: Request) {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: error.title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    instance: `urn:request:${String(req.id)}`,
    code: error.code,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

export function sendProblem(res: Parameters<RequestHandler>[1], req: Request, error: AppError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).type('application/problem+json').send(JSON.stringify(problemBody(error, req)));
}

/** The one handler that writes problems; `translate` maps adapter errors (the database being away) to problems. */
export const createProblemHandler = (translate: ErrorTranslator): ErrorRequestHandler => (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const error = toAppError(err, translate);
  if (error.status >= 500) {
    // Log the cause by class and code only; messages of library errors may quote input.
    const cause = error.cause ?? err;
    req.log.error({ error: { type: (cause as Error)?.name, code: (cause as { code?: unknown })?.code, stack: (cause as Error)?.stack }, problem: error.code }, 'request failed');
  } else {
    req.log.info({ problem: error.code, status: error.status }, 'request rejected');
  }
  sendProblem(res, req, error);
};

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(notFound('no route matches this path'));
};
