/**
 * Holds every response a test receives to the served OpenAPI description: the operation must be
 * described (or the answer a problem for an unknown path or method), the status declared, the
 * content type one the description lists, and a JSON body valid against its schema. Used by
 * startTestApp for every API test, so a route or schema change the description does not follow
 * fails the test file that exercised it.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import express, { type Express, type RequestHandler } from 'express';

type Json = Record<string, any>;
const ID = 'https://handover-exchange.dk/openapi.json';

interface Described {
  method: string;
  pattern: RegExp;
  path: string;
  responses: Json;
}

export interface ResponseChecker {
  /** What is wrong with one response (empty when it matches the description). */
  check(method: string, url: string, status: number, contentType: string | undefined, body: Buffer | undefined): string[];
}

export function responseChecker(document: Json): ResponseChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  ajv.addSchema({ ...structuredClone(document), $id: ID });
  const compiled = new Map<string, ValidateFunction>();
  const validatorOf = (ref: string) => {
    let v = compiled.get(ref);
    if (!v) compiled.set(ref, (v = ajv.compile({ $ref: `${ID}${ref}` })));
    return v;
  };
  const operations: Described[] = Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      // A literal segment wins over a parameter (express matches routes in order; so does this).
      pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      responses: (op as Json).responses,
    })),
  );
  const problem = validatorOf('#/components/schemas/Problem');

  return {
    check(method, url, status, contentType, body) {
      const pathOnly = url.split('?')[0]!;
      // The documentation page's own files (Swagger UI's script and styles) are not API operations.
      if (pathOnly.startsWith('/docs/') && status === 200) return [];
      // The web application's pages and files (src/http/web-app.routes.ts) are not API operations either.
      if (!/^\/(v1|\.well-known|docs|healthz|readyz|metrics)(\/|$)/.test(pathOnly) && method === 'GET' && (status === 200 || status === 304)) return [];
      const m = method === 'HEAD' ? 'GET' : method;
      const candidates = operations.filter((o) => o.pattern.test(pathOnly));
      const op = candidates.find((o) => o.method === m);
      const where = `${method} ${pathOnly} -> ${status}`;
      const type = (contentType ?? '').split(';')[0]!.trim();
      if (!op) {
        // Not an operation: only a problem may answer (404 unknown path, 405 method not allowed).
        if (status < 400) return [`${where}: not described in the OpenAPI document`];
        if (type !== 'application/problem+json') return [`${where}: an undescribed path must answer a problem, not ${type || 'no content type'}`];
        return method === 'HEAD' || !body ? [] : problems(problem, body, where);
      }
      const declared = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
      if (!declared) return [`${where}: status ${status} is not declared for ${op.method} ${op.path}`];
      const content = declared.content as Json | undefined;
      if (!content) return body && body.length > 0 && method !== 'HEAD' ? [`${where}: declared without content, but a body came`] : [];
      const media = content[type];
      if (!media) return [`${where}: content type ${type || '(none)'} is not one of ${Object.keys(content).join(', ')}`];
      if (method === 'HEAD' || !body || !(type.endsWith('json'))) return [];
      const ref = (media.schema as Json | undefined)?.$ref as string | undefined;
      if (!ref) return [];
      return problems(validatorOf(ref), body, where);
    },
  };
}

function problems(validate: ValidateFunction, body: Buffer, where: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return [`${where}: the body is not JSON`];
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${where}: ${e.instancePath || '/'} ${e.message ?? ''} (${e.schemaPath})`);
}

/** Cap on the bytes of one response kept for the check (PDFs and files are not parsed anyway). */
const MAX_KEPT = 4 * 1024 * 1024;

/** An app that answers as `inner` does, and reports each response's mismatches to `report`. */
export function checkedApp(inner: Express, checker: ResponseChecker, report: (problems: string[]) => void): Express {
  const record: RequestHandler = (req, res, next) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk == null || typeof chunk === 'function' || kept > MAX_KEPT) return;
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      kept += b.length;
      chunks.push(b);
    };
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => unknown;
    (res as unknown as { write: unknown }).write = (...a: unknown[]) => {
      keep(a[0], a[1]);
      return write(...a);
    };
    (res as unknown as { end: unknown }).end = (...a: unknown[]) => {
      keep(a[0], a[1]);
      return end(...a);
    };
    res.once('finish', () => {
      const found = checker.check(req.method, req.originalUrl, res.statusCode, res.getHeader('content-type') as string | undefined, kept > MAX_KEPT ? undefined : Buffer.concat(chunks));
      if (found.length > 0) report(found);
    });
    next();
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(record, inner);
  return app;
}
