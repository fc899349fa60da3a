/**
 * Whether this browser's signing key is registered, from the service's registry (GET
 * /v1/signing-keys): the key page says it, and the pages that sign (the sender's form, the GP's
 * result) warn before anything is filled, so a nurse does not learn it only when sending.
 */
import { useEffect, useState } from 'react';
import { api } from './api';
import { t, type Lang, type WordKey } from './i18n';
import { Link } from './shared-ui';
import { findKey, type BrowserKey } from './signing-key';

export interface RegisteredKey {
  kid: string;
  state: 'not-yet-valid' | 'active' | 'expiring' | 'expired' | 'revoked';
}

/** What the service's registry says of this browser's key: registered, not yet, revoked or expired, or another key registered instead. */
export function registrationOf(kid: string, keys: RegisteredKey[] | 'failed'): WordKey {
  if (keys === 'failed') return 'keyStateUnknown';
  const own = keys.find((k) => k.kid === kid);
  if (own) return own.state === 'revoked' || own.state === 'expired' ? 'keyStateRevoked' : 'keyStateRegistered';
  return keys.some((k) => k.state === 'active' || k.state === 'expiring' || k.state === 'not-yet-valid') ? 'keyStateOther' : 'keyStateNotYet';
}

/** This browser's key's standing: no key yet, or what the registry says of it; undefined while loading. */
function useKeyStanding(organisationId: string): WordKey | 'noKey' | undefined {
  const [standing, setStanding] = useState<WordKey | 'noKey' | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void (async () => {
      const key: BrowserKey | undefined = await findKey(organisationId);
      if (!key) return live && setStanding('noKey');
      const keys = await api.get<{ keys: RegisteredKey[] }>('/v1/signing-keys').then((r) => r.keys, () => 'failed' as const);
      if (live) setStanding(registrationOf(key.kid, keys));
    })();
    return () => {
      live = false;
    };
  }, [organisationId]);
  return standing;
}

/** A warning, before the user fills anything, when what she signs here would be refused; nothing while the key is registered. */
export function KeyNotRegistered({ organisationId, lang, go }: { organisationId: string; lang: Lang; go: (to: string) => void }) {
  const standing = useKeyStanding(organisationId);
  if (standing === undefined || standing === 'keyStateRegistered') return null;
  return (
    <div className="alert alert-warning" role="status">
      <p className="alert-text">
        {standing === 'noKey' ? t('enrolFirst', lang) : t(standing, lang)}{' '}
        <Link to="/key" go={go}>
          {t('goToSigningKey', lang)}
        </Link>
      </p>
    </div>
  );
}
