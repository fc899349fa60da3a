/** Municipalities, senders and GPs reading and acting on handovers; the auditor reading the log. */
import type { Request, Response, Router } from 'express';
import type { Deps } from '../deps.js';
import type { Caller } from '../domain/organisations.js';
import { notFound } from '../errors.js';
import type { AuditFn } from '../services/audit.js';
import { exportHandovers } from '../services/export-handovers.js';
import { assignGp, unassignGp, listGpPractices, gpSummary, listAssignedPersons, listResults, submitAssessmentResult } from '../services/gp.js';
import { readClinicalSummary, renderClinicalSummaryPdf } from '../services/gp-clinical-summary.js';
import { receiptResponse } from '../services/receipts.js';
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
import { withAuditCheckpoint } from './audit-anchor.js';
import { bindOperations, type Input } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { handoverIdOf, sendPdf } from './route-params.js';

const REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** FHIR's JSON media type, with the FHIR version (R4) it follows. */
const FHIR_JSON = 'application/fhir+json; fhirVersion=4.0; charset=utf-8';

/** The path's {personRef} of a GP's person: anything not shaped like a reference is no such person. */
function personRefOf(path: Record<string, string>): string {
  const ref = String(path.personRef);
  if (!REF.test(ref)) throw notFound('no such person assigned to this practice');
  return ref;
}

export function recipientsRouter(deps: Deps): Router {
  const d = deps.recipientDeps;

  /** The summary as JSON, or as a FHIR R4 Bundle when asked for by Accept or by the /fhir path. */
  const summaryIn = (asFhir: (req: Request) => boolean) => async (caller: Caller, { path, req, res }: Input, audit: AuditFn) => {
    const ref = personRefOf(path);
    const fhir = asFhir(req);
    const body = await gpSummary(d, caller, handoverIdOf(path), ref, audit, fhir ? 'fhir' : 'json');
    res.vary('Accept');
    // Set as written (express would lower-case the parameter name): FHIR's own spelling.
    if (fhir) res.setHeader('Content-Type', FHIR_JSON).end(JSON.stringify(body));
    else res.json(body);
  };

  /** NDJSON, one line at a time, waiting when the client reads slower than the store answers. */
  const streamLines = async (res: Response, lines: AsyncIterable<unknown>) => {
    res.status(200).type('application/x-ndjson');
    for await (const line of lines) {
      if (!res.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
    res.end();
  };

  return bindOperations(
    {
      listFeed: (caller, { path, query }, audit) => listFeed(d, caller, path.code!, query, audit),
      exportHandovers: async (caller, { path, query, res }, audit) => streamLines(res, (await exportHandovers(d, caller, path.code!, query, audit)).lines()),
      listDeadlines: (caller, { path, query }, audit) => municipalityDeadlines(d, caller, path.code!, query, audit),
      readHandover: (caller, { path, query }, audit) => readHandover(d, caller, handoverIdOf(path), query.version, audit),
      renderPdf: async (caller, { path, query, res }, audit) => sendPdf(res, await renderHandoverPdf(d, caller, handoverIdOf(path), query, audit)),
      getBriefing: (caller, { path, query }, audit) => readBriefing(d, caller, handoverIdOf(path), query.lang, audit),
      getDeliveryStatus: (caller, { path }, audit) => handoverStatus(d, caller, handoverIdOf(path), audit),
      downloadAttachment: async (caller, { path, res }, audit) => {
        const ref = path.attachmentRef!;
        if (!REF.test(ref)) throw notFound('no such attachment');
        const file = await openAttachment(d, caller, handoverIdOf(path), path.version!, ref, audit);
        // Never rendered inline by a browser: the stored type, no sniffing, as a download under a safe name.
        res.setHeader('Content-Type', file.mediaType);
        res.setHeader('Content-Length', String(file.size));
        res.setHeader('Content-Disposition', `attachment; filename="${ref}${file.mediaType === 'application/pdf' ? '.pdf' : file.mediaType === 'image/png' ? '.png' : '.jpg'}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        file.stream.on('error', (err) => res.destroy(err));
        file.stream.pipe(res);
      },
      acknowledgeHandover: async (caller, { path, body, res }, audit) => {
        const result = await acknowledgeHandover(d, caller, handoverIdOf(path), body, audit);
        (await withAuditCheckpoint(res, deps.auditSequencer)).status(result.created ? 201 : 200).json(result.body);
      },
      recordConsentChange: async (caller, { path, body, res }, audit) => {
        res.status(201).json(await recordConsentChange(d, caller, handoverIdOf(path), body, audit));
      },
      listGpPractices: () => listGpPractices(d),
      assignGp: async (caller, { path, body, res }, audit) => {
        res.status(201).json(await assignGp(d, caller, handoverIdOf(path), body, audit));
      },
      unassignGp: async (caller, { path, res }, audit) => {
        await unassignGp(d, caller, handoverIdOf(path), personRefOf(path), audit);
        res.status(204).end();
      },
      listHandoverAssessments: (caller, { path }, audit) => listResults(d, caller, handoverIdOf(path), audit),
      listGpPersons: (caller, _input, audit) => listAssignedPersons(d, caller, audit),
      getGpSummary: summaryIn((req) => req.accepts(['application/json', 'application/fhir+json']) === 'application/fhir+json'),
      getGpSummaryFhir: summaryIn(() => true),
      getGpClinicalSummary: (caller, { path, query }, audit) => readClinicalSummary(d, caller, handoverIdOf(path), personRefOf(path), query.lang, audit),
      getGpClinicalSummaryPdf: async (caller, { path, query, res }, audit) => sendPdf(res, await renderClinicalSummaryPdf(d, caller, handoverIdOf(path), personRefOf(path), query.lang, audit)),
      listOwnAssessments: (caller, _input, audit) => listResults(d, caller, undefined, audit),
      submitAssessmentResult: async (caller, { signed, res }, audit) => {
        const { bytes, serialization, uploads } = signed!;
        const result = await submitAssessmentResult(d, caller, { bytes, serialization }, uploads, audit);
        (await withAuditCheckpoint(res, deps.auditSequencer)).status(result.created ? 201 : 200).json(receiptResponse(result.receipt));
      },
      listAuditEvents: (caller, { query }, audit) => listAuditEvents(deps.audit, caller, query, audit),
    },
    binderDepsOf(deps),
  );
}
