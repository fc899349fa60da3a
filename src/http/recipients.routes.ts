/** Municipalities, senders and GPs reading and acting on handovers; the auditor reading the log. */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { auditFor } from '../services/audit.js';
import { exportHandovers } from '../services/export-handovers.js';
import { assignGp, listGpPractices, gpSummary, listAssignedPersons, listResults, submitAssessmentResult } from '../services/gp.js';
import { readClinicalSummary, renderClinicalSummaryPdf } from '../services/gp-clinical-summary.js';
import { receiptResponse } from '../services/receipts.js';
import { withAuditCheckpoint } from './audit-anchor.js';
import { handoverStatus } from '../services/delivery-status.js';
import { listAuditEvents } from '../services/list-audit.js';
import { renderHandoverPdf } from '../services/render-pdf.js';
import { acknowledgeHandover } from '../services/acknowledge-handover.js';
import { listFeed } from '../services/list-feed.js';
import { municipalityDeadlines } from '../services/municipality-deadlines.js';
import { openAttachment } from '../services/open-attachment.js';
import { readBriefing } from '../services/read-briefing.js';
import { readHandover } from '../services/read-handover.js';
import { recordConsentChange } from '../services/record-consent-change.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { handoverIdOf, sendPdf } from './route-params.js';
import { singleQuery } from './query.js';
import { signedBody } from './signed-body.js';

const REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

const bodyOf = (req: Request) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});

/** FHIR's JSON media type, with the FHIR version (R4) it follows. */
const FHIR_JSON = 'application/fhir+json; fhirVersion=4.0; charset=utf-8';

