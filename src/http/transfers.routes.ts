/** A person's record handed on to the municipality the person moved to: the holder hands it on; the receiver lists and reads it (JSON, PDF). */
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { listTransfersTo, readTransferredRecord, renderTransferredRecordPdf, transferRecord } from '../services/record-transfers.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { handoverIdOf, sendPdf } from './route-params.js';

export function transfersRouter(deps: Deps): Router {
  const d = deps.recipientDeps;
  return bindOperations(
    {
      transferRecord: async (caller, { path, body, res }, audit) => {
        res.status(201).json(await transferRecord(d, caller, handoverIdOf(path), body, audit));
      },
      listTransfers: (caller, { path, query }, audit) => listTransfersTo(d, caller, path.code!, query.month, audit),
      readTransferredRecord: (caller, { path }, audit) => readTransferredRecord(d, caller, path.transferId!, audit),
      renderTransferredRecord: async (caller, { path, query, res }, audit) => sendPdf(res, await renderTransferredRecordPdf(d, caller, path.transferId!, query.lang, audit)),
    },
    binderDepsOf(deps),
  );
}
