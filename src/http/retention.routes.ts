/** Retention: the rules with their legal basis and what the job holds, running the job now, and a deleted handover's tombstone. */
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { readTombstone, retentionOverview, runRetentionNow } from '../services/retention.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { handoverIdOf } from './route-params.js';

export function retentionRouter(deps: Deps): Router {
  const d = deps.retentionDeps;
  return bindOperations(
    {
      retentionOverview: () => retentionOverview(d),
      runRetention: (_caller, _input, audit) => runRetentionNow(d, audit),
      readTombstone: (_caller, { path }) => readTombstone(d, handoverIdOf(path)),
    },
    binderDepsOf(deps),
  );
}