export function recipientsRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps);
  const d = deps.recipientDeps;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);
  const handoverId = handoverIdOf;

  router
    .route('/v1/municipalities/:code/handovers')
    .get(auth, requireRole('municipality'), async (req, res) => {
      const q = singleQuery(req, ['after', 'limit', 'unacknowledged', 'arrivingFrom', 'arrivingTo', 'urgent'] as const);
      res.json(await listFeed(d, callerOf(req), String(req.params.code), q, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/municipalities/:code/export')
    .get(auth, requireRole('municipality'), async (req, res) => {
      const q = singleQuery(req, ['from', 'to', 'after', 'limit', 'include', 'lang'] as const);
      const exported = await exportHandovers(d, callerOf(req), String(req.params.code), q, audit(req));
      res.status(200).type('application/x-ndjson');
      // One line at a time, waiting when the client reads slower than the store answers.
      for await (const line of exported.lines()) {
        if (!res.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((resolve) => res.once('drain', resolve));
      }
      res.end();
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/municipalities/:code/deadlines')
    .get(auth, requireRole('municipality'), async (req, res) => {
      const q = singleQuery(req, ['within'] as const);
      res.json(await municipalityDeadlines(d, callerOf(req), String(req.params.code), q.within, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/handovers/:handoverId')
    .get(auth, requireRole('municipality', 'sender'), async (req, res) => {
      const q = singleQuery(req, ['version'] as const);
      res.json(await readHandover(d, callerOf(req), handoverId(req), q.version, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/handovers/:handoverId/briefing')
    .get(auth, requireRole('municipality'), async (req, res) => {
      const q = singleQuery(req, ['lang'] as const);
      res.json(await readBriefing(d, callerOf(req), handoverId(req), q.lang, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/handovers/:handoverId/pdf')
    .get(auth, requireRole('municipality', 'sender', 'gp'), async (req, res) => {
      const q = singleQuery(req, ['audience', 'lang', 'version'] as const);
      const pdf = await renderHandoverPdf(d, callerOf(req), handoverId(req), q, audit(req));
      sendPdf(res, pdf);
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/handovers/:handoverId/status')
    .get(auth, requireRole('municipality', 'sender'), async (req, res) => {
      res.json(await handoverStatus(d, callerOf(req), handoverId(req), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/handovers/:handoverId/versions/:version/attachments/:attachmentRef')
    .get(auth, requireRole('municipality', 'sender'), async (req, res) => {
      const ref = String(req.params.attachmentRef);
      if (!REF.test(ref)) throw notFound('no such attachment');
      const file = await openAttachment(d, callerOf(req), handoverId(req), String(req.params.version), ref, audit(req));
      // Never rendered inline by a browser: the stored type, no sniffing, as a download under a safe name.
      res.setHeader('Content-Type', file.mediaType);
      res.setHeader('Content-Length', String(file.size));
      res.setHeader('Content-Disposition', `attachment; filename="${ref}${file.mediaType === 'application/pdf' ? '.pdf' : file.mediaType === 'image/png' ? '.png' : '.jpg'}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      file.stream.on('error', (err) => res.destroy(err));
      file.stream.pipe(res);
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/handovers/:handoverId/acknowledgements')
    .post(auth, requireRole('municipality'), async (req, res) => {
      const result = await acknowledgeHandover(d, callerOf(req), handoverId(req), bodyOf(req), audit(req));
      (await withAuditCheckpoint(res, deps.auditSequencer)).status(result.created ? 201 : 200).json(result.body);
    })
    .all(allowOnly('POST'));

  router
    .route('/v1/handovers/:handoverId/consent-changes')
    .post(auth, requireRole('municipality', 'sender'), async (req, res) => {
      res.status(201).json(await recordConsentChange(d, callerOf(req), handoverId(req), bodyOf(req), audit(req)));
    })
    .all(allowOnly('POST'));

  router
    .route('/v1/gp-practices')
    .get(auth, requireRole('municipality'), async (req, res) => {
      res.json(await listGpPractices(d, callerOf(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/handovers/:handoverId/gp-assignments')
    .post(auth, requireRole('municipality'), async (req, res) => {
      res.status(201).json(await assignGp(d, callerOf(req), handoverId(req), bodyOf(req), audit(req)));
    })
    .all(allowOnly('POST'));

  router
    .route('/v1/handovers/:handoverId/health-assessments')
    .get(auth, requireRole('municipality'), async (req, res) => {
      res.json(await listResults(d, callerOf(req), handoverId(req), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));

  router
    .route('/v1/gp/persons')
    .get(auth, requireRole('gp'), async (req, res) => {
      res.json(await listAssignedPersons(d, callerOf(req), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));

  /** The summary as JSON, or as a FHIR R4 Bundle when asked for by Accept or by the /fhir path. */
  const summaryIn = (asFhir: (req: Request) => boolean) => async (req: Request, res: Response) => {
    const ref = String(req.params.personRef);
    if (!REF.test(ref)) throw notFound('no such person assigned to this practice');
    const fhir = asFhir(req);
    const body = await gpSummary(d, callerOf(req), handoverId(req), ref, audit(req), fhir ? 'fhir' : 'json');
    res.vary('Accept');
    // Set as written (express would lower-case the parameter name): FHIR's own spelling.
    if (fhir) res.setHeader('Content-Type', FHIR_JSON).end(JSON.stringify(body));
    else res.json(body);
  };
  router
    .route('/v1/gp/persons/:handoverId/:personRef')
    .get(auth, requireRole('gp'), summaryIn((req) => req.accepts(['application/json', 'application/fhir+json']) === 'application/fhir+json'))
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/gp/persons/:handoverId/:personRef/fhir')
    .get(auth, requireRole('gp'), summaryIn(() => true))
    .all(allowOnly('GET', 'HEAD'));
  const personRefOf = (req: Request) => {
    const ref = String(req.params.personRef);
    if (!REF.test(ref)) throw notFound('no such person assigned to this practice');
    return ref;
  };
  router
    .route('/v1/gp/persons/:handoverId/:personRef/clinical-summary')
    .get(auth, requireRole('gp'), async (req, res) => {
      const q = singleQuery(req, ['lang'] as const);
      res.json(await readClinicalSummary(d, callerOf(req), handoverId(req), personRefOf(req), q.lang, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/gp/persons/:handoverId/:personRef/pdf')
    .get(auth, requireRole('gp'), async (req, res) => {
      const q = singleQuery(req, ['lang'] as const);
      sendPdf(res, await renderClinicalSummaryPdf(d, callerOf(req), handoverId(req), personRefOf(req), q.lang, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));

  const signed = signedBody({ ...deps.config, store: deps.attachments, clock: deps.clock });
  router
    .route('/v1/health-assessments')
    .get(auth, requireRole('gp'), async (req, res) => {
      res.json(await listResults(d, callerOf(req), undefined, audit(req)));
    })
    .post(auth, requireRole('gp'), ...signed, async (req, res) => {
      const { bytes, serialization, uploads } = req.signed!;
      const result = await submitAssessmentResult(d, callerOf(req), { bytes, serialization }, uploads, audit(req));
      (await withAuditCheckpoint(res, deps.auditSequencer)).status(result.created ? 201 : 200).json(receiptResponse(result.receipt));
    })
    .all(allowOnly('GET', 'HEAD', 'POST'));

  router
    .route('/v1/audit')
    .get(auth, requireRole('auditor'), async (req, res) => {
      const q = singleQuery(req, ['after', 'limit', 'organisationId', 'handoverId', 'action', 'from', 'to'] as const);
      res.json(await listAuditEvents(deps.audit, callerOf(req), q, audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
