/**
 * The questions back about one handover, read by both sides: the municipality asks (about the
 * version it reads) and closes a question; the sender answers with text, with a version it has
 * submitted since, or both. Each question shows its state, the version it is about, the sections
 * it points to and every answer, so neither side has to ask by telephone what became of it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from './api';
import { t, when, type Lang } from './i18n';
import { Outcome, problemText } from './shared-ui';
// The wire format of a question thread, as the service builds it (a type only: nothing of the service is bundled).
import type { Question } from '../../src/domain/questions';

type Side = { role: 'municipality'; version: number; caseworker?: string } | { role: 'sender'; latestVersion: number };


export function QuestionThread({ lang, handoverId, side }: { lang: Lang; handoverId: string; side: Side }) {
  const [questions, setQuestions] = useState<Question[] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const load = () => api.get<{ questions: Question[] }>(`/v1/handovers/${handoverId}/questions`).then((r) => setQuestions(r.questions));
  useEffect(() => {
    load().catch((err) => setMessage({ ok: false, text: problemText(err, lang) }));
  }, [handoverId]);

  /** Runs one change, then reads the thread again so both the state and the new entry show. */
  const act = async (change: () => Promise<unknown>, done: string) => {
    try {
      await change();
      setMessage({ ok: true, text: done });
      await load();
      return true;
    } catch (err) {
      setMessage({ ok: false, text: problemText(err, lang) });
      return false;
    }
  };

  const ask = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (side.role !== 'municipality') return;
    const form = e.currentTarget;
    const text = (form.elements.namedItem('question-text') as HTMLTextAreaElement).value.trim();
    const body = { text, version: side.version, ...(side.caseworker ? { caseworker: side.caseworker } : {}) };
    if (await act(() => api.post(`/v1/handovers/${handoverId}/questions`, body), t('questionSent', lang))) form.reset();
  };

  const heading = side.role === 'municipality' ? t('questionsToSender', lang) : t('questions', lang);
  if (side.role === 'sender' && questions?.length === 0) return null;
  return (
    <section aria-labelledby="questions">
      <h2 id="questions">{heading}</h2>
      {questions && questions.length > 0 && (
        <ol className="questions">
          {questions.map((q) => (
            <li key={q.number} className="card" data-testid={`question-${q.number}`}>
              <p>
                <strong>{t('questionAbout', lang, { number: q.number, version: q.version })}</strong> · {when(q.askedAt, lang)}
                {q.askedBy.caseworker ? ` · ${q.askedBy.caseworker}` : ''} · <span data-testid="question-state">{t(`question:${q.state}` as never, lang)}</span>
              </p>
              <p className="question-text">{q.text}</p>
              {q.pointers.length > 0 && (
                <p>
                  {t('questionSections', lang)}:{' '}
                  {q.pointers.map((p) => (
                    <code key={p}>{p} </code>
                  ))}
                </p>
              )}
              {q.answers.length > 0 && (
                <ul aria-label={t('answers', lang)}>
                  {q.answers.map((a) => (
                    <li key={a.at}>
                      {when(a.at, lang)}: {a.text ?? ''} {a.version ? t('answeredWithVersion', lang, { version: a.version }) : ''}
                    </li>
                  ))}
                </ul>
              )}
              {q.state !== 'closed' && side.role === 'municipality' && (
                <button type="button" className="button button-secondary" onClick={() => act(() => api.post(`/v1/handovers/${handoverId}/questions/${q.number}/closure`, {}), t('questionClosed', lang))}>
                  {t('closeQuestion', lang, { number: q.number })}
                </button>
              )}
              {q.state !== 'closed' && side.role === 'sender' && <AnswerForm lang={lang} question={q} latestVersion={side.latestVersion} onAnswer={(body) => act(() => api.post(`/v1/handovers/${handoverId}/questions/${q.number}/answers`, body), t('answerSent', lang))} />}
            </li>
          ))}
        </ol>
      )}
      {side.role === 'municipality' && (
        <form onSubmit={ask}>
          <label className="form-label" htmlFor="question-text">{t('askQuestion', lang)}</label>
          <textarea className="form-input" id="question-text" name="question-text" rows={3} required />
          <button type="submit" className="button button-primary">{t('send', lang)}</button>
        </form>
      )}
      <Outcome message={message} />
    </section>
  );
}

/** The sender's answer to one question: text, a later version that answers it, or both (the service requires at least one). */
function AnswerForm({ lang, question, latestVersion, onAnswer }: { lang: Lang; question: Question; latestVersion: number; onAnswer: (body: { text?: string; version?: number }) => Promise<boolean> }) {
  const later = Array.from({ length: Math.max(0, latestVersion - question.version) }, (_, i) => question.version + i + 1);
  const textId = `answer-text-${question.number}`;
  const versionId = `answer-version-${question.number}`;
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const text = (form.elements.namedItem(textId) as HTMLTextAreaElement).value.trim();
    const version = Number((form.elements.namedItem(versionId) as HTMLSelectElement | null)?.value ?? '');
    if (await onAnswer({ ...(text ? { text } : {}), ...(version ? { version } : {}) })) form.reset();
  };
  return (
    <form onSubmit={submit}>
      <label className="form-label" htmlFor={textId}>{t('answerQuestion', lang, { number: question.number })}</label>
      <textarea className="form-input" id={textId} name={textId} rows={3} />
      {later.length > 0 && (
        <>
          <label className="form-label" htmlFor={versionId}>{t('answerWithVersion', lang)}</label>
          <select className="form-select" id={versionId} name={versionId} defaultValue="">
            <option value="">{t('noVersion', lang)}</option>
            {later.map((v) => (
              <option key={v} value={v}>
                {t('versionNumber', lang, { version: v })}
              </option>
            ))}
          </select>
        </>
      )}
      <button type="submit" className="button button-primary">{t('sendAnswer', lang)}</button>
    </form>
  );
}
