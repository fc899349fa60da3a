/**
 * Binds routes from the endpoint list (openapi/operations.ts): each operation's path and method,
 * who may call it, its query parameters and its body are declared there once, and this binder
 * does what they say before a handler runs. In order: the credential (and its fair share, and the
 * cookie's CSRF header: caller.ts), the role, the query parameters against their described
 * schemas, what must happen before a body is read (a submission's admission), the body (a JSON
 * body against its request schema, or a signed body read as exact bytes), and then the handler
 * with `(caller, input, audit)`. Any other method on a described path is 405 with Allow. Route
 * files only say which handler answers which operation id, so the served routes are the
 * described ones by construction.
 */
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Caller } from '../domain/organisations.js';
import { forbidden, invalidRequest, methodNotAllowed, validationFailed, type FieldError } from '../errors.js';
import { auditFor, type AuditFn } from '../services/audit.js';
import type { AuditRepository } from '../storage/audit.repository.js';
import { toFieldErrors } from '../validation/ajv-errors.js';
import { compileRequestSchema, requestBodyProblems } from '../validation/request-bodies.js';
import { callerOf, requireCaller, type CallerDeps } from './caller.js';
import { bodyOf } from './json-body.js';
import type { Operation, Parameter } from './openapi/operation-types.js';
import { OPERATIONS } from './openapi/operations.js';
import { signedBody, type SignedBody, type SignedBodyOptions } from './signed-body.js';

/** What a handler is given besides its caller: the path's parameters, the checked query, the body, and the exchange itself for answers that are not plain JSON. */
export interface Input {
  path: Record<string, string>;
  /** Only described parameters, each given once (their values as sent: strings). */
  query: Partial<Record<string, string>>;
  /** The JSON body, checked against the operation's request schema ({} when there is none). */
  body: Record<string, unknown>;
  /** A signed body, read as exact bytes (operations whose body is `signed`). */
  signed: SignedBody | undefined;
  req: Request;
  res: Response;
}

/** Answers an operation for a credential's caller; a value returned is sent as JSON with 200 (anything else is sent through `input.res`). */
export type Handler = (caller: Caller, input: Input, audit: AuditFn) => unknown;
/** Answers an operation anyone may call (no caller, no audit of its own). */
export type OpenHandler = (input: Input) => unknown;

export type Binding =
  | Handler
  | { open: OpenHandler; beforeBody?: readonly RequestHandler[] }
  | {
      handle: Handler;
      /** Run after the role check and before the body is read (a submission's admission: refusing is cheap then). */
      beforeBody?: readonly RequestHandler[];
      /** Sees an error of the body itself (multipart, limits) before the problem handler does. */
      bodyRefused?: ErrorRequestHandler;
    };

/** Operation id -> how it is answered. */
export type Bindings = Readonly<Record<string, Binding>>;

export interface BinderDeps extends CallerDeps {
  audit: Pick<AuditRepository, 'appendAll'>;
  /** How signed bodies are read (size limits, the attachment store). */
  signedBody?: SignedBodyOptions;
}

const BY_ID = new Map(OPERATIONS.map((op) => [op.operationId, op]));
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

/** The methods a described path allows, as the Allow header lists them (HEAD wherever GET is). */
export function allowedMethods(path: string): string[] {
  const methods = new Set(OPERATIONS.filter((op) => op.path === path).map((op) => op.method.toUpperCase()));
  if (methods.has('GET')) methods.add('HEAD');
  return METHOD_ORDER.filter((m) => methods.has(m));
}

/** `{handoverId}` as express writes it: `:handoverId`. */
const expressPath = (path: string) => path.replace(/\{([A-Za-z]+)\}/g, ':$1');

/** Integer parameters are sent as text: a whole number written plainly is checked as the number it is; anything else stays text and fails its type. */
const INTEGER_TEXT = /^(0|-?[1-9][0-9]{0,14})$/;

/**
 * The check of an operation's query: every parameter described, each given once, and its value
 * valid against its described schema (compiled once, with the request bodies' ajv).
 */
function queryCheck(op: Operation): (req: Request) => Partial<Record<string, string>> {
  const params = op.query ?? [];
  const integers = new Set(params.filter((p) => p.schema.type === 'integer').map((p) => p.name));
  const validate = compileRequestSchema({ type: 'object', properties: Object.fromEntries(params.map((p) => [p.name, p.schema])) });
  return (req) => {
    const errors: FieldError[] = [];
    const query: Record<string, string> = {};
    const typed: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(req.query)) {
      if (!params.some((p) => p.name === name)) errors.push({ pointer: `/query/${name}`, keyword: 'additionalProperties', message: 'unknown query parameter' });
      else if (typeof value !== 'string') errors.push({ pointer: `/query/${name}`, keyword: 'type', message: 'must be given once, as a plain value' });
      else {
        query[name] = value;
        typed[name] = integers.has(name) && INTEGER_TEXT.test(value) ? Number(value) : value;
      }
    }
    if (!validate(typed)) errors.push(...toFieldErrors(validate.errors).map((e) => queryError(e, params)));
    if (errors.length > 0) throw invalidRequest(errors);
    return query;
  };
}

