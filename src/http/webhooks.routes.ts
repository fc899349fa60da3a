/** Webhooks of municipalities and of senders: register, see deliveries (and failures), re-send failed ones, remove. */
import { Router, type Request } from 'express';
import type { Deps } from '../deps.js';
import type { Role } from '../domain/organisations.js';
import { auditFor } from '../services/audit.js';
import { ownMunicipality, ownSender, registerWebhook, removeWebhook, retryFailedDeliveries, webhookStatus, type Subscriber } from '../services/notifications.js';
import { bodyOf } from './json-body.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { singleQuery } from './query.js';


export function webhooksRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps);
  const n = deps.notifications;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);

  /** The same four routes for each kind of subscriber, the owner taken from the path and checked against the caller. */
  const routes = (base: string, role: Role, subscriberOf: (req: Request) => Subscriber) => {
    router
      .route(`${base}/webhook`)
      .get(auth, requireRole(role), async (req, res) => {
        res.json(await webhookStatus(n, subscriberOf(req), singleQuery(req, ['status'] as const).status));
      })
      .put(auth, requireRole(role), async (req, res) => {
        res.json(await registerWebhook(n, callerOf(req), subscriberOf(req), bodyOf(req), audit(req)));
      })
      .delete(auth, requireRole(role), async (req, res) => {
        await removeWebhook(n, subscriberOf(req), audit(req));
        res.status(204).end();
      })
      .all(allowOnly('GET', 'HEAD', 'PUT', 'DELETE'));
    router
      .route(`${base}/webhook/retries`)
      .post(auth, requireRole(role), async (req, res) => {
        res.json(await retryFailedDeliveries(n, subscriberOf(req), audit(req)));
      })
      .all(allowOnly('POST'));
  };
  routes('/v1/municipalities/:code', 'municipality', (req) => ownMunicipality(callerOf(req), String(req.params.code)));
  routes('/v1/senders/:organisationId', 'sender', (req) => ownSender(callerOf(req), String(req.params.organisationId)));
  return router;
}
