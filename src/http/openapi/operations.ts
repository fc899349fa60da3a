/**
 * Every route of the API as data: method, path, who may call it, parameters, request body and
 * responses. The OpenAPI document (document.ts) is generated from this list, the request bodies'
 * schemas are the very ones the service validates with (validation/request-bodies.ts), and the
 * route binder (http/bind-operations.ts) serves exactly these routes, checking each one's access,
 * query and body as written here: a route cannot be added, removed or moved without this list
 * (and so the document) following. test/api/openapi.test.ts holds the two equal. The entries are
 * kept in four files by the part of the exchange they serve.
 */
import { ACCOUNT_OPERATIONS } from './operations-accounts.js';
import { FOLLOW_UP_OPERATIONS } from './operations-follow-up.js';
import { HANDOVER_OPERATIONS } from './operations-handovers.js';
import { SERVICE_OPERATIONS } from './operations-service.js';
import type { Operation } from './operation-types.js';


/** In this order: the description lists paths as they come here, and the binder binds a fixed path before a parameter in its place. */
export const OPERATIONS: readonly Operation[] = [...SERVICE_OPERATIONS, ...HANDOVER_OPERATIONS, ...FOLLOW_UP_OPERATIONS, ...ACCOUNT_OPERATIONS];
