/** Questions back about a handover (the municipality asks and closes, the sender answers, both read the thread) and the handover meeting's agenda. */
import { Router, type Request } from 'express';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { auditFor } from '../services/audit.js';
import { handoverMeetingAgenda, handoverMeetingAgendaPdf } from '../services/meeting-agenda.js';
import { answerQuestion, askQuestion, closeQuestion, listQuestions, listQuestionsOf } from '../services/questions.js';
import { bodyOf } from './json-body.js';
import { callerOf, requireCaller, requireRole } from './caller.js';
import { allowOnly } from './method-not-allowed.js';
import { handoverIdOf, sendPdf } from './route-params.js';
import { singleQuery } from './query.js';


export function questionsRouter(deps: Deps): Router {
  const router = Router();
  const auth = requireCaller(deps);
  const d = deps.questionDeps;
  const audit = (req: Request) => auditFor(deps.audit, callerOf(req), String(req.id), deps.clock);
  const handoverId = handoverIdOf;
  const number = (req: Request) => {
    const n = String(req.params.number);
    if (!/^[1-9][0-9]{0,5}$/.test(n)) throw notFound('no such question');
    return Number(n);
  };
  router
    .route('/v1/handovers/:handoverId/questions')
    .get(auth, requireRole('municipality', 'sender'), async (req, res) => {
      res.json(await listQuestions(d, callerOf(req), handoverId(req), audit(req)));
    })
    .post(auth, requireRole('municipality'), async (req, res) => {
      const q = await askQuestion(d, callerOf(req), handoverId(req), bodyOf(req), audit(req));
      res.status(201).location(`/v1/handovers/${handoverId(req)}/questions`).json(q);
    })
    .all(allowOnly('GET', 'HEAD', 'POST'));
  router
    .route('/v1/handovers/:handoverId/agenda')
    .get(auth, requireRole('municipality', 'sender'), async (req, res) => {
      res.json(await handoverMeetingAgenda(d, callerOf(req), handoverId(req), singleQuery(req, ['date', 'participants'] as const), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/handovers/:handoverId/agenda/pdf')
    .get(auth, requireRole('municipality', 'sender'), async (req, res) => {
      const pdf = await handoverMeetingAgendaPdf(d, callerOf(req), handoverId(req), singleQuery(req, ['lang', 'date', 'participants'] as const), audit(req));
      sendPdf(res, pdf);
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/questions')
    .get(auth, requireRole('sender', 'municipality'), async (req, res) => {
      res.json(await listQuestionsOf(d, callerOf(req), singleQuery(req, ['state', 'after', 'limit'] as const), audit(req)));
    })
    .all(allowOnly('GET', 'HEAD'));
  router
    .route('/v1/handovers/:handoverId/questions/:number/answers')
    .post(auth, requireRole('sender'), async (req, res) => {
      res.status(201).json(await answerQuestion(d, callerOf(req), handoverId(req), number(req), bodyOf(req), audit(req)));
    })
    .all(allowOnly('POST'));
  router
    .route('/v1/handovers/:handoverId/questions/:number/closure')
    .post(auth, requireRole('municipality'), async (req, res) => {
      res.json(await closeQuestion(d, callerOf(req), handoverId(req), number(req), audit(req)));
    })
    .all(allowOnly('POST'));
  return router;
}
