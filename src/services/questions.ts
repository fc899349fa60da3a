/**
 * Questions back: the addressed municipality asks the sender about a handover (free text and
 * JSON Pointers to the sections concerned); the sender answers with text, a new version it has
 * submitted since, or both; the municipality closes the question. Both sides read the thread and
 * each question's state (open, answered, closed). Every step is audited; a thread holds no
 * health data beyond what its askers write, and is read under the same access rule as the handover.
 */
import type { Caller } from '../domain/organisations.js';
import { questionThread, type Question } from '../domain/questions.js';
import { pageOf, readPageRequest, type Page } from '../domain/pagination.js';
import { forbidden, invalidRequest, notFound, questionClosed, validationFailed, type FieldError } from '../errors.js';
import { enqueueSenderEvent } from './notifications.js';
import type { AuditFn } from './audit.js';
import { readableVersion, type RecipientDeps } from './recipient-access.js';
import type { Questions } from './ports/questions.js';

export interface QuestionDeps extends Pick<RecipientDeps, 'clock' | 'handovers' | 'recipients' | 'notifications'> {
  questions: Questions;
}

/** POST /v1/handovers/:id/questions: the addressed municipality asks about a version (the current one by default). */
export async function askQuestion(d: QuestionDeps, caller: Caller, handoverId: string, body: Record<string, unknown>, audit: AuditFn): Promise<Question> {
  const { record } = await readableVersion(d, caller, handoverId, body.version as number | undefined);
  const events = await d.questions.events(handoverId);
  const highest = Math.max(0, ...events.filter((e) => e.kind === 'question').map((e) => e.number));
  const number = await d.questions.ask(
    {
      handoverId,
      version: record.version,
      text: body.text as string,
      ...(Array.isArray(body.pointers) ? { pointers: body.pointers as string[] } : {}),
      ...(typeof body.caseworker === 'string' ? { caseworker: body.caseworker } : {}),
      at: d.clock(),
      organisationId: caller.organisationId,
      credentialId: caller.credentialId,
    },
    highest,
    // Listed for both: the sender's open questions, and the municipality's.
    [{ senderOrganisationId: record.senderOrganisationId }, { municipalityCode: record.municipalityCode }],
  );
  await audit({ action: 'question.ask', handoverId, version: record.version, section: `question:${number}`, outcome: 'ok' });
  await enqueueSenderEvent(d.notifications, { event: 'question-asked', organisationId: record.senderOrganisationId, handoverId, version: record.version, municipalityCode: record.municipalityCode, questionNumber: number });
  return questionOf(d, handoverId, number);
}

/**
 * POST /v1/handovers/:id/questions/:n/answers: the sender answers with text, with a version it
 * submitted after the one asked about, or both. A closed question takes no more answers.
 */
export async function answerQuestion(d: QuestionDeps, caller: Caller, handoverId: string, number: number, body: Record<string, unknown>, audit: AuditFn): Promise<Question> {
  const { state } = await readableVersion(d, caller, handoverId);
  const question = await existingQuestion(d, handoverId, number);
  if (question.state === 'closed') throw questionClosed(number);
  if (typeof body.version === 'number' && !(body.version > question.version && body.version <= state.latestVersion)) {
    throw validationFailed([{ pointer: '/version', keyword: 'answeringVersion', message: `must be a version submitted after version ${question.version}, which the question is about` }]);
  }
  await d.questions.answer({
    handoverId,
    number,
    ...(typeof body.text === 'string' ? { text: body.text } : {}),
    ...(typeof body.version === 'number' ? { version: body.version } : {}),
    at: d.clock(),
    organisationId: caller.organisationId,
    credentialId: caller.credentialId,
  });
  await audit({ action: 'question.answer', handoverId, ...(typeof body.version === 'number' ? { version: body.version } : {}), section: `question:${number}`, outcome: 'ok' });
  return questionOf(d, handoverId, number);
}

/** POST /v1/handovers/:id/questions/:n/closure: the municipality closes a question (once; again is a no-op). */
export async function closeQuestion(d: QuestionDeps, caller: Caller, handoverId: string, number: number, audit: AuditFn): Promise<Question> {
  await readableVersion(d, caller, handoverId);
  await existingQuestion(d, handoverId, number);
  const closed = await d.questions.close({ handoverId, number, at: d.clock(), organisationId: caller.organisationId, credentialId: caller.credentialId });
  await audit({ action: 'question.close', handoverId, section: `question:${number}`, outcome: closed ? 'ok' : 'ok:already-closed' });
  return questionOf(d, handoverId, number);
}

/** GET /v1/handovers/:id/questions: the thread, for the addressed municipality and the sender. */
export async function listQuestions(d: QuestionDeps, caller: Caller, handoverId: string, audit: AuditFn): Promise<{ handoverId: string; questions: Question[] }> {
  await readableVersion(d, caller, handoverId);
  const questions = questionThread(await d.questions.events(handoverId));
  await audit({ action: 'question.list', handoverId, outcome: 'ok' });
  return { handoverId, questions };
}

/** How many entries of a question list one request reads at most when a state filter passes over many. */
const QUESTION_LIST_SCAN_BUDGET = 500;

/**
 * GET /v1/questions: the caller's questions across its handovers (a sender: those asked of it; a
 * municipality: those it asked), in the order asked, optionally only those in one state; paged by
 * the one pagination contract. The sender's worklist is `?state=open`.
 */
export async function listQuestionsOf(d: QuestionDeps, caller: Caller, q: { state?: string; after?: string; limit?: string }, audit: AuditFn): Promise<Page<Question & { handoverId: string }>> {
  const party = caller.role === 'sender' ? { senderOrganisationId: caller.organisationId } : caller.role === 'municipality' && caller.municipalityCode ? { municipalityCode: caller.municipalityCode } : undefined;
  if (!party) throw forbidden('for senders and municipalities');
  const errors: FieldError[] = [];
  const { limit, afterPosition } = readPageRequest('questions', q, errors);
  if (errors.length > 0) throw invalidRequest(errors);
  const items: (Question & { handoverId: string })[] = [];
  let position = afterPosition;
  let end = false;
  for (let scanned = 0; items.length < limit && scanned < QUESTION_LIST_SCAN_BUDGET && !end; ) {
    const run = await d.questions.logRun(party, position, Math.min(limit, 100));
    end = run.length < Math.min(limit, 100);
    scanned += run.length;
    // Each handover's thread is read once for the page, side by side.
    const threads = new Map(await Promise.all([...new Set(run.map((e) => e.handoverId))].map(async (id) => [id, questionThread(await d.questions.events(id))] as const)));
    for (const e of run) {
      if (items.length >= limit) {
        end = false;
        break;
      }
      position = e.seq;
      const question = threads.get(e.handoverId)?.find((x) => x.number === e.number);
      if (question && (!q.state || question.state === q.state)) items.push({ handoverId: e.handoverId, ...question });
    }
  }
  await audit({ action: 'question.list', outcome: 'ok', section: `items:${items.length}` });
  return pageOf('questions', items, position, end && items.length < limit);
}

async function existingQuestion(d: QuestionDeps, handoverId: string, number: number): Promise<Question> {
  const q = questionThread(await d.questions.events(handoverId)).find((x) => x.number === number);
  if (!q) throw notFound('no such question');
  return q;
}

const questionOf = (d: QuestionDeps, handoverId: string, number: number) => existingQuestion(d, handoverId, number);
