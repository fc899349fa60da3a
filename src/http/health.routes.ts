/** Liveness (process up) and readiness (database reachable) probes; no credential needed. */
import type { Router } from 'express';
import { databaseUnavailable } from '../errors.js';
import type { Database } from '../storage/connection.js';
import { bindOperations } from './bind-operations.js';

export function healthRouter(db: Database, pingTimeoutMs: number): Router {
  return bindOperations({
    getHealth: { open: () => ({ status: 'ok' }) },
    getReadiness: {
      open: async () => {
        if (!(await db.ping(pingTimeoutMs))) throw databaseUnavailable();
        return { status: 'ready' };
      },
    },
  });
}
