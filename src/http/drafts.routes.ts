/** A sender's drafts of a handover (the web application's unfinished forms): list, read, save, delete. */
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { deleteDraft, listDrafts, readDraft, saveDraft } from '../services/drafts.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';

export function draftsRouter(deps: Deps): Router {
  const d = deps.draftDeps;
  return bindOperations(
    {
      listDrafts: (caller, _input, audit) => listDrafts(d, caller, audit),
      readDraft: (caller, { path }, audit) => readDraft(d, caller, path.draftId!, audit),
      saveDraft: (caller, { path, body }, audit) => saveDraft(d, caller, path.draftId!, body, audit),
      deleteDraft: async (caller, { path, res }, audit) => {
        await deleteDraft(d, caller, path.draftId!, audit);
        res.status(204).end();
      },
    },
    binderDepsOf(deps),
  );
}
