/** GET /v1/funnel: the funnel of the audit's figure from the counters, as JSON or CSV with fixed columns. */
import { stringify } from 'csv-stringify/sync';
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { funnelRows } from '../domain/funnel.js';
import { readFunnel } from '../services/funnel.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { wantsCsv } from './csv-or-json.js';

export function funnelRouter(deps: Deps): Router {
  return bindOperations(
    {
      getFunnel: async (caller, { query, req, res }, audit) => {
        const csv = wantsCsv(query.format, req);
        const report = await readFunnel(deps.funnelDeps, caller, query, audit);
        res.vary('Accept');
        if (!csv) return report;
        const { header, rows } = funnelRows(report.groups);
        res.type('text/csv; charset=utf-8').attachment(`handover-funnel-${report.period.from}-${report.period.to}.csv`).send(stringify([header, ...rows]));
      },
    },
    binderDepsOf(deps),
  );
}
