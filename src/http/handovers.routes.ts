/** Senders: submit a signed handover (new or superseding version), withdraw a version, see its versions, list their handovers. */
import type { ErrorRequestHandler, Router } from 'express';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { auditFor } from '../services/audit.js';
import { listSenderHandovers } from '../services/delivery-status.js';
import { recordRefusal } from '../services/submission-outcome.js';
import { receiptResponse } from '../services/receipts.js';
import { submitHandover } from '../services/submit-handover.js';
import { handoverVersionsForSender, withdrawHandover } from '../services/withdraw-handover.js';
import { admitSubmissions } from './admission.js';
import { withAuditCheckpoint } from './audit-anchor.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { callerOf } from './caller.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function handoversRouter(deps: Deps): Router {
  // One admission for submissions and withdrawals together, taken before a body is read.
  const admission = [
    admitSubmissions({
      perProcess: deps.config.maxConcurrentSubmissions,
      inFlightPerCredential: deps.config.maxConcurrentPerCredential,
      perCredentialPerSecond: deps.config.submissionsPerSecondPerCredential,
      perOrganisationPerSecond: deps.config.submissionsPerSecondPerOrganisation,
    }),
  ];
  const submit = { ...deps.submission, notifications: deps.notifications };

  /** A body refused before the use case runs (multipart, file names, limits) is a rejected submission too. */
  const auditRejectedBody =
    (action: string): ErrorRequestHandler =>
    (err, req, _res, next) => {
      const id = typeof req.params.handoverId === 'string' && UUID.test(req.params.handoverId) ? req.params.handoverId.toLowerCase() : undefined;
      void recordRefusal(auditFor(deps.audit, callerOf(req), String(req.id), deps.clock), action, id, err).finally(() => next(err));
    };

  return bindOperations(
    {
      submitHandover: {
        beforeBody: admission,
        bodyRefused: auditRejectedBody('handover.submit'),
        handle: async (caller, { signed, req, res }, audit) => {
          const { bytes, serialization, uploads } = signed!;
          const result = await submitHandover(submit, caller, { bytes, serialization }, uploads, audit);
          const view = receiptResponse(result.receipt);
          req.log.info({ handoverId: view.handoverId, version: view.version, outcome: result.created ? 'accepted' : 'replayed' }, 'handover submission');
          (await withAuditCheckpoint(res, deps.auditSequencer)).status(result.created ? 201 : 200).location(`/v1/handovers/${view.handoverId}`).json(view);
        },
      },
      listSenderHandovers: (caller, { query }, audit) => listSenderHandovers(deps.recipientDeps, caller, query, audit),
      withdrawHandover: {
        beforeBody: admission,
        bodyRefused: auditRejectedBody('handover.withdraw'),
        handle: async (caller, { path, signed, req, res }, audit) => {
          const id = path.handoverId!;
          if (!UUID.test(id)) throw notFound('no such handover');
          const { bytes, serialization } = signed!;
          const result = await withdrawHandover(submit, caller, id.toLowerCase(), { bytes, serialization }, audit);
          const view = receiptResponse(result.receipt);
          req.log.info({ handoverId: id, outcome: result.created ? 'withdrawn' : 'replayed' }, 'handover withdrawal');
          (await withAuditCheckpoint(res, deps.auditSequencer)).status(result.created ? 201 : 200).json(view);
        },
      },
      listVersions: (caller, { path }) => handoverVersionsForSender(submit, caller, path.handoverId!),
    },
    binderDepsOf(deps),
  );
}
