/** Questions back about a handover (the municipality asks and closes, the sender answers, both read the thread) and the handover meeting's agenda. */
import type { Router } from 'express';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { handoverMeetingAgenda, handoverMeetingAgendaPdf } from '../services/meeting-agenda.js';
import { answerQuestion, askQuestion, closeQuestion, listQuestions, listQuestionsOf } from '../services/questions.js';
import { bindOperations } from './bind-operations.js';
import { binderDepsOf } from './binder-deps.js';
import { handoverIdOf, sendPdf } from './route-params.js';

/** The path's {number}: a question's number in its thread; anything else is no such question. */
function questionNumberOf(path: Record<string, string>): number {
  const n = String(path.number);
  if (!/^[1-9][0-9]{0,5}$/.test(n)) throw notFound('no such question');
  return Number(n);
}

export function questionsRouter(deps: Deps): Router {
  const d = deps.questionDeps;
  return bindOperations(
    {
      listQuestions: (caller, { path }, audit) => listQuestions(d, caller, handoverIdOf(path), audit),
      askQuestion: async (caller, { path, body, res }, audit) => {
        const q = await askQuestion(d, caller, handoverIdOf(path), body, audit);
        res.status(201).location(`/v1/handovers/${handoverIdOf(path)}/questions`).json(q);
      },
      getMeetingAgenda: (caller, { path, query }, audit) => handoverMeetingAgenda(d, caller, handoverIdOf(path), query, audit),
      getMeetingAgendaPdf: async (caller, { path, query, res }, audit) => sendPdf(res, await handoverMeetingAgendaPdf(d, caller, handoverIdOf(path), query, audit)),
      listQuestionsOfCaller: (caller, { query }, audit) => listQuestionsOf(d, caller, query, audit),
      answerQuestion: async (caller, { path, body, res }, audit) => {
        res.status(201).json(await answerQuestion(d, caller, handoverIdOf(path), questionNumberOf(path), body, audit));
      },
      closeQuestion: (caller, { path }, audit) => closeQuestion(d, caller, handoverIdOf(path), questionNumberOf(path), audit),
    },
    binderDepsOf(deps),
  );
}
