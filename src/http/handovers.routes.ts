/** Senders: submit a signed handover (new or superseding version), withdraw a version, see its versions. */
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { auditFor } from '../services/audit.js';
import { listSenderHandovers } from '../services/delivery-status.js';
import { recordRefusal } from '../services/submission-outcome.js';
import { receiptResponse } from '../services/receipts.js';
import { withAuditCheckpoint } from './audit-anchor.js';
import { submitHandover } from '../services/submit-handover.js';
import { handoverVersionsForSender, withdrawHandover } from '../services/withdraw-handover.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { admitSubmissions } from './admission.js';
import { signedBody } from './signed-body.js';
import { singleQuery } from './query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function handoversRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps);
  const body = [admitSubmissions({
      perProcess: deps.config.maxConcurrentSubmissions,
      inFlightPerCredential: deps.config.maxConcurrentPerCredential,
      perCredentialPerSecond: deps.config.submissionsPerSecondPerCredential,
      perOrganisationPerSecond: deps.config.submissionsPerSecondPerOrganisation,
    }), ...signedBody({ ...deps.config, store: deps.attachments, clock: deps.clock })];
  const submit = { ...deps.submission, notifications: deps.notifications };
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);

  /** A body refused before the use case runs (multipart, file names, limits) is a rejected submission too. */
  const auditRejectedBody =
    (action: string): ErrorRequestHandler =>
    (err, req, _res, next) => {
      // Only errors of the body itself: an unauthenticated or wrong-role request never got this far.
      if (req.caller?.role !== 'sender') {
        next(err);
        return;
      }
      const id = typeof req.params.handoverId === 'string' && UUID.test(req.params.handoverId) ? req.params.handoverId.toLowerCase() : undefined;
      void recordRefusal(audit(req), action, id, err).finally(() => next(err));
    };

  router
    .route('/v1/handovers')
    .post(auth, requireRole('sender'), ...body, auditRejectedBody('handover.submit'), async (req: Request, res: Response) => {
      const { bytes, serialization, uploads } = req.signed!;
      const result = await submitHandover(submit, callerOf(req), { bytes, serialization }, uploads, audit(req));
      const view = receiptResponse(result.receipt);
      req.log.info({ handoverId: view.handoverId, version: view.version, outcome: result.created ? 'accepted' : 'replayed' }, 'handover submission');
      (await withAuditCheckpoint(res, deps.auditSequencer)).status(result.created ? 201 : 200).location(`/v1/handovers/${view.handoverId}`).json(view);
    })
    .get(auth, requireRole('sender'), async (req, res) => {
      const q = singleQuery(req, ['status', 'after', 'limit'] as const);
      res.json(await listSenderHandovers(deps.recipientDeps, callerOf(req), q, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD', 'POST'));

  router
    .route('/v1/handovers/:handoverId/withdrawals')
    .post(auth, requireRole('sender'), ...body, auditRejectedBody('handover.withdraw'), async (req: Request, res: Response) => {
      const id = String(req.params.handoverId);
      if (!UUID.test(id)) throw notFound('no such handover');
      const { bytes, serialization } = req.signed!;
      const result = await withdrawHandover(submit, callerOf(req), id.toLowerCase(), { bytes, serialization }, audit(req));
      const view = receiptResponse(result.receipt);
      req.log.info({ handoverId: id, outcome: result.created ? 'withdrawn' : 'replayed' }, 'handover withdrawal');
      (await withAuditCheckpoint(res, deps.auditSequencer)).status(result.created ? 201 : 200).json(view);
    })
    .all(allowOnly('POST'));

  router
    .route('/v1/handovers/:handoverId/versions')
    .get(auth, requireRole('sender'), async (req, res) => {
      res.json(await handoverVersionsForSender(submit, callerOf(req), String(req.params.handoverId)));
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
