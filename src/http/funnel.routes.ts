/** GET /v1/funnel: the funnel of the audit's figure from the counters, as JSON or CSV with fixed columns. */
import { stringify } from 'csv-stringify/sync';
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { funnelRows } from '../domain/funnel.js';
import { invalidRequest } from '../errors.js';
import { auditFor } from '../services/audit.js';
import { readFunnel } from '../services/funnel.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { singleQuery } from './query.js';

export function funnelRouter(deps: Deps): Router {
  const router = Router();
  router
    .route('/v1/funnel')
    .get(requireCaller(deps), requireRole('municipality', 'sender', 'auditor'), async (req, res) => {
      const q = singleQuery(req, ['from', 'to', 'format'] as const);
      if (q.format !== undefined && q.format !== 'json' && q.format !== 'csv') throw invalidRequest([{ pointer: '/query/format', keyword: 'enum', message: 'must be one of: json, csv' }]);
      const csv = q.format === 'csv' || (q.format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
      const report = await readFunnel(deps.funnelDeps, callerOf(req), q, auditFor(deps.audit, callerOf(req), String(req.id), deps.clock));
      res.vary('Accept');
      if (!csv) return void res.json(report);
      const { header, rows } = funnelRows(report.groups);
      res.type('text/csv; charset=utf-8').attachment(`handover-funnel-${report.period.from}-${report.period.to}.csv`).send(stringify([header, ...rows]));
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
