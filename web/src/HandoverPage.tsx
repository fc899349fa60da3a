/** One handover as the coordinating department may see it: persons, each section's status (not assessed and why, prominently), health withheld without consent; the PDF; acknowledging. */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from './api';
import { t, type Lang } from './i18n';
import { loadLabels, type LabelBook } from './labels';

interface Section {
  status?: string;
  reason?: string;
}
interface Person {
  personRef: string;
  socialInformation: { identity: { givenNames: string; familyName: string; dateOfBirth: string }; residence?: { legalBasis?: string } } & Record<string, unknown>;
  healthScreening: Record<string, unknown>;
}
interface Read {
  handoverId: string;
  version: number;
  completenessScore: number;
  healthWithheldFor: string[];
  document: { schemaVersion: string; persons: Person[]; expectedArrival: { date: string } };
}
interface Status {
  versions: { version: number; acknowledged: { at: string } | null }[];
}

const SOCIAL = ['identity', 'residence', 'languages', 'education', 'work', 'housing', 'familyElsewhere', 'socialNetwork', 'childcareAndSchool', 'unaccompaniedMinor', 'goalsAndResources'];
const HEALTH = ['screening', 'physicalConditions', 'infectiousDiseases', 'vaccinations', 'allergies', 'functionalLimitations', 'pregnancy', 'dental', 'mentalHealth', 'medications', 'ongoingTreatments', 'recordsFromAbroad', 'functionalConsiderations', 'child'];

