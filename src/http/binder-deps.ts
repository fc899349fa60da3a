/** What the route binder takes from the service's dependencies: the credential check, the audit log, how signed bodies are read. */
import type { Deps } from '../deps.js';
import type { BinderDeps } from './bind-operations.js';

export function binderDepsOf(deps: Deps): BinderDeps {
  return {
    organisations: deps.organisations,
    clock: deps.clock,
    sessionDeps: deps.sessionDeps,
    fairShares: deps.fairShares,
    audit: deps.audit,
    signedBody: { ...deps.config, store: deps.attachments, clock: deps.clock },
  };
}
