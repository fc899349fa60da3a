/** The built-in sign-in (development and demo): a credential token becomes a session cookie; the token is not kept in the page. */
import { useState, type FormEvent } from 'react';
import { api, ApiError, type Session } from './api';
import { t, type Lang } from './i18n';

export function SignIn({ lang, onSignedIn }: { lang: Lang; onSignedIn: (s: Session) => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const field = e.currentTarget.elements.namedItem('credential') as HTMLInputElement;
    try {
      const session = await api.post<Session>('/v1/session', { credential: field.value.trim() });
      field.value = '';
      onSignedIn(session);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('error', lang));
    }
  };
  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signInTitle', lang)}</h1>
      <p>{t('signInIntro', lang)}</p>
      <form onSubmit={submit}>
        <label htmlFor="credential">{t('credential', lang)}</label>
        <input id="credential" name="credential" type="password" autoComplete="off" required aria-describedby={error ? 'sign-in-error' : undefined} />
        {error && (
          <p id="sign-in-error" role="alert" className="error">
            {t('signInFailed', lang)}: {error}
          </p>
        )}
        <button type="submit">{t('signIn', lang)}</button>
      </form>
    </section>
  );
}
