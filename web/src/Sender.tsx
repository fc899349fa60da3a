/**
 * The sender's own handovers and what became of them: the list with each one's delivery status,
 * the drafts still open, and one handover's versions (retrieved by whom and when, acknowledged,
 * questions asked), with a new version or a signed withdrawal from the same screen.
 */
import { useEffect, useState } from 'react';
import { municipalityName } from '../../src/domain/municipalities';
import { api, ApiError, type Session } from './api';
import { t, when, type Lang } from './i18n';
import { QuestionThread } from './QuestionThread';
import { OpenQuestionsTag, useOpenQuestions } from './open-questions';
import { Link, Outcome } from './shared-ui';
import { WithdrawalForm } from './WithdrawalForm';
import { findKey, signCompact } from './signing-key';

interface VersionStatus {
  version: number;
  status: string;
  municipalityCode: string;
  submittedAt: string;
  receiptId: string;
  firstRetrieved: { at: string; by: string; byName: string; person?: { name: string } } | null;
  acknowledged: { at: string; by: string; byName: string; outcome?: string; caseworker?: string; person?: { name: string }; reason?: string } | null;
}
interface HandoverStatus {
  handoverId: string;
  status: string;
  currentVersion?: number;
  municipalityCode: string;
  household: string[];
  versions: VersionStatus[];
}
interface DraftSummary {
  draftId: string;
  persons: string[];
  municipalityCode?: string;
  savedAt: string;
}



/** When the handover's latest version was sent. */
const lastSent = (h: HandoverStatus) => h.versions.map((v) => v.submittedAt).sort().at(-1);

/** dkfds's badge for a delivery state: refused is an error, acknowledged a success, the rest information. */
function deliveryBadge(status: string): string {
  return status === 'refused' ? 'badge-error' : status === 'acknowledged' ? 'badge-success' : 'badge-info';
}

