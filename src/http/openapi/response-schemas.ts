/**
 * The JSON Schemas of what the API answers (OpenAPI components): written once here, used by the
 * served OpenAPI document and, through it, by the tests that validate every response they get.
 * Responses may grow new members (clients ignore what they do not know), so objects here are
 * open; what a client relies on is required and typed.
 */
import { ACCOUNT_RESPONSE_SCHEMAS } from './response-schemas-accounts.js';
import { HANDOVER_RESPONSE_SCHEMAS } from './response-schemas-handovers.js';

/** In this order: the description lists the components as they come here. */
export const RESPONSE_SCHEMAS: Record<string, object> = { ...HANDOVER_RESPONSE_SCHEMAS, ...ACCOUNT_RESPONSE_SCHEMAS };
