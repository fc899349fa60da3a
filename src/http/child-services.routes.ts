/** The children's services: the coordinating department routes a child to a unit; the unit lists and reads its children (JSON and PDF). */
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { listChildServicesUnits, listRoutedChildren, readChild, readChildPdf, routeChild } from '../services/child-services.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { handoverIdOf, sendPdf } from './route-params.js';

export function childServicesRouter(deps: Deps): Router {
  const d = deps.childServicesDeps;
  return bindOperations(
    {
      listChildServicesUnits: (caller, { path }) => listChildServicesUnits(d, caller, path.code!),
      routeChild: async (caller, { path, body, res }, audit) => {
        const { created, body: routing } = await routeChild(d, caller, handoverIdOf(path), path.personRef!, body, audit);
        res.status(created ? 201 : 200).json(routing);
      },
      listChildren: (caller, _input, audit) => listRoutedChildren(d, caller, audit),
      getChild: (caller, { path }, audit) => readChild(d, caller, handoverIdOf(path), path.personRef!, audit),
      getChildPdf: async (caller, { path, query, res }, audit) => {
        const bytes = await readChildPdf(d, caller, handoverIdOf(path), path.personRef!, query, audit);
        sendPdf(res, { bytes, filename: `child-${handoverIdOf(path).slice(0, 8)}-${path.personRef!}.pdf` });
      },
    },
    binderDepsOf(deps),
  );
}
