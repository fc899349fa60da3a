/** A sender's drafts of a handover (the web application's unfinished forms): list, read, save, delete. */
import { Router, type Request } from 'express';
import type { Deps } from '../deps.js';
import { auditFor } from '../services/audit.js';
import { deleteDraft, listDrafts, readDraft, saveDraft } from '../services/drafts.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { bodyOf } from './json-body.js';
import { allowOnly } from './method-not-allowed.js';

export function draftsRouter(deps: Deps): Router {
  const router = Router();
  const auth = [requireCaller(deps), requireRole('sender')];
  const d = deps.draftDeps;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);
  const draftId = (req: Request) => String(req.params.draftId);

  router
    .route('/v1/drafts')
    .get(...auth, async (req, res) => {
      res.json(await listDrafts(d, callerOf(req), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/drafts/:draftId')
    .get(...auth, async (req, res) => {
      res.json(await readDraft(d, callerOf(req), draftId(req), audit(req)));
    })
    .put(...auth, async (req, res) => {
      res.json(await saveDraft(d, callerOf(req), draftId(req), bodyOf(req), audit(req)));
    })
    .delete(...auth, async (req, res) => {
      await deleteDraft(d, callerOf(req), draftId(req), audit(req));
      res.status(204).end();
    })
    .all(allowOnly('GET', 'HEAD', 'PUT', 'DELETE'));
  return router;
}
