/** Senders: submit a signed handover (new or superseding version), withdraw a version, see its versions. */
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import { auditFor } from '../services/audit.js';
import { listSenderHandovers } from '../services/delivery-status.js';
import { enqueueHandoverEvent, type HandoverEvent } from '../services/notifications.js';
import { receiptResponse } from '../services/receipts.js';
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
  const auth = requireCaller(deps.organisations);
  const body = [admitSubmissions(deps.config.maxConcurrentSubmissions), ...signedBody({ ...deps.config, store: deps.attachments, clock: deps.clock })];
  const submission = deps.submission;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);

  /** Every accepted or rejected submission is an audit event; a rejection names its problem type. */
  async function audited<T>(req: Request, action: string, handoverId: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'internal-error';
      await audit(req)({ action, ...(handoverId ? { handoverId } : {}), outcome: `rejected:${code}` }).catch((e: unknown) => req.log.error({ err: e }, 'audit append failed'));
      throw err;
    }
  }

  /** A body refused before the use case runs (multipart, file names, limits) is a rejected submission too. */
  const auditRejectedBody =
    (action: string): ErrorRequestHandler =>
    (err, req, _res, next) => {
      // Only errors of the body itself: an unauthenticated or wrong-role request never got this far.
      if (req.caller?.role !== 'sender') {
        next(err);
        return;
      }
      const code = err instanceof AppError ? err.code : 'internal-error';
      const id = typeof req.params.handoverId === 'string' && UUID.test(req.params.handoverId) ? req.params.handoverId.toLowerCase() : undefined;
      audit(req)({ action, ...(id ? { handoverId: id } : {}), outcome: `rejected:${code}` })
        .catch((e: unknown) => req.log.error({ err: e }, 'audit append failed'))
        .finally(() => next(err));
    };

  /** Queue the municipality's notification before answering; a retried submission re-queues a lost one. */
  async function notify(event: HandoverEvent, handoverId: string, version: number) {
    const record = await deps.handovers.findVersionMeta(handoverId, version);
    if (record) await enqueueHandoverEvent(deps.notifications, { event, handoverId, version, municipalityCode: record.municipalityCode, expectedArrivalDate: record.expectedArrivalDate });
  }

  router
    .route('/v1/handovers')
    .post(auth, requireRole('sender'), ...body, auditRejectedBody('handover.submit'), async (req: Request, res: Response) => {
      const { bytes, serialization, uploads } = req.signed!;
      const result = await audited(req, 'handover.submit', undefined, () => submitHandover(submission, callerOf(req), { bytes, serialization }, uploads));
      const view = receiptResponse(result.receipt);
      await audit(req)({ action: 'handover.submit', handoverId: view.handoverId, version: view.version, outcome: result.created ? 'ok' : 'ok:replayed' });
      await notify('version-received', view.handoverId, view.version);
      req.log.info({ handoverId: view.handoverId, version: view.version, outcome: result.created ? 'accepted' : 'replayed' }, 'handover submission');
      res.status(result.created ? 201 : 200).location(`/v1/handovers/${view.handoverId}`).json(view);
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
      const result = await audited(req, 'handover.withdraw', id.toLowerCase(), () => withdrawHandover(submission, callerOf(req), id.toLowerCase(), { bytes, serialization }));
      const view = receiptResponse(result.receipt);
      await audit(req)({ action: 'handover.withdraw', handoverId: view.handoverId, version: view.version, outcome: result.created ? 'ok' : 'ok:replayed' });
      await notify('version-withdrawn', view.handoverId, view.version);
      req.log.info({ handoverId: id, outcome: result.created ? 'withdrawn' : 'replayed' }, 'handover withdrawal');
      res.status(result.created ? 201 : 200).json(view);
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
