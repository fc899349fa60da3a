/** The coordinating department's inbox: the feed as a list with filters, and the deadlines list with overdue ones marked. */
import { useEffect, useState } from 'react';
import { api } from './api';
import { day, t, type Lang, type WordKey } from './i18n';
import { Link } from './shared-ui';
import { OpenQuestionsTag, useOpenQuestions } from './open-questions';

interface FeedItem {
  event: string;
  handoverId: string;
  version: number;
  status: string;
  acknowledged: string | null;
  persons: { personRef: string; name: string; age: number; ageUpTo?: number }[];
  expectedArrival: { date: string } | null;
  urgentFlags: { type: string; personRef: string; description: string }[];
  completenessScore?: number;
}
interface Deadline {
  handoverId: string;
  personRef: string;
  personName?: string;
  kind: string;
  date: string;
  detail?: string;
  overdue: boolean;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** One row per handover: the feed has an entry per version, and the newest one stands where the handover first appeared. */
function oneRowPerHandover(list: readonly FeedItem[]): FeedItem[] {
  const rows = new Map<string, FeedItem>();
  for (const item of list) if ((rows.get(item.handoverId)?.version ?? 0) < item.version) rows.set(item.handoverId, item);
  return [...rows.values()];
}

export function Inbox({ lang, municipalityCode, go }: { lang: Lang; municipalityCode: string; go: (to: string) => void }) {
  const [unacknowledged, setUnacknowledged] = useState(false);
  const [urgent, setUrgent] = useState(false);
  const [within, setWithin] = useState('');
  const [items, setItems] = useState<FeedItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  // null while loading, and a failure said so: an empty list must only ever mean "no deadlines".
  const [deadlines, setDeadlines] = useState<Deadline[] | null | 'failed'>(null);
  const [deadlinesNext, setDeadlinesNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const openQuestions = useOpenQuestions();

  const query = (after?: string) => {
    const q = new URLSearchParams({ limit: '50' });
    if (unacknowledged) q.set('unacknowledged', 'true');
    if (urgent) q.set('urgent', 'true');
    if (/^\d+$/.test(within)) {
      const today = new Date();
      q.set('arrivingFrom', isoDay(today));
      q.set('arrivingTo', isoDay(new Date(today.getTime() + Number(within) * 86_400_000)));
    }
    if (after) q.set('after', after);
    return `/v1/municipalities/${municipalityCode}/handovers?${q}`;
  };
  const load = async (after?: string) => {
    try {
      const page = await api.get<{ items: FeedItem[]; next: string | null }>(query(after));
      const shown = page.items.filter((i) => i.event === 'version-received');
      setItems((before) => oneRowPerHandover(after && before ? [...before, ...shown] : shown));
      setNext(page.next);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
  }, [unacknowledged, urgent, within]);
  // A page of deadlines at a time, the most overdue first; more on asking.
  const loadDeadlines = (after?: string) =>
    api.get<{ deadlines: Deadline[]; next: string | null }>(`/v1/municipalities/${municipalityCode}/deadlines?within=60d&limit=100${after ? `&after=${after}` : ''}`).then(
      (d) => {
        setDeadlines((before) => (after && Array.isArray(before) ? [...before, ...d.deadlines] : d.deadlines));
        setDeadlinesNext(d.next);
      },
      () => setDeadlines('failed'),
    );
  useEffect(() => {
    // Loaded beside the list, not before it: the inbox's first page shows as soon as the feed answers.
    void loadDeadlines();
  }, [municipalityCode]);

  return (
    <>
      <h1>{t('inbox', lang)}</h1>
      <fieldset className="filters">
        <legend>{t('filters', lang)}</legend>
        <div className="form-group-checkbox">
          <input className="form-checkbox" type="checkbox" id="filter-unacknowledged" checked={unacknowledged} onChange={(e) => setUnacknowledged(e.target.checked)} />
          <label htmlFor="filter-unacknowledged">{t('onlyUnacknowledged', lang)}</label>
        </div>
        <div className="form-group-checkbox">
          <input className="form-checkbox" type="checkbox" id="filter-urgent" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
          <label htmlFor="filter-urgent">{t('onlyUrgent', lang)}</label>
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="filter-within">{t('arrivingWithin', lang)}</label>
          <input className="form-input input-width-xs" id="filter-within" type="number" min="0" max="365" inputMode="numeric" value={within} onChange={(e) => setWithin(e.target.value)} />
        </div>
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {t('error', lang)}: {error}
        </p>
      )}
      {items === null ? (
        <p>{t('loading', lang)}</p>
      ) : items.length === 0 ? (
        <p>{t('noItems', lang)}</p>
      ) : (
        <table className="table">
          <caption className="sr-only">{t('inbox', lang)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('household', lang)}</th>
              <th scope="col">{t('arrival', lang)}</th>
              <th scope="col">{t('completeness', lang)}</th>
              <th scope="col">{t('urgent', lang)}</th>
              <th scope="col">{t('openQuestionsColumn', lang)}</th>
              <th scope="col">{t('status', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.handoverId}>
                <td>
                  <a
                    href={`/handovers/${i.handoverId}`}
                    onClick={(e) => {
                      e.preventDefault();
                      go(`/handovers/${i.handoverId}`);
                    }}
                  >
                    {i.persons.map((p) => `${p.name} (${p.ageUpTo ? `${p.age}-${p.ageUpTo}` : p.age})`).join(', ') || i.handoverId.slice(0, 8)}
                  </a>
                </td>
                <td>{i.expectedArrival ? day(i.expectedArrival.date, lang) : '–'}</td>
                <td>{i.completenessScore === undefined ? '–' : t('completenessOf', lang, { score: i.completenessScore })}</td>
                <td>{i.urgentFlags.length > 0 ? <span className="flag">{i.urgentFlags.map((f) => f.description).join('; ')}</span> : '–'}</td>
                <td>
                  <OpenQuestionsTag count={openQuestions?.get(i.handoverId)} lang={lang} />
                </td>
                <td>
                  <span className={`badge ${i.acknowledged ? 'badge-success' : 'badge-info'}`}>{i.acknowledged ? t('acknowledged', lang) : t('notAcknowledged', lang)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" className="button button-secondary" onClick={() => void load(next)}>
          {t('more', lang)}
        </button>
      )}

      <h2>{t('deadlines', lang)}</h2>
      {deadlines === null && <p>{t('loading', lang)}</p>}
      {deadlines === 'failed' && (
        <p role="alert" className="error">
          {t('deadlinesFailed', lang)}
        </p>
      )}
      {Array.isArray(deadlines) && deadlines.length === 0 && <p>{t('noDeadlines', lang)}</p>}
      {Array.isArray(deadlines) && deadlines.length > 0 && (
        <table className="table">
          <caption className="sr-only">{t('deadlines', lang)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('date', lang)}</th>
              <th scope="col">{t('person', lang)}</th>
              <th scope="col">{t('what', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {deadlines.map((d) => (
              <tr key={`${d.handoverId}:${d.personRef}:${d.kind}:${d.date}:${d.detail ?? ''}`} className={d.overdue ? 'overdue' : undefined}>
                <td>
                  {day(d.date, lang)} {d.overdue && <strong>({t('overdue', lang)})</strong>}
                </td>
                <td>
                  <Link to={`/handovers/${d.handoverId}`} go={go}>
                    {d.personName ?? d.personRef}
                  </Link>
                </td>
                <td>
                  {t(`deadline:${d.kind}` as WordKey, lang)}
                  {d.detail ? `: ${d.detail}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {Array.isArray(deadlines) && deadlinesNext && (
        <button type="button" className="button button-secondary" onClick={() => void loadDeadlines(deadlinesNext)}>
          {t('moreDeadlines', lang)}
        </button>
      )}
    </>
  );
}
