/** Liveness (process up) and readiness (database reachable) probes; no credential needed. */
import { Router } from 'express';
import { databaseUnavailable } from '../errors.js';
import type { Database } from '../storage/connection.js';
import { allowOnly } from './method-not-allowed.js';

export function healthRouter(db: Database, pingTimeoutMs: number): Router {
  const router = Router();
  router
    .route('/healthz')
    .get((_req, res) => {
      res.json({ status: 'ok' });
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/readyz')
    .get(async (_req, res) => {
      if (!(await db.ping(pingTimeoutMs))) throw databaseUnavailable();
      res.json({ status: 'ready' });
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