export function HandoverPage({ lang, handoverId, go }: { lang: Lang; handoverId: string; go: (to: string) => void }) {
  const [read, setRead] = useState<Read | null>(null);
  const [labels, setLabels] = useState<LabelBook | null>(null);
  const [acknowledgedAt, setAcknowledgedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      const r = await api.get<Read>(`/v1/handovers/${handoverId}`);
      setRead(r);
      setLabels(await loadLabels(r.document.schemaVersion));
      const s = await api.get<Status>(`/v1/handovers/${handoverId}/status`);
      setAcknowledgedAt(s.versions.find((v) => v.version === r.version)?.acknowledged?.at ?? null);
    })().catch((e: Error) => setError(e.message));
  }, [handoverId]);

  const acknowledge = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const caseworker = (e.currentTarget.elements.namedItem('caseworker') as HTMLInputElement).value.trim();
    try {
      await api.post(`/v1/handovers/${handoverId}/acknowledgements`, { version: read!.version, ...(caseworker ? { caseworker } : {}) });
      const s = await api.get<Status>(`/v1/handovers/${handoverId}/status`);
      setAcknowledgedAt(s.versions.find((v) => v.version === read!.version)?.acknowledged?.at ?? null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const back = (
    <a
      href="/"
      onClick={(e) => {
        e.preventDefault();
        go('/');
      }}
    >
      {t('back', lang)}
    </a>
  );
  if (error) {
    return (
      <>
        {back}
        <p role="alert" className="error">
          {t('error', lang)}: {error}
        </p>
      </>
    );
  }
  if (!read || !labels) return <p>{t('loading', lang)}</p>;
  const doc = read.document;
  const notAssessed = doc.persons.flatMap((p) =>
    [...SOCIAL.map((k) => ['social-information', k] as const), ...(read.healthWithheldFor.includes(p.personRef) ? [] : HEALTH.map((k) => ['health-screening', k] as const))]
      .map(([document, key]) => ({ person: p, document, key, section: ((document === 'social-information' ? p.socialInformation : p.healthScreening)[key] ?? {}) as Section }))
      .filter((x) => x.section.status === 'not-assessed'),
  );

  return (
    <>
      {back}
      <h1>
        {doc.persons.map((p) => `${p.socialInformation.identity.givenNames} ${p.socialInformation.identity.familyName}`).join(', ')}
      </h1>
      <p>
        {t('arrival', lang)}: {doc.expectedArrival.date} · {t('completeness', lang)}: {read.completenessScore}/100 · v{read.version}
      </p>
      <p>
        <a href={`/v1/handovers/${handoverId}/pdf?audience=coordinating-department&lang=${lang}`} download>
          {t('downloadPdf', lang)}
        </a>
      </p>

      <h2>{t('persons', lang)}</h2>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t('person', lang)}</th>
            <th scope="col">{t('born', lang)}</th>
            <th scope="col">{t('legalBasis', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {doc.persons.map((p) => (
            <tr key={p.personRef}>
              <td>
                {p.personRef} {p.socialInformation.identity.givenNames} {p.socialInformation.identity.familyName}
                {read.healthWithheldFor.includes(p.personRef) && <p className="notice">{t('healthWithheld', lang)}</p>}
              </td>
              <td>{p.socialInformation.identity.dateOfBirth}</td>
              <td>{p.socialInformation.residence?.legalBasis ? labels.value('legalBasis', p.socialInformation.residence.legalBasis, lang) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {notAssessed.length > 0 && (
        <section aria-labelledby="not-assessed">
          <h2 id="not-assessed">{t('notAssessed', lang)}</h2>
          <p>{t('notAssessedIntro', lang)}</p>
          <ul className="not-assessed">
            {notAssessed.map((x) => (
              <li key={`${x.person.personRef}:${x.key}`}>
                <strong>
                  {x.person.personRef} {x.person.socialInformation.identity.givenNames}: {labels.section(x.document, x.key, lang)}
                </strong>{' '}
                – {x.section.reason ? labels.value('notAssessedReason', x.section.reason, lang) : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      <AssignGp lang={lang} handoverId={handoverId} persons={doc.persons} />

      <h2>{t('acknowledge', lang)}</h2>
      {acknowledgedAt ? (
        <p role="status" className="ok">
          {t('acknowledgedAt', lang, { at: new Date(acknowledgedAt).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB') })}
        </p>
      ) : (
        <form onSubmit={acknowledge}>
          <label htmlFor="caseworker">{t('caseworker', lang)}</label>
          <input id="caseworker" name="caseworker" autoComplete="name" />
          <button type="submit">{t('acknowledge', lang)}</button>
        </form>
      )}
    </>
  );
}

/** Assigning a person's GP practice, chosen from the registered practices; the practice may then read the health summary where consent covers it. */
function AssignGp({ lang, handoverId, persons }: { lang: Lang; handoverId: string; persons: Person[] }) {
  const [practices, setPractices] = useState<{ organisationId: string; name: string }[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    api.get<{ items: { organisationId: string; name: string }[] }>('/v1/gp-practices').then((r) => setPractices(r.items));
  }, []);
  const assign = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget.elements;
    const personRef = (form.namedItem('gp-person') as HTMLSelectElement).value;
    const gpOrganisationId = (form.namedItem('gp-practice') as HTMLSelectElement).value;
    try {
      await api.post(`/v1/handovers/${handoverId}/gp-assignments`, { personRef, gpOrganisationId });
      const person = persons.find((p) => p.personRef === personRef)!;
      setMessage({ ok: true, text: t('gpAssigned', lang, { person: person.socialInformation.identity.givenNames, practice: practices.find((p) => p.organisationId === gpOrganisationId)?.name ?? gpOrganisationId }) });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <section aria-labelledby="assign-gp">
      <h2 id="assign-gp">{t('assignGp', lang)}</h2>
      <form onSubmit={assign} className="inline-form">
        <label htmlFor="gp-person">{t('person', lang)}</label>
        <select id="gp-person" name="gp-person">
          {persons.map((p) => (
            <option key={p.personRef} value={p.personRef}>
              {p.personRef} {p.socialInformation.identity.givenNames} {p.socialInformation.identity.familyName}
            </option>
          ))}
        </select>
        <label htmlFor="gp-practice">{t('gpPractice', lang)}</label>
        <select id="gp-practice" name="gp-practice" required>
          {practices.map((p) => (
            <option key={p.organisationId} value={p.organisationId}>
              {p.name}
            </option>
          ))}
        </select>
        <button type="submit">{t('assignGp', lang)}</button>
      </form>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
