/** The question threads of handovers: insert-only events, numbered by unique inserts (instances may race). */
import type { QuestionEvent } from '../domain/questions.js';
import { randomUuid } from '../domain/crypto.js';
import { isDuplicateKey, type Models } from './models.js';

export function questionRepository(models: Models) {
  const { QuestionEvent: Events } = models;
  const strip = (d: QuestionEvent & { _id?: unknown; __v?: unknown }): QuestionEvent => {
    const { _id, __v, ...e } = d;
    return e;
  };
  return {
    /** Every event of a handover's thread (a handover has few). */
    async events(handoverId: string): Promise<QuestionEvent[]> {
      return (await Events.find({ handoverId: String(handoverId) }).lean<(QuestionEvent & { _id: string })[]>()).map(strip);
    },
    /** Adds a question under the next free number of the handover (a number taken meanwhile moves it on). */
    async ask(q: Omit<QuestionEvent, 'kind' | 'number'>, after: number): Promise<number> {
      for (let n = after + 1; ; n++) {
        try {
          await Events.create({ _id: `${q.handoverId}:q:${n}`, ...q, kind: 'question', number: n });
          return n;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    },
    async answer(a: Omit<QuestionEvent, 'kind'>): Promise<void> {
      await Events.create({ _id: `${a.handoverId}:a:${a.number}:${randomUuid()}`, ...a, kind: 'answer' });
    },
    /** Closes a question once; false when it was closed already. */
    async close(c: Omit<QuestionEvent, 'kind'>): Promise<boolean> {
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