/** A query parameter's problem, under /query; a whole number's said with its described range (clearer than ajv's "must be integer"). */
function queryError(e: FieldError, params: readonly Parameter[]): FieldError {
  const param = params.find((p) => `/${p.name}` === e.pointer);
  const { type, minimum, maximum } = (param?.schema ?? {}) as { type?: string; minimum?: number; maximum?: number };
  const message = type === 'integer' ? (maximum !== undefined ? `must be a whole number from ${minimum ?? 0} to ${maximum}` : `must be a whole number of at least ${minimum ?? 0}`) : e.message;
  return { ...e, pointer: `/query${e.pointer}`, message };
}

/** The role check: the caller's role is one the operation lists. */
function requireRole(roles: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (!roles.includes(callerOf(req).role)) next(forbidden(`this endpoint is for the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}`));
    else next();
  };
}

/** The body check: a JSON body against its request schema (422 naming each field); a signed body is read by `signedBody`. */
function jsonBodyCheck(name: NonNullable<Extract<Operation['body'], { json: unknown }>>['json']): RequestHandler {
  return (req, _res, next) => {
    const problems = requestBodyProblems(name, bodyOf(req));
    next(problems.length > 0 ? validationFailed(problems) : undefined);
  };
}

/** A router answering the given operations (every operation of each of their paths must be among them, so that 405 lists what the path allows). */
export function bindOperations(bindings: Bindings, deps?: BinderDeps): Router {
  const router = Router();
  const ops = Object.keys(bindings).map((id) => {
    const op = BY_ID.get(id);
    if (!op) throw new Error(`no operation ${id} in the endpoint list`);
    return op;
  });
  const signed = deps?.signedBody ? signedBody(deps.signedBody) : undefined;
  // In the list's order: a fixed path (…/oidc/callback) before a parameter in its place (…/oidc/{organisationId}).
  const paths = [...new Set(OPERATIONS.filter((op) => ops.includes(op)).map((op) => op.path))];
  for (const path of paths) {
    const route = router.route(expressPath(path));
    for (const op of OPERATIONS.filter((o) => o.path === path)) {
      const binding = bindings[op.operationId];
      if (!binding) throw new Error(`${op.operationId} (${op.method.toUpperCase()} ${path}) must be bound with the other operations of its path`);
      route[op.method](...chain(op, binding, deps, signed));
    }
    const allowed = allowedMethods(path);
    route.all((_req, _res, next) => next(methodNotAllowed(allowed)));
  }
  return router;
}

function chain(op: Operation, binding: Binding, deps: BinderDeps | undefined, signed: RequestHandler[] | undefined): (RequestHandler | ErrorRequestHandler)[] {
  const steps: (RequestHandler | ErrorRequestHandler)[] = [];
  const open = typeof binding === 'object' && 'open' in binding;
  if (Array.isArray(op.access)) {
    if (open) throw new Error(`${op.operationId} needs a credential: bind a handler of the caller`);
    if (!deps) throw new Error(`${op.operationId} needs a credential: bind it with the binder's dependencies`);
    steps.push(requireCaller(deps), requireRole(op.access));
  } else if (!open) throw new Error(`${op.operationId} is for anyone: bind it as { open: handler }`);
  const query = op.query && !op.queryUnchecked ? queryCheck(op) : () => ({});
  steps.push((req: Request, _res: Response, next: (err?: unknown) => void) => {
    checked(req).query = query(req);
    checked(req).admitted = true;
    next();
  });
  if (typeof binding === 'object') steps.push(...(binding.beforeBody ?? []));
  if (op.body && 'json' in op.body) steps.push(jsonBodyCheck(op.body.json));
  if (op.body && 'signed' in op.body) {
    if (!signed) throw new Error(`${op.operationId} has a signed body: bind it with signedBody options`);
    steps.push(...signed);
  }
  if (typeof binding === 'object' && 'handle' in binding && binding.bodyRefused) {
    const refused = binding.bodyRefused;
    // Only errors of what came after the caller, role and query were admitted: admission and the body.
    steps.push((err: unknown, req: Request, res: Response, next: (err?: unknown) => void) => (checked(req).admitted ? refused(err, req, res, next) : next(err)));
  }
  steps.push(async (req: Request, res: Response) => {
    const input: Input = { path: req.params as Record<string, string>, query: checked(req).query, body: bodyOf(req), signed: req.signed, req, res };
    let result: unknown;
    if (typeof binding === 'function') result = await binding(callerOf(req), input, auditOf(deps!, req));
    else if ('open' in binding) result = await binding.open(input);
    else result = await binding.handle(callerOf(req), input, auditOf(deps!, req));
    if (result !== undefined && !res.headersSent) res.json(result);
  });
  return steps;
}

const auditOf = (deps: BinderDeps, req: Request): AuditFn => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);

/** What the binder found of a request (its checked query; whether caller, role and query were admitted), kept between its steps. */
interface Checked {
  query: Partial<Record<string, string>>;
  admitted: boolean;
}
const CHECKED = new WeakMap<Request, Checked>();
function checked(req: Request): Checked {
  let held = CHECKED.get(req);
  if (!held) CHECKED.set(req, (held = { query: {}, admitted: false }));
  return held;
}
