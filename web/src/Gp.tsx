/**
 * The GP practice: the persons assigned to it (named only where consent covers the GP), one
 * person's clinical summary as the service words it (the same words as the person's PDF), and
 * beside it the health-assessment result filled from its schema and signed with the practice's key
 * in this browser.
 */
import { useEffect, useState } from 'react';
import { api, ApiError, type Problem, type Session } from './api';
import { ResultForm } from './ResultForm';
import { FactTable, Lines } from './briefing-view';
import type { ClinicalSummary as ClinicalSummaryModel } from '../../src/domain/clinical-summary';
import { t, type Lang } from './i18n';
import { Link, ProblemAlert } from './shared-ui';
import { KeyNotRegistered } from './key-registration';
import { findKey, signCompact } from './signing-key';
import { readableDate, readableDateTime } from '../../src/domain/partial-dates';

interface AssignedPerson {
  handoverId: string;
  personRef: string;
  assignedAt: string;
  consent: 'covers-gp' | 'missing';
  name?: string;
  dateOfBirth?: string;
}
/** What GET /v1/gp/persons/:id/:ref/clinical-summary answers: the model (domain/clinical-summary.ts) with the version it summarises. */
type ClinicalSummary = ClinicalSummaryModel & { handoverId: string; version: number };

export function GpPersons({ lang, go }: { lang: Lang; go: (to: string) => void }) {
  const [persons, setPersons] = useState<AssignedPerson[] | null>(null);
  useEffect(() => {
    api.get<{ persons: AssignedPerson[] }>('/v1/gp/persons').then((r) => setPersons(r.persons));
  }, []);
  return (
    <>
      <h1>{t('assignedPersons', lang)}</h1>
      {!persons ? (
        <p>{t('loading', lang)}</p>
      ) : persons.length === 0 ? (
        <p>{t('noAssignedPersons', lang)}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('person', lang)}</th>
              <th scope="col">{t('born', lang)}</th>
              <th scope="col">{t('assignedAt', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {persons.map((p) => (
              <tr key={`${p.handoverId}/${p.personRef}`}>
                <td>{p.consent === 'covers-gp' ? <Link to={`/gp/${p.handoverId}/${p.personRef}`} go={go}>{p.name}</Link> : t('noGpConsent', lang)}</td>
                <td>{p.dateOfBirth ? readableDate(p.dateOfBirth, lang) : '–'}</td>
                <td>{readableDateTime(p.assignedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function GpPerson({ lang, session, handoverId, personRef, go }: { lang: Lang; session: Session; handoverId: string; personRef: string; go: (to: string) => void }) {
  const [summary, setSummary] = useState<ClinicalSummary | null>(null);
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  // The summary is worded by the service in the page's language: fetched again when it changes.
  useEffect(() => {
    api.get<ClinicalSummary>(`/v1/gp/persons/${handoverId}/${personRef}/clinical-summary?lang=${lang}`).then(setSummary, (e) => setProblem(e instanceof ApiError ? e.problem : { status: 0, title: String(e) }));
  }, [handoverId, personRef, lang]);
  useEffect(() => {
    setResult({
      documentType: 'health-assessment-result',
      schemaVersion: '1.1',
      resultId: crypto.randomUUID(),
      handoverId,
      personRef,
      gpPractice: { organisationId: session.organisationId, name: session.organisationName },
    });
  }, [handoverId, personRef, session]);

  const submit = async (filled: Record<string, unknown>) => {
    setProblem(null);
    const key = await findKey(session.organisationId);
    if (!key) return setProblem({ status: 0, title: t('enrolFirst', lang) });
    try {
      const jws = await signCompact(key, new TextEncoder().encode(JSON.stringify(filled)), 'health-assessment-result+jws');
      const res = await fetch('/v1/health-assessments', { method: 'POST', body: jws, credentials: 'same-origin', headers: { 'Content-Type': 'application/jose', Accept: 'application/json', 'x-handover-web': '1' } });
      const json = await res.json();
      if (!res.ok) throw new ApiError(json);
      setSent((json as { receiptId?: string }).receiptId ?? 'ok');
    } catch (e) {
      setProblem(e instanceof ApiError ? e.problem : { status: 0, title: String(e) });
    }
  };

  const back = (
    <Link to="/" go={go}>
      {t('assignedPersons', lang)}
    </Link>
  );
  if (!summary) {
    return (
      <>
        {back}
        {problem ? <ProblemAlert problem={problem} lang={lang} /> : <p>{t('loading', lang)}</p>}
      </>
    );
  }
  return (
    <>
      {back}
      <div className="gp-person">
        <ClinicalSummaryView summary={summary} lang={lang} pdfHref={`/v1/gp/persons/${handoverId}/${personRef}/pdf?lang=${lang}`} />
        <section aria-labelledby="result" className="gp-result">
          <h2 id="result">{t('assessmentResult', lang)}</h2>
          {!sent && <KeyNotRegistered organisationId={session.organisationId} lang={lang} go={go} />}
          {sent ? (
            <p role="status" className="ok">
              {t('resultSent', lang)}
            </p>
          ) : (
            result && <ResultForm lang={lang} start={result} signLabel={t('signAndSend', lang)} onSign={submit} />
          )}
          {problem && <ProblemAlert problem={problem} lang={lang} />}
        </section>
      </div>
    </>
  );
}

/** The clinical summary as readable text: headings per section, each fact as a label and its words. */
function ClinicalSummaryView({ summary: s, lang, pdfHref }: { summary: ClinicalSummary; lang: Lang; pdfHref: string }) {
  return (
    <article className="clinical-summary" lang={s.lang} aria-labelledby="clinical-summary-title">
      <p className="hint" id="clinical-summary-title">
        {s.title}
      </p>
      <h1>
        {s.name}
        {s.nameInOriginalScript && (
          <>
            {' '}
            (<span dir="auto">{s.nameInOriginalScript}</span>)
          </>
        )}
      </h1>
      <p>{s.summary}</p>
      <p>
        <a href={pdfHref} download>
          {t('downloadPdf', lang)}
        </a>
      </p>
      {s.urgent.length > 0 && (
        <div className="briefing-urgent">
          <h2>{s.headings.urgent}</h2>
          <Lines lines={s.urgent} />
        </div>
      )}
      {s.deadlines.length > 0 && (
        <>
          <h2>{s.headings.deadlines}</h2>
          <Lines lines={s.deadlines} />
        </>
      )}
      <h2>{s.headings.language}</h2>
      <Lines lines={s.language} />
      {s.sections.map((section) => (
        <section key={section.key} aria-labelledby={`section-${section.key}`} className={`clinical-${section.key}`}>
          <h2 id={`section-${section.key}`}>{section.title}</h2>
          {section.topics.map((topic, i) => (
            <div key={i}>
              {topic.title !== section.title && <h3>{topic.title}</h3>}
              {topic.lines.length > 0 && <Lines lines={topic.lines} />}
              {topic.table && <FactTable title={topic.title} table={topic.table} />}
            </div>
          ))}
          {section.noFindings && (
            <p className="hint">
              <strong>{s.headings.noFindings}:</strong> {section.noFindings.join(', ')}
            </p>
          )}
        </section>
      ))}
      {s.household.length > 0 && (
        <>
          <h2>{s.headings.household}</h2>
          <Lines lines={s.household} />
          <p className="hint">{s.headings.householdNote}</p>
        </>
      )}
      {s.notAssessed.length > 0 && (
        <>
          <h2>{s.headings.notAssessed}</h2>
          <ul className="not-assessed compact">
            {s.notAssessed.map((x, i) => (
              <li key={i}>
                <strong>{x.label}</strong> – {x.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
