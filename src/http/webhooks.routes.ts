/** Webhooks of municipalities and of senders: register, see deliveries (and failures), re-send failed ones, remove. */
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { ownMunicipality, ownSender, registerWebhook, removeWebhook, retryFailedDeliveries, webhookStatus } from '../services/notifications.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';

export function webhooksRouter(deps: Deps): Router {
  const n = deps.notifications;
  // The owner is taken from the path and checked against the caller (ownMunicipality, ownSender).
  return bindOperations(
    {
      getWebhook: (caller, { path, query }) => webhookStatus(n, ownMunicipality(caller, path.code!), query.status),
      setWebhook: (caller, { path, body }, audit) => registerWebhook(n, caller, ownMunicipality(caller, path.code!), body, audit),
      deleteWebhook: async (caller, { path, res }, audit) => {
        await removeWebhook(n, ownMunicipality(caller, path.code!), audit);
        res.status(204).end();
      },
      retryWebhookDeliveries: (caller, { path }, audit) => retryFailedDeliveries(n, ownMunicipality(caller, path.code!), audit),
      getSenderWebhook: (caller, { path, query }) => webhookStatus(n, ownSender(caller, path.organisationId!), query.status),
      setSenderWebhook: (caller, { path, body }, audit) => registerWebhook(n, caller, ownSender(caller, path.organisationId!), body, audit),
      deleteSenderWebhook: async (caller, { path, res }, audit) => {
        await removeWebhook(n, ownSender(caller, path.organisationId!), audit);
        res.status(204).end();
      },
      retrySenderWebhookDeliveries: (caller, { path }, audit) => retryFailedDeliveries(n, ownSender(caller, path.organisationId!), audit),
    },
    binderDepsOf(deps),
  );
}
