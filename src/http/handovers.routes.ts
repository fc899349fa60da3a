/** Senders: submit a signed handover (new or superseding version), withdraw a version, see its versions. */
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { receiptResponse } from '../services/receipts.js';
import { submitHandover } from '../services/submit-handover.js';
import { handoverVersionsForSender, withdrawHandover } from '../services/withdraw-handover.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { signedBody } from './signed-body.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function handoversRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps.organisations);
  const body = signedBody({ ...deps.config, store: deps.attachments, clock: deps.clock });
  const submission = deps.submission;

  router
    .route('/v1/handovers')
    .post(auth, requireRole('sender'), ...body, async (req, res) => {
      const { bytes, serialization, uploads } = req.signed!;
      const result = await submitHandover(submission, callerOf(req), { bytes, serialization }, uploads);
      const view = receiptResponse(result.receipt);
      req.log.info({ handoverId: view.handoverId, version: view.version, outcome: result.created ? 'accepted' : 'replayed' }, 'handover submission');
      res.status(result.created ? 201 : 200).location(`/v1/handovers/${view.handoverId}`).json(view);
    })
    .all(allowOnly('POST'));

  router
    .route('/v1/handovers/:handoverId/withdrawals')
    .post(auth, requireRole('sender'), ...body, async (req, res) => {
      const id = String(req.params.handoverId);
      if (!UUID.test(id)) throw notFound('no such handover');
      const { bytes, serialization } = req.signed!;
      const result = await withdrawHandover(submission, callerOf(req), id.toLowerCase(), { bytes, serialization });
      req.log.info({ handoverId: id, outcome: result.created ? 'withdrawn' : 'replayed' }, 'handover withdrawal');
      res.status(result.created ? 201 : 200).json(receiptResponse(result.receipt));
    })
    .all(allowOnly('POST'));

  router
    .route('/v1/handovers/:handoverId/versions')
    .get(auth, requireRole('sender'), async (req, res) => {
      res.json(await handoverVersionsForSender(submission, callerOf(req), String(req.params.handoverId)));
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
