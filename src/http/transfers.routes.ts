/** A person's record handed on to the municipality the person moved to: the holder hands it on; the receiver lists and reads it (JSON, PDF). */
import { Router, type Request } from 'express';
import type { Deps } from '../deps.js';
import { auditFor } from '../services/audit.js';
import { listTransfersTo, readTransferredRecord, renderTransferredRecordPdf, transferRecord } from '../services/record-transfers.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { bodyOf } from './json-body.js';
import { allowOnly } from './method-not-allowed.js';
import { singleQuery } from './query.js';
import { handoverIdOf, sendPdf } from './route-params.js';

export function transfersRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps);
  const d = deps.recipientDeps;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);
  const transferId = (req: Request) => String(req.params.transferId);

  router
    .route('/v1/handovers/:handoverId/transfers')
    .post(auth, requireRole('municipality'), async (req, res) => {
      res.status(201).json(await transferRecord(d, callerOf(req), handoverIdOf(req), bodyOf(req), audit(req)));
    })
    .all(allowOnly('POST'));
  router
    .route('/v1/municipalities/:code/transfers')
    .get(auth, requireRole('municipality'), async (req, res) => {
      const q = singleQuery(req, ['month'] as const);
      res.json(await listTransfersTo(d, callerOf(req), String(req.params.code), q.month, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/transfers/:transferId')
    .get(auth, requireRole('municipality'), async (req, res) => {
      res.json(await readTransferredRecord(d, callerOf(req), transferId(req), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/transfers/:transferId/pdf')
    .get(auth, requireRole('municipality'), async (req, res) => {
      const q = singleQuery(req, ['lang'] as const);
      sendPdf(res, await renderTransferredRecordPdf(d, callerOf(req), transferId(req), q.lang, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
