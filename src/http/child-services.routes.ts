/** The children's services: the coordinating department routes a child to a unit; the unit lists and reads its children (JSON and PDF). */
import { Router, type Request } from 'express';
import type { Deps } from '../deps.js';
import { auditFor } from '../services/audit.js';
import { listChildServicesUnits, listRoutedChildren, readChild, readChildPdf, routeChild } from '../services/child-services.js';
import { bodyOf } from './json-body.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { singleQuery } from './query.js';
import { handoverIdOf, sendPdf } from './route-params.js';


export function childServicesRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps);
  const d = deps.childServicesDeps;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);
  const personRef = (req: Request) => String(req.params.personRef);

  router
    .route('/v1/municipalities/:code/child-services')
    .get(auth, requireRole('municipality'), async (req, res) => {
      res.json(await listChildServicesUnits(d, callerOf(req), String(req.params.code)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/handovers/:handoverId/persons/:personRef/routings')
    .post(auth, requireRole('municipality'), async (req, res) => {
      const { created, body } = await routeChild(d, callerOf(req), handoverIdOf(req), personRef(req), bodyOf(req), audit(req));
      res.status(created ? 201 : 200).json(body);
    })
    .all(allowOnly('POST'));
  router
    .route('/v1/children')
    .get(auth, requireRole('child-services'), async (req, res) => {
      res.json(await listRoutedChildren(d, callerOf(req), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/children/:handoverId/:personRef')
    .get(auth, requireRole('child-services'), async (req, res) => {
      res.json(await readChild(d, callerOf(req), handoverIdOf(req), personRef(req), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/children/:handoverId/:personRef/pdf')
    .get(auth, requireRole('child-services'), async (req, res) => {
      const bytes = await readChildPdf(d, callerOf(req), handoverIdOf(req), personRef(req), singleQuery(req, ['lang'] as const), audit(req));
      sendPdf(res, { bytes, filename: `child-${handoverIdOf(req).slice(0, 8)}-${personRef(req)}.pdf` });
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
