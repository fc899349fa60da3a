/** One handover as the coordinating department reads it: the briefing per person (findings first, within consent, in the words of the department's PDF), the PDF, then what the department does with it. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from './api';
import { PersonBriefing, Lines, type Briefing } from './briefing-view';
import type { BriefingPerson } from '../../src/domain/briefing-types';
import { t, when, type Lang } from './i18n';
import { loadLabels, type LabelBook } from './labels';
import { AssignGp, EndGp } from './AssignGp';
import { QuestionThread } from './QuestionThread';
import { Outcome, problemText } from './shared-ui';

type Person = Pick<BriefingPerson, 'personRef' | 'name' | 'isChild'>;
interface Status {
  versions: { version: number; acknowledged: { at: string } | null }[];
}

export function HandoverPage({ lang, handoverId, municipalityCode, personName, go }: { lang: Lang; handoverId: string; municipalityCode: string; personName?: string; go: (to: string) => void }) {
  const [briefing, setBriefing] = useState<Briefing | null>(null);
  const [labels, setLabels] = useState<LabelBook | null>(null);
  const [acknowledgedAt, setAcknowledgedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const b = await api.get<Briefing>(`/v1/handovers/${handoverId}/briefing?lang=${lang}`);
    setBriefing(b);
    setLabels(await loadLabels(b.schemaVersion));
    const s = await api.get<Status>(`/v1/handovers/${handoverId}/status`);
    setAcknowledgedAt(s.versions.find((v) => v.version === b.version)?.acknowledged?.at ?? null);
  }, [handoverId, lang]);
  useEffect(() => {
    load().catch((e: unknown) => setError(problemText(e, lang)));
  }, [load]);

  const acknowledge = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const caseworker = (e.currentTarget.elements.namedItem('caseworker') as HTMLInputElement).value.trim();
    try {
      await api.post(`/v1/handovers/${handoverId}/acknowledgements`, { version: briefing!.version, ...(caseworker ? { caseworker } : {}) });
      const s = await api.get<Status>(`/v1/handovers/${handoverId}/status`);
      setAcknowledgedAt(s.versions.find((v) => v.version === briefing!.version)?.acknowledged?.at ?? null);
    } catch (err) {
      setError(problemText(err, lang));
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
  if (!briefing || !labels) return <p>{t('loading', lang)}</p>;
  const persons: Person[] = briefing.persons;
  const reload = () => load().catch((e: unknown) => setError(problemText(e, lang)));

  return (
    <>
      {back}
      <h1>{briefing.persons.map((p) => p.name).join(', ')}</h1>
      <Lines lines={briefing.header} className="facts briefing-header" />
      <p>
        v{briefing.version} ·{' '}
        <a href={`/v1/handovers/${handoverId}/pdf?audience=coordinating-department&lang=${lang}`} download>
          {t('downloadPdf', lang)}
        </a>
      </p>

      {briefing.persons.map((p) => (
        <PersonBriefing key={p.personRef} person={p} lang={briefing.lang} />
      ))}

      <AssignGp lang={lang} handoverId={handoverId} persons={persons} onAssigned={reload} />
      <EndGp lang={lang} handoverId={handoverId} persons={persons} onEnded={reload} />
      <ConsentChange lang={lang} handoverId={handoverId} persons={persons} labels={labels} />
      <RouteChild lang={lang} handoverId={handoverId} persons={persons} municipalityCode={municipalityCode} />
      <QuestionThread lang={lang} handoverId={handoverId} side={{ role: 'municipality', version: briefing.version, ...(personName ? { caseworker: personName } : {}) }} />

      <h2>{t('acknowledge', lang)}</h2>
      {acknowledgedAt ? (
        <p role="status" className="ok">
          {t('acknowledgedAt', lang, { at: when(acknowledgedAt, lang) })}
        </p>
      ) : (
        <form onSubmit={acknowledge}>
          <label className="form-label" htmlFor="caseworker">{t('caseworker', lang)}</label>
          <input className="form-input" id="caseworker" name="caseworker" autoComplete="name" />
          <button type="submit" className="button button-primary">{t('acknowledge', lang)}</button>
        </form>
      )}
    </>
  );
}

const personName = (p: Person) => p.name;

/** A change of a person's consent, as the person told the caseworker: it applies to every later read and PDF. */
function ConsentChange({ lang, handoverId, persons, labels }: { lang: Lang; handoverId: string; persons: Person[]; labels: LabelBook }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const record = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    try {
      await api.post(`/v1/handovers/${handoverId}/consent-changes`, { personRef: value('consent-person'), audience: value('consent-audience'), scope: value('consent-scope'), action: value('consent-action'), obtainedHow: value('consent-how') });
      setMessage({ ok: true, text: t('consentRecorded', lang) });
      form.reset();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <section aria-labelledby="consent-change">
      <h2 id="consent-change">{t('consentChange', lang)}</h2>
      <form onSubmit={record} className="inline-form">
        <label className="form-label" htmlFor="consent-person">{t('person', lang)}</label>
        <select className="form-select" id="consent-person" name="consent-person">
          {persons.map((p) => (
            <option key={p.personRef} value={p.personRef}>
              {personName(p)}
            </option>
          ))}
        </select>
        <label className="form-label" htmlFor="consent-audience">{t('consentAudience', lang)}</label>
        <select className="form-select" id="consent-audience" name="consent-audience">
          {labels.consentValues('audiences').map((a) => (
            <option key={a} value={a}>
              {labels.consent('audiences', a, lang)}
            </option>
          ))}
        </select>
        <label className="form-label" htmlFor="consent-scope">{t('consentScope', lang)}</label>
        <select className="form-select" id="consent-scope" name="consent-scope">
          {labels.consentValues('scopes').map((a) => (
            <option key={a} value={a}>
              {labels.consent('scopes', a, lang)}
            </option>
          ))}
        </select>
        <label className="form-label" htmlFor="consent-action">{t('consentAction', lang)}</label>
        <select className="form-select" id="consent-action" name="consent-action">
          <option value="granted">{t('consentGranted', lang)}</option>
          <option value="withdrawn">{t('consentWithdrawn', lang)}</option>
        </select>
        <label className="form-label" htmlFor="consent-how">{t('consentHow', lang)}</label>
        <input className="form-input" id="consent-how" name="consent-how" required />
        <button type="submit" className="button button-primary">{t('recordConsent', lang)}</button>
      </form>
      <Outcome message={message} />
    </section>
  );
}

