/** The shape of one entry of the endpoint list (operations.ts): what the description publishes and the route binder enforces. */
import type { Role } from '../../domain/organisations.js';
import type { RequestBodyName } from '../../validation/request-bodies.js';

export type Schema = Record<string, unknown>;

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
  /** Why the route binder leaves this query unchecked (not published: the description lists only what the service reads). */
  queryUnchecked?: string;
  /** A JSON body checked by one of the service's request-body schemas, or a signed (JWS) body. */
  body?: { json: RequestBodyName } | { signed: string } | { document: true };
  /** Status -> what comes back (`schema` names a component; `binary` a file type). */
  responses: Readonly<Record<string, { description: string; schema?: string; mediaType?: string; also?: readonly { mediaType: string; schema: string }[]; binary?: string; text?: string; headers?: readonly string[] }>>;
}
