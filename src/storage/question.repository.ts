/** The question threads of handovers: insert-only events, numbered by unique inserts (instances may race). */
import type { QuestionEvent } from '../domain/questions.js';
import { randomUuid } from '../domain/crypto.js';
import { bucketOf, denseSequence, readRun } from './dense-sequence.js';
import { noteFigures } from './derivation.repository.js';
import { isDuplicateKey, type Models } from './models.js';
import type { QuestionParty } from '../services/ports/questions.js';

const scopeOf = (p: QuestionParty) => ('municipalityCode' in p ? `m:${String(p.municipalityCode)}` : String(p.senderOrganisationId));

export function questionRepository(models: Models) {
  const { QuestionEvent: Events, QuestionLogEntry: Log } = models;
  const logId = (scope: string, seq: number) => `${scope}:${Number(seq)}`;
  const logs = denseSequence(async (scope, n) => Boolean(await Log.exists({ _id: logId(scope, n) })));
  const appendToLog = (scope: string, handoverId: string, number: number) =>
    logs.append(scope, async (seq) => {
      try {
        await Log.create({ _id: logId(scope, seq), bucket: bucketOf(scope, seq), seq, handoverId, number });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    });
  const strip = (d: QuestionEvent & { _id?: unknown; __v?: unknown }): QuestionEvent => {
    const { _id, __v, ...e } = d;
    return e;
  };
  return {
    /** Every event of a handover's thread (a handover has few). */
    async events(handoverId: string): Promise<QuestionEvent[]> {
      return (await Events.find({ handoverId: String(handoverId) }).lean<(QuestionEvent & { _id: string })[]>()).map(strip);
    },
    /**
     * Adds a question under the next free number of the handover (a number taken meanwhile moves
     * it on), then lists it for both parties; the question is acknowledged only after both.
     */
    async ask(q: Omit<QuestionEvent, 'kind' | 'number'>, after: number, parties: readonly QuestionParty[]): Promise<number> {
      // The figures count the questions still open (services/figure-facts.ts). Each of these notes is
      // written before its event: a stop between leaves a note (derived from what is stored, it
      // changes nothing if the event never was), never an event the figures miss.
      await noteFigures(models, q.handoverId, q.at);
      for (let n = after + 1; ; n++) {
        try {
          await Events.create({ _id: `${q.handoverId}:q:${n}`, ...q, kind: 'question', number: n });
        } catch (err) {
          if (isDuplicateKey(err)) continue;
          throw err;
        }
        await Promise.all(parties.map((p) => appendToLog(scopeOf(p), q.handoverId, n)));
        return n;
      }
    },
    /** Entries after..after+count of a party's question list, in the order asked. */
    async logRun(party: QuestionParty, after: number, count: number): Promise<{ seq: number; handoverId: string; number: number }[]> {
      const scope = scopeOf(party);
      return readRun(after, count, (b) => Log.find({ bucket: `${scope}:${b}` }).lean<{ seq: number; handoverId: string; number: number }[]>(), (e) => e.seq);
    },
    async answer(a: Omit<QuestionEvent, 'kind'>): Promise<void> {
      await noteFigures(models, a.handoverId, a.at);
      await Events.create({ _id: `${a.handoverId}:a:${a.number}:${randomUuid()}`, ...a, kind: 'answer' });
    },
    /** Closes a question once; false when it was closed already. */
    async close(c: Omit<QuestionEvent, 'kind'>): Promise<boolean> {
      await noteFigures(models, c.handoverId, c.at);
      try {
        await Events.create({ _id: `${c.handoverId}:c:${c.number}`, ...c, kind: 'closure' });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
  };
}

export type QuestionRepository = ReturnType<typeof questionRepository>;
