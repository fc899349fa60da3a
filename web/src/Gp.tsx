/**
 * The GP practice: the persons assigned to it (named only where consent covers the GP), one
 * person's health summary (the health-screening form read back through the schema, labels and
 * all, plus interpreter, urgent matters and deadlines), the PDF, and the health-assessment result
 * filled from its schema and signed with the practice's key in this browser.
 */
import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { api, ApiError, type Problem, type Session } from './api';
import { buttonTemplates, DEFAULTS, HiddenField, validatorFor, WIDGETS, withoutEmpty } from './form-kit';
import { localeOf, t, type Lang } from './i18n';
import { Link, ProblemAlert } from './shared-ui';
import { formSchema, resultUiSchema } from './schema-form';
import { findKey, signCompact } from './signing-key';
import { formatPartialDate } from '../../src/domain/partial-dates';
import { personName } from '../../src/domain/person-name';

interface AssignedPerson {
  handoverId: string;
  personRef: string;
  assignedAt: string;
  consent: 'covers-gp' | 'missing';
  name?: string;
  dateOfBirth?: string;
}
interface Summary {
  handoverId: string;
  version: number;
  schemaVersion?: string;
  personRef: string;
  identity: { givenNames: string; familyName?: string; dateOfBirth: string; nameInOriginalScript?: string };
  languages: { motherTongue?: string; dialect?: string; interpreter?: { needed?: boolean; language?: string } };
  healthScreening: Record<string, unknown>;
  urgentFlags: { type: string; description?: string }[];
  deadlines: { kind: string; date: string; detail?: string }[];
}


export function GpPersons({ lang, go }: { lang: Lang; go: (to: string) => void }) {
  const [persons, setPersons] = useState<AssignedPerson[] | null>(null);
  useEffect(() => {
    api.get<{ persons: AssignedPerson[] }>('/v1/gp/persons').then((r) => setPersons(r.persons));
  }, []);
  return (
    <>
      <h1>{t('assignedPersons', lang)}</h1>
      <p>
        <Link to="/key" go={go}>
          {t('signingKey', lang)}
        </Link>
      </p>
      {!persons ? (
        <p>{t('loading', lang)}</p>
      ) : persons.length === 0 ? (
        <p>{t('noAssignedPersons', lang)}</p>
      ) : (
        <table className="list">
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
                <td>{p.dateOfBirth ? formatPartialDate(p.dateOfBirth, lang) : '–'}</td>
                <td>{new Date(p.assignedAt).toLocaleDateString(localeOf(lang))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function GpPerson({ lang, session, handoverId, personRef, go }: { lang: Lang; session: Session; handoverId: string; personRef: string; go: (to: string) => void }) {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [screeningSchema, setScreeningSchema] = useState<RJSFSchema | null>(null);
  const [resultSchema, setResultSchema] = useState<RJSFSchema | null>(null);
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  useEffect(() => {
    api.get<Summary>(`/v1/gp/persons/${handoverId}/${personRef}`).then(setSummary, (e) => setProblem(e instanceof ApiError ? e.problem : { status: 0, title: String(e) }));
  }, [handoverId, personRef]);
  // A 1.2 health screening is drawn with 1.2's schema (fields 1.1 lacks); 1.1 reads 1.0 and 1.1 alike.
  const screeningVersion = summary?.schemaVersion === '1.2' ? '1.2' : '1.1';
  useEffect(() => {
    formSchema('health-screening', screeningVersion, lang).then(setScreeningSchema);
    formSchema('health-assessment-result', '1.1', lang).then(setResultSchema);
  }, [lang, screeningVersion]);
  useEffect(() => {
    setResult({
      documentType: 'health-assessment-result',
      schemaVersion: '1.1',
      resultId: crypto.randomUUID(),
      handoverId,
      personRef,
      gpPractice: { organisationId: session.organisationId, name: session.organisationName },
      consents: [],
    });
  }, [handoverId, personRef, session]);

  const submit = async (filled: Record<string, unknown>) => {
    setProblem(null);
    const key = await findKey(session.organisationId);
    if (!key) return setProblem({ status: 0, title: t('enrolFirst', lang) });
    try {
      const jws = await signCompact(key, new TextEncoder().encode(JSON.stringify(withoutEmpty(filled))), 'health-assessment-result+jws');
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
        {problem ? (
          <p role="alert" className="error">
            {problem.title}: {problem.detail}
          </p>
        ) : (
          <p>{t('loading', lang)}</p>
        )}
      </>
    );
  }
  const id = summary.identity;
  return (
    <>
      {back}
      <h1>{personName(id)}</h1>
      <p>
        {t('born', lang)} {formatPartialDate(id.dateOfBirth, lang)}
        {id.nameInOriginalScript ? ` · ${id.nameInOriginalScript}` : ''} · {t('interpreter', lang)}: {summary.languages.interpreter?.needed ? `${t('yes', lang)} (${summary.languages.interpreter.language ?? summary.languages.motherTongue ?? ''})` : t('no', lang)}
      </p>
      <p>
        <a href={`/v1/handovers/${handoverId}/pdf?audience=gp&lang=${lang}`} download>
          {t('downloadPdf', lang)}
        </a>
      </p>
      {summary.urgentFlags.length > 0 && (
        <ul>
          {summary.urgentFlags.map((f) => (
            <li key={f.type + (f.description ?? '')} className="flag">
              {f.description ?? f.type}
            </li>
          ))}
        </ul>
      )}
      {summary.deadlines.length > 0 && (
        <>
          <h2>{t('deadlines', lang)}</h2>
          <ul>
            {summary.deadlines.map((d) => (
              <li key={d.kind + d.date}>
                {d.date}: {t(`deadline:${d.kind}` as never, lang)} {d.detail ?? ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('healthSummary', lang)}</h2>
      {screeningSchema && (
        <div className="readonly-form">
          <Form idPrefix="summary" schema={screeningSchema} formData={summary.healthScreening} validator={validatorFor(lang)}
            templates={buttonTemplates(lang)}
            widgets={WIDGETS}
            formContext={{ lang }} readonly uiSchema={{ personRef: { 'ui:widget': 'hidden' }, 'ui:submitButtonOptions': { norender: true } }} fields={{ hidden: HiddenField }} experimental_defaultFormStateBehavior={DEFAULTS} />
        </div>
      )}

      <h2 id="result">{t('assessmentResult', lang)}</h2>
      {sent ? (
        <p role="status" className="ok">
          {t('resultSent', lang)}
        </p>
      ) : (
        resultSchema &&
        result && (
          <Form
            idPrefix="result"
            schema={resultSchema}
            uiSchema={resultUiSchema()}
            formData={result}
            validator={validatorFor(lang)}
            templates={buttonTemplates(lang)}
            widgets={WIDGETS}
            formContext={{ lang }}
            onChange={(e) => setResult(e.formData as Record<string, unknown>)}
            onSubmit={(e) => submit(e.formData as Record<string, unknown>)}
            experimental_defaultFormStateBehavior={DEFAULTS}
            liveValidate="onChange"
            showErrorList={false}
            noHtml5Validate
          >
            <button type="submit">{t('signAndSend', lang)}</button>
          </Form>
        )
      )}
      {problem && <ProblemAlert problem={problem} />}
    </>
  );
}
