/** GET /v1/figures: the figures that show whether health information arrives, as JSON or CSV. */
import { stringify } from 'csv-stringify/sync';
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { figureRows } from '../domain/figures.js';
import { readFigures } from '../services/figures.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { wantsCsv } from './csv-or-json.js';

export function figuresRouter(deps: Deps): Router {
  return bindOperations(
    {
      getFigures: async (caller, { query, req, res }, audit) => {
        const csv = wantsCsv(query.format, req);
        const report = await readFigures(deps.figureDeps, caller, query, audit);
        res.vary('Accept');
        if (!csv) return report;
        const { header, rows } = figureRows(report.groups);
        res
          .type('text/csv; charset=utf-8')
          .attachment(`handover-figures-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}.csv`)
          .send(stringify([header, ...rows]));
      },
    },
    binderDepsOf(deps),
  );
}
