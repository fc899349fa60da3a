/** The shell: who is signed in, the language switch, and the page for the address (a tiny router: /, /handovers/:id). */
import { useCallback, useEffect, useState } from 'react';
import { api, type Session } from './api';
import { t, type Lang } from './i18n';
import { HandoverPage } from './HandoverPage';
import { Inbox } from './Inbox';
import { SignIn } from './SignIn';

function usePath(): [string, (to: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((to: string) => {
    window.history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  }, []);
  return [path, go];
}

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('lang') === 'en' ? 'en' : 'da'));
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [path, go] = usePath();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('appName', lang);
    localStorage.setItem('lang', lang);
  }, [lang]);
  useEffect(() => {
    api.get<Session>('/v1/session').then(setSession, () => setSession(null));
  }, []);

  const signOut = async () => {
    await api.delete('/v1/session');
    setSession(null);
    go('/');
  };
  const handover = /^\/handovers\/([0-9a-f-]{36})$/.exec(path);

  return (
    <>
      <a className="skip" href="#main">
        {t('skipToContent', lang)}
      </a>
      <header className="top">
        <span className="brand">{t('appName', lang)}</span>
        <nav aria-label={t('appName', lang)}>
          {session && <span className="who">{t('signedInAs', lang, { name: session.organisationName })}</span>}
          <button type="button" className="link" lang={lang === 'da' ? 'en' : 'da'} title={t('languageSwitch', lang)} onClick={() => setLang(lang === 'da' ? 'en' : 'da')}>
            {t('language', lang)}
          </button>
          {session && (
            <button type="button" onClick={signOut}>
              {t('signOut', lang)}
            </button>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {session === undefined ? (
          <p>{t('loading', lang)}</p>
        ) : session === null ? (
          <SignIn lang={lang} onSignedIn={setSession} />
        ) : session.role !== 'municipality' ? (
          <p>{t('onlyMunicipality', lang)}</p>
        ) : handover ? (
          <HandoverPage lang={lang} handoverId={handover[1]!} go={go} />
        ) : (
          <Inbox lang={lang} municipalityCode={session.municipalityCode!} go={go} />
        )}
      </main>
    </>
  );
}
