/** Retention: the rules with their legal basis and what the job holds, running the job now, and a deleted handover's tombstone. */
import { Router, type Request } from 'express';
import type { Deps } from '../deps.js';
import { auditFor } from '../services/audit.js';
import { readTombstone, retentionOverview, runRetentionNow } from '../services/retention.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { handoverIdOf } from './route-params.js';

export function retentionRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps);
  const d = deps.retentionDeps;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);

  router
    .route('/v1/retention')
    .get(auth, requireRole('admin', 'auditor'), async (req, res) => {
      res.json(await retentionOverview(d, callerOf(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/retention/runs')
    .post(auth, requireRole('admin'), async (req, res) => {
      res.json(await runRetentionNow(d, audit(req)));
    })
    .all(allowOnly('POST'));
  router
    .route('/v1/retention/tombstones/:handoverId')
    .get(auth, requireRole('admin', 'auditor'), async (req, res) => {
      res.json(await readTombstone(d, callerOf(req), handoverIdOf(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
