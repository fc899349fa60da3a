/** The shell: who is signed in, the language switch, and the page for the address by role (a tiny router). */
import { useCallback, useEffect, useState } from 'react';
import { api, type Session } from './api';
import { t, type Lang, type WordKey } from './i18n';
import { Admin } from './Admin';
import { Enrol } from './Enrol';
import { FunnelPage } from './Funnel';
import { fw } from './funnel-words';
import { GpPerson, GpPersons } from './Gp';
import { HandoverPage } from './HandoverPage';
import { Inbox } from './Inbox';
import { NewHandover } from './NewHandover';
import { SenderHome, SentHandover } from './Sender';
import { SignIn } from './SignIn';
import './role-nav.css';

const here = () => window.location.pathname + window.location.search;

function usePath(): [string, (to: string) => void] {
  const [path, setPath] = useState(here());
  useEffect(() => {
    const onPop = () => setPath(here());
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

  return (
    <>
      <a className="skipnav" href="#main">
        {t('skipToContent', lang)}
      </a>
      {/* Det Fælles Designsystem's header: the solution's name, then who is signed in and the actions of the session. */}
      <header className="header">
        <div className="solution-info">
          <div className="container solution-info-inner">
            <div className="solution-heading">
              <a href="/" onClick={(e) => { e.preventDefault(); go('/'); }}>
                {t('appName', lang)}
              </a>
            </div>
            <nav className="header-actions" aria-label={t('appName', lang)}>
              {session && ['municipality', 'sender', 'auditor'].includes(session.role) && (
                <a className="function-link" href="/funnel" onClick={(e) => { e.preventDefault(); go('/funnel'); }}>
                  {fw('nav', lang)}
                </a>
              )}
              {session && <span className="user">{t('signedInAs', lang, { name: session.person ? t('personOf', lang, { person: session.person.name, organisation: session.organisationName }) : session.organisationName })}</span>}
              <button type="button" className="button button-tertiary" lang={lang === 'da' ? 'en' : 'da'} title={t('languageSwitch', lang)} onClick={() => setLang(lang === 'da' ? 'en' : 'da')}>
                {t('language', lang)}
              </button>
              {session && (
                <button type="button" className="button button-secondary" onClick={signOut}>
                  {t('signOut', lang)}
                </button>
              )}
            </nav>
          </div>
        </div>
      </header>
      {session && <RoleNav lang={lang} role={session.role} path={path} go={go} />}
      <main id="main" className="container page-main" tabIndex={-1}>
        {session === undefined ? (
          <p>{t('loading', lang)}</p>
        ) : session === null ? (
          <SignIn lang={lang} onSignedIn={setSession} />
        ) : (
          <Page lang={lang} session={session} path={path} go={go} />
        )}
      </main>
    </>
  );
}

/** Each role's own pages, reachable from every page (the key page included): the first is home. */
const ROLE_PAGES: Record<string, { to: string; word: WordKey }[]> = {
  sender: [
    { to: '/', word: 'sentHandovers' },
    { to: '/new', word: 'newHandover' },
    { to: '/key', word: 'signingKey' },
  ],
  gp: [
    { to: '/', word: 'assignedPersons' },
    { to: '/key', word: 'signingKey' },
  ],
  municipality: [{ to: '/', word: 'inbox' }],
  admin: [{ to: '/', word: 'organisations' }],
};

/** The role's pages as a menu; the page open now is marked for screen readers too. */
function RoleNav({ lang, role, path, go }: { lang: Lang; role: string; path: string; go: (to: string) => void }) {
  const pages = ROLE_PAGES[role];
  if (!pages) return null;
  const open = path.split('?')[0];
  return (
    <nav className="container role-nav" aria-label={t('mainNavigation', lang)}>
      <ul className="role-nav-list">
        {pages.map((p) => (
          <li key={p.to}>
            <a href={p.to} aria-current={open === p.to ? 'page' : undefined} onClick={(e) => { e.preventDefault(); go(p.to); }}>
              {t(p.word, lang)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const UUID = '([0-9a-f-]{36})';
const match = (path: string, pattern: string) => new RegExp(`^${pattern}$`).exec(path.split('?')[0]!);

/** The page for the address, by the signed-in role. */
function Page({ lang, session, path, go }: { lang: Lang; session: Session; path: string; go: (to: string) => void }) {
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  let m: RegExpExecArray | null;
  switch (session.role) {
    case 'auditor':
      return <FunnelPage lang={lang} />;
    case 'municipality':
      if (match(path, '/funnel')) return <FunnelPage lang={lang} />;
      if ((m = match(path, `/handovers/${UUID}`))) return <HandoverPage lang={lang} handoverId={m[1]!} municipalityCode={session.municipalityCode!} personName={session.person?.name} go={go} />;
      return <Inbox lang={lang} municipalityCode={session.municipalityCode!} go={go} />;
    case 'sender':
      if (match(path, '/funnel')) return <FunnelPage lang={lang} />;
      if (match(path, '/key')) return <Enrol lang={lang} session={session} />;
      if (match(path, '/new')) return <NewHandover key={path} lang={lang} session={session} go={go} basedOn={query.get('basedOn') ?? undefined} />;
      if ((m = match(path, `/drafts/${UUID}`))) return <NewHandover key={path} lang={lang} session={session} go={go} draftId={m[1]!} />;
      if ((m = match(path, `/sent/${UUID}`))) return <SentHandover lang={lang} session={session} handoverId={m[1]!} go={go} />;
      return <SenderHome lang={lang} go={go} />;
    case 'gp':
      if (match(path, '/key')) return <Enrol lang={lang} session={session} />;
      if ((m = match(path, `/gp/${UUID}/([A-Za-z0-9_-]{1,40})`))) return <GpPerson lang={lang} session={session} handoverId={m[1]!} personRef={m[2]!} go={go} />;
      return <GpPersons lang={lang} go={go} />;
    case 'admin':
      if ((m = match(path, '/admin/([a-z0-9-]{2,63})'))) return <Admin lang={lang} organisationId={m[1]!} go={go} />;
      return <Admin lang={lang} go={go} />;
    default:
      return <p>{t('roleNotInApp', lang)}</p>;
  }
}
