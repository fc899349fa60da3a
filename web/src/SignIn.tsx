/**
 * Signing in: as yourself, through your organisation's identity provider (OpenID Connect; the
 * browser goes there and comes back with a session cookie), or, for development and the demo,
 * with a credential token (the built-in sign-in, off in production). No token is kept in the page.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Session } from './api';
import { t, type Lang } from './i18n';

interface Providers {
  items: { organisationId: string; name: string }[];
  demoSignIn: boolean;
}

export function SignIn({ lang, onSignedIn }: { lang: Lang; onSignedIn: (s: Session) => void }) {
  const [error, setError] = useState<string | null>(new URLSearchParams(window.location.search).get('sign-in') === 'failed' ? t('personSignInFailed', lang) : null);
  const [providers, setProviders] = useState<Providers | null>(null);
  useEffect(() => {
    api.get<Providers>('/v1/session/providers').then(setProviders, () => setProviders({ items: [], demoSignIn: true }));
  }, []);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const field = e.currentTarget.elements.namedItem('credential') as HTMLInputElement;
    try {
      const session = await api.post<Session>('/v1/session', { credential: field.value.trim() });
      field.value = '';
      onSignedIn(session);
    } catch (err) {
      setError(`${t('signInFailed', lang)}: ${err instanceof ApiError ? err.message : t('error', lang)}`);
    }
  };
  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signInTitle', lang)}</h1>
      {error && (
        <p id="sign-in-error" role="alert" className="error">
          {error}
        </p>
      )}
      {providers && providers.items.length > 0 && (
        <>
          <h2>{t('signInThroughOrganisation', lang)}</h2>
          <ul className="providers">
            {providers.items.map((p) => (
              <li key={p.organisationId}>
                {/* A full navigation: the identity provider's page, then back here with a session. */}
                <a className="button" href={`/v1/session/oidc/${encodeURIComponent(p.organisationId)}`}>
                  {t('signInAt', lang, { name: p.name })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {providers?.demoSignIn !== false && (
        <>
          <p>{t('signInIntro', lang)}</p>
          <form onSubmit={submit}>
            <label className="form-label" htmlFor="credential">{t('credential', lang)}</label>
            <input className="form-input" id="credential" name="credential" type="password" autoComplete="off" required aria-describedby={error ? 'sign-in-error' : undefined} />
            <button type="submit" className="button button-primary">{t('signIn', lang)}</button>
          </form>
        </>
      )}
    </section>
  );
}
