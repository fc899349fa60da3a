/** A municipality's webhook: register, see deliveries (and failures), re-send failed ones, remove. */
import { Router, type Request } from 'express';
import type { Deps } from '../deps.js';
import { auditFor } from '../services/audit.js';
import { registerWebhook, removeWebhook, retryFailedDeliveries, webhookStatus } from '../services/notifications.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { singleQuery } from './query.js';

const bodyOf = (req: Request) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});

export function webhooksRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps.organisations, deps.clock);
  const n = deps.notifications;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);
  const code = (req: Request) => String(req.params.code);

  router
    .route('/v1/municipalities/:code/webhook')
    .get(auth, requireRole('municipality'), async (req, res) => {
      const q = singleQuery(req, ['status'] as const);
      res.json(await webhookStatus(n, callerOf(req), code(req), q.status));
    })
    .put(auth, requireRole('municipality'), async (req, res) => {
      res.json(await registerWebhook(n, callerOf(req), code(req), bodyOf(req), audit(req)));
    })
    .delete(auth, requireRole('municipality'), async (req, res) => {
      await removeWebhook(n, callerOf(req), code(req), audit(req));
      res.status(204).end();
    })
    .all(allowOnly('GET', 'HEAD', 'PUT', 'DELETE'));

  router
    .route('/v1/municipalities/:code/webhook/retries')
    .post(auth, requireRole('municipality'), async (req, res) => {
      res.json(await retryFailedDeliveries(n, callerOf(req), code(req), audit(req)));
    })
    .all(allowOnly('POST'));
  return router;
}