/** A child routed to the municipality's health visitors (before school age) or PPR (at school age), where the consent covers that unit: the unit then sees the child's sections for its audience. */
function RouteChild({ lang, handoverId, persons, municipalityCode }: { lang: Lang; handoverId: string; persons: Person[]; municipalityCode: string }) {
  const [units, setUnits] = useState<{ organisationId: string; name: string }[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Who is a child is the domain's rule, said by the briefing (a birth year such as "2015" counts while the person may be under 18).
  const children = persons.filter((p) => p.isChild);
  useEffect(() => {
    api.get<{ items: { organisationId: string; name: string }[] }>(`/v1/municipalities/${municipalityCode}/child-services`).then((r) => setUnits(r.items), () => setUnits([]));
  }, [municipalityCode]);
  if (children.length === 0 || units.length === 0) return null;
  const route = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = e.currentTarget.elements;
    const personRef = (f.namedItem('route-child') as HTMLSelectElement).value;
    const unitOrganisationId = (f.namedItem('route-unit') as HTMLSelectElement).value;
    try {
      await api.post(`/v1/handovers/${handoverId}/persons/${personRef}/routings`, { unitOrganisationId });
      setMessage({ ok: true, text: t('childRouted', lang, { child: persons.find((p) => p.personRef === personRef)!.name, unit: units.find((u) => u.organisationId === unitOrganisationId)!.name }) });
    } catch (err) {
      const problem = err instanceof ApiError ? err.problem : undefined;
      // A refusal this page expects is said in the page's language; any other as the service words it.
      if (problem?.code === 'consent-missing') setMessage({ ok: false, text: t('problem:consent-missing', lang) });
      else setMessage({ ok: false, text: problemText(err, lang) });
    }
  };
  return (
    <section aria-labelledby="route-child-title">
      <h2 id="route-child-title">{t('routeChild', lang)}</h2>
      <form onSubmit={route} className="inline-form">
        <label className="form-label" htmlFor="route-child">{t('child', lang)}</label>
        <select className="form-select" id="route-child" name="route-child">
          {children.map((p) => (
            <option key={p.personRef} value={p.personRef}>
              {personName(p)}
            </option>
          ))}
        </select>
        <label className="form-label" htmlFor="route-unit">{t('unit', lang)}</label>
        <select className="form-select" id="route-unit" name="route-unit">
          {units.map((u) => (
            <option key={u.organisationId} value={u.organisationId}>
              {u.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary">{t('route', lang)}</button>
      </form>
      <Outcome message={message} />
    </section>
  );
}