export function SenderHome({ lang, go }: { lang: Lang; go: (to: string) => void }) {
  const [items, setItems] = useState<HandoverStatus[] | null>(null);
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  const openQuestions = useOpenQuestions();
  useEffect(() => {
    api.get<{ items: HandoverStatus[] }>('/v1/handovers?limit=100').then((r) => setItems(r.items));
    api.get<{ items: DraftSummary[] }>('/v1/drafts').then((r) => setDrafts(r.items));
  }, []);
  return (
    <>
      <h1>{t('sentHandovers', lang)}</h1>
      <p className="actions">
        <Link to="/new" go={go}>
          {t('newHandover', lang)}
        </Link>
      </p>
      {drafts.length > 0 && (
        <section aria-labelledby="drafts">
          <h2 id="drafts">{t('drafts', lang)}</h2>
          <ul>
            {drafts.map((d) => (
              <li key={d.draftId}>
                <Link to={`/drafts/${d.draftId}`} go={go}>
                  {d.persons.filter(Boolean).join(', ') || t('unnamedDraft', lang)}
                </Link>{' '}
                ({d.municipalityCode ? municipalityName(d.municipalityCode, lang) : '–'}, {t('savedAt', lang, { at: when(d.savedAt, lang) })})
              </li>
            ))}
          </ul>
        </section>
      )}
      {!items ? (
        <p>{t('loading', lang)}</p>
      ) : (
        <table className="table">
          <caption className="sr-only">{t('sentHandovers', lang)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('household', lang)}</th>
              <th scope="col">{t('municipality', lang)}</th>
              <th scope="col">{t('submittedAt', lang)}</th>
              <th scope="col">{t('version', lang)}</th>
              <th scope="col">{t('status', lang)}</th>
              <th scope="col">{t('openQuestionsColumn', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((h) => (
              <tr key={h.handoverId}>
                <td>
                  <Link to={`/sent/${h.handoverId}`} go={go}>
                    {h.household.join(', ') || h.handoverId}
                  </Link>
                </td>
                <td>{municipalityName(h.municipalityCode, lang)}</td>
                {/* Two households are told apart by name, municipality and when they were sent, never by an id's first letters. */}
                <td>{lastSent(h) ? when(lastSent(h)!, lang) : '–'}</td>
                <td>{h.currentVersion ?? '–'}</td>
                <td>
                  <span className={`badge ${deliveryBadge(h.status)}`}>{t(`delivery:${h.status}` as never, lang)}</span>
                </td>
                <td>
                  <OpenQuestionsTag count={openQuestions?.get(h.handoverId)} lang={lang} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function SentHandover({ lang, session, handoverId, go }: { lang: Lang; session: Session; handoverId: string; go: (to: string) => void }) {
  const [status, setStatus] = useState<HandoverStatus | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const load = () => {
    api.get<HandoverStatus>(`/v1/handovers/${handoverId}/status`).then(setStatus, (e: Error) => setMessage({ ok: false, text: e.message }));
  };
  useEffect(load, [handoverId]);

  // Signed with this browser's key and sent; a refusal is thrown for the form to show at its field.
  const withdraw = async (document: Record<string, unknown>) => {
    const key = await findKey(session.organisationId);
    if (!key) throw new Error(t('enrolFirst', lang));
    const jws = await signCompact(key, new TextEncoder().encode(JSON.stringify(document)), 'handover-withdrawal+jws');
    const res = await fetch(`/v1/handovers/${handoverId}/withdrawals`, { method: 'POST', body: jws, credentials: 'same-origin', headers: { 'Content-Type': 'application/jose', Accept: 'application/json', 'x-handover-web': '1' } });
    if (!res.ok) throw new ApiError(await res.json().catch(() => ({ status: res.status, title: res.statusText })));
    setMessage({ ok: true, text: t('versionWithdrawn', lang, { version: String(document.version) }) });
    load();
  };

  return (
    <>
      <Link to="/" go={go}>
        {t('sentHandovers', lang)}
      </Link>
      <h1>{status?.household.length ? status.household.join(', ') : t('handover', lang)}</h1>
      <p>
        {t('handoverId', lang)}: <span className="mono">{handoverId}</span>
      </p>
      <Outcome message={message} />
      {status && (
        <>
          <p>
            {t('municipality', lang)}: {municipalityName(status.municipalityCode, lang)} · {t('status', lang)}: <strong data-testid="delivery-status">{t(`delivery:${status.status}` as never, lang)}</strong>
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('version', lang)}</th>
                <th scope="col">{t('submittedAt', lang)}</th>
                <th scope="col">{t('firstRetrieved', lang)}</th>
                <th scope="col">{t('acknowledged', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {status.versions.map((v) => (
                <tr key={v.version}>
                  <td>
                    {v.version} ({t(`version:${v.status}` as never, lang)})
                  </td>
                  <td>
                    {when(v.submittedAt, lang)}
                    <br />
                    <span className="mono">{v.receiptId}</span>
                  </td>
                  <td>{v.firstRetrieved ? t('byAt', lang, { by: v.firstRetrieved.person ? `${v.firstRetrieved.person.name} (${v.firstRetrieved.byName})` : v.firstRetrieved.byName, at: when(v.firstRetrieved.at, lang) }) : '–'}</td>
                  <td>
                    {v.acknowledged ? t('byAt', lang, { by: `${v.acknowledged.person?.name ?? v.acknowledged.caseworker ?? ''} (${v.acknowledged.byName})`.trim(), at: when(v.acknowledged.at, lang) }) : '–'}
                    {v.acknowledged?.reason && <p>{v.acknowledged.reason}</p>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {status.versions.length > 0 && <QuestionThread lang={lang} handoverId={handoverId} side={{ role: 'sender', latestVersion: Math.max(...status.versions.map((v) => v.version)) }} />}
          {status.currentVersion !== undefined && (
            <>
              <p>
                <Link to={`/new?basedOn=${handoverId}`} go={go}>
                  {t('makeNewVersion', lang)}
                </Link>
              </p>
              <section aria-labelledby="withdraw" className="card">
                <h2 id="withdraw">{t('withdrawVersion', lang, { version: status.currentVersion })}</h2>
                <p>{t(status.versions.some((v) => v.version < status.currentVersion! && v.status !== 'withdrawn') ? 'withdrawalExplained' : 'withdrawalEndsHandover', lang)}</p>
                <WithdrawalForm
                  key={status.currentVersion}
                  lang={lang}
                  of={{ handoverId, version: status.currentVersion, senderOrganisationId: session.organisationId, household: status.household, municipalityCode: status.municipalityCode }}
                  sign={withdraw}
                />
              </section>
            </>
          )}
        </>
      )}
    </>
  );
}
