/** GET /v1/figures: the figures that show whether health information arrives, as JSON or CSV. */
import { stringify } from 'csv-stringify/sync';
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { figureRows } from '../domain/figures.js';
import { invalidRequest } from '../errors.js';
import { auditFor } from '../services/audit.js';
import { readFigures } from '../services/figures.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { singleQuery } from './query.js';

export function figuresRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps);
  router
    .route('/v1/figures')
    .get(auth, requireRole('municipality', 'sender', 'auditor'), async (req, res) => {
      const q = singleQuery(req, ['from', 'to', 'format'] as const);
      if (q.format !== undefined && q.format !== 'json' && q.format !== 'csv') throw invalidRequest([{ pointer: '/query/format', keyword: 'enum', message: 'must be one of: json, csv' }]);
      const csv = q.format === 'csv' || (q.format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
      const report = await readFigures(deps.figureDeps, callerOf(req), q, auditFor(deps.audit, callerOf(req), String(req.id), deps.clock));
      res.vary('Accept');
      if (!csv) return void res.json(report);
      const { header, rows } = figureRows(report.groups);
      res
        .type('text/csv; charset=utf-8')
        .attachment(`handover-figures-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}.csv`)
        .send(stringify([header, ...rows]));
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
