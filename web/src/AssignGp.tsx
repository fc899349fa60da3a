/**
 * Assigning a person's GP practice, chosen from the registered practices; the practice may then read
 * the health summary where consent covers it. Nothing is chosen for the caseworker: both start at
 * "Vælg", and assigning with either not chosen says so at the field (and moves the focus there).
 * An assignment made by mistake, or to a practice the person has left, can be ended.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from './api';
import type { BriefingPerson } from '../../src/domain/briefing-types';
import { t, type Lang } from './i18n';
import { FieldError, Outcome, problemText } from './shared-ui';

type Person = Pick<BriefingPerson, 'personRef' | 'name'>;

export function AssignGp({ lang, handoverId, persons, onAssigned }: { lang: Lang; handoverId: string; persons: Person[]; onAssigned: () => void }) {
  const [practices, setPractices] = useState<{ organisationId: string; name: string }[]>([]);
  const [personRef, setPersonRef] = useState('');
  const [practiceId, setPracticeId] = useState('');
  const [missing, setMissing] = useState<{ person: boolean; practice: boolean }>({ person: false, practice: false });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    api.get<{ items: { organisationId: string; name: string }[] }>('/v1/gp-practices').then((r) => setPractices(r.items));
  }, []);
  const assign = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const lacks = { person: !personRef, practice: !practiceId };
    setMissing(lacks);
    if (lacks.person || lacks.practice) {
      setMessage(null);
      document.getElementById(lacks.person ? 'gp-person' : 'gp-practice')?.focus();
      return;
    }
    try {
      await api.post(`/v1/handovers/${handoverId}/gp-assignments`, { personRef, gpOrganisationId: practiceId });
      const person = persons.find((p) => p.personRef === personRef);
      setMessage({ ok: true, text: t('gpAssigned', lang, { person: person?.name ?? personRef, practice: practices.find((p) => p.organisationId === practiceId)?.name ?? practiceId }) });
      setPersonRef('');
      setPracticeId('');
      onAssigned();
    } catch (err) {
      setMessage({ ok: false, text: problemText(err, lang) });
    }
  };
  return (
    <section aria-labelledby="assign-gp">
      <h2 id="assign-gp">{t('assignGp', lang)}</h2>
      <form onSubmit={assign} className="inline-form" noValidate>
        <Choice id="gp-person" label={t('person', lang)} value={personRef} onChange={(v) => (setPersonRef(v), setMissing((m) => ({ ...m, person: false })))} error={missing.person ? t('gpChoosePerson', lang) : undefined} lang={lang}>
          {persons.map((p) => (
            <option key={p.personRef} value={p.personRef}>
              {p.name}
            </option>
          ))}
        </Choice>
        <Choice id="gp-practice" label={t('gpPractice', lang)} value={practiceId} onChange={(v) => (setPracticeId(v), setMissing((m) => ({ ...m, practice: false })))} error={missing.practice ? t('gpChoosePractice', lang) : undefined} lang={lang}>
          {practices.map((p) => (
            <option key={p.organisationId} value={p.organisationId}>
              {p.name}
            </option>
          ))}
        </Choice>
        <button type="submit" className="button button-primary">
          {t('assignGp', lang)}
        </button>
      </form>
      <Outcome message={message} />
    </section>
  );
}

/** Ending a person's assignment: the person chosen (nothing is chosen first), then the practice no longer reads the person. */
export function EndGp({ lang, handoverId, persons, onEnded }: { lang: Lang; handoverId: string; persons: Person[]; onEnded: () => void }) {
  const [personRef, setPersonRef] = useState('');
  const [missing, setMissing] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const end = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setMissing(!personRef);
    if (!personRef) {
      setMessage(null);
      document.getElementById('gp-end-person')?.focus();
      return;
    }
    const name = persons.find((p) => p.personRef === personRef)?.name ?? personRef;
    try {
      await api.delete(`/v1/handovers/${handoverId}/gp-assignments/${encodeURIComponent(personRef)}`);
      setMessage({ ok: true, text: t('gpEnded', lang, { person: name }) });
      setPersonRef('');
      onEnded();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError && err.problem.status === 404 ? t('gpNoneToEnd', lang, { person: name }) : problemText(err, lang) });
    }
  };
  return (
    <section aria-labelledby="end-gp">
      <h2 id="end-gp">{t('endGp', lang)}</h2>
      <form onSubmit={end} className="inline-form" noValidate>
        <Choice id="gp-end-person" label={t('person', lang)} value={personRef} onChange={(v) => (setPersonRef(v), setMissing(false))} error={missing ? t('gpChooseToEnd', lang) : undefined} lang={lang}>
          {persons.map((p) => (
            <option key={p.personRef} value={p.personRef}>
              {p.name}
            </option>
          ))}
        </Choice>
        <button type="submit" className="button button-secondary">
          {t('endGp', lang)}
        </button>
      </form>
      <Outcome message={message} />
    </section>
  );
}

/** A required choice that starts at "Vælg", with its message when assigning was tried without it. */
function Choice({ id, label, value, onChange, error, lang, children }: { id: string; label: string; value: string; onChange(v: string): void; error?: string; lang: Lang; children: React.ReactNode }) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <FieldError id={`${id}-error`} lang={lang}>
          {error}
        </FieldError>
      )}
      <select className="form-select" id={id} name={id} value={value} onChange={(e) => onChange(e.target.value)} aria-required="true" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">{t('choose', lang)}</option>
        {children}
      </select>
    </div>
  );
}
