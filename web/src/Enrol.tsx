/**
 * Enrolling this browser's signing key: the key pair is made here (the private key cannot be
 * read out of the browser, not even by this page), the public key is shown with its fingerprint
 * to be registered by an administrator, who reads the fingerprint back before registering it.
 */
import { useEffect, useState } from 'react';
import { api, type Session } from './api';
import { t, when, type Lang } from './i18n';
import { registrationOf, type RegisteredKey } from './key-registration';
import { findKey, fingerprintGroups, generateKey, type BrowserKey } from './signing-key';

export function Enrol({ lang, session }: { lang: Lang; session: Session }) {
  const [key, setKey] = useState<BrowserKey | undefined | null>(null);
  const [busy, setBusy] = useState(false);
  const [registered, setRegistered] = useState<RegisteredKey[] | 'failed' | null>(null);
  useEffect(() => {
    findKey(session.organisationId).then(setKey);
    api.get<{ keys: RegisteredKey[] }>('/v1/signing-keys').then((r) => setRegistered(r.keys), () => setRegistered('failed'));
  }, [session.organisationId]);

  const generate = async () => {
    if (key && !window.confirm(t('replaceKeyConfirm', lang))) return;
    setBusy(true);
    try {
      setKey(await generateKey(session.organisationId));
    } finally {
      setBusy(false);
    }
  };

  if (key === null) return <p>{t('loading', lang)}</p>;
  return (
    <>
      <h1>{t('signingKey', lang)}</h1>
      <p>{t('signingKeyIntro', lang)}</p>
      {key ? (
        <section aria-labelledby="key-facts" className="card">
          <h2 id="key-facts">{t('thisBrowsersKey', lang)}</h2>
          <dl className="facts">
            <dt>{t('keyId', lang)}</dt>
            <dd className="mono" data-testid="kid">
              {key.kid}
            </dd>
            <dt>{t('fingerprint', lang)}</dt>
            <dd className="mono">{fingerprintGroups(key.kid)}</dd>
            <dt>{t('createdAt', lang)}</dt>
            <dd>{when(key.createdAt, lang)}</dd>
            <dt>{t('keyRegistration', lang)}</dt>
            <dd>
              <span role="status">{registered === null ? t('loading', lang) : t(registrationOf(key.kid, registered), lang)}</span>
            </dd>
          </dl>
          <label className="form-label" htmlFor="public-jwk">{t('publicKeyForAdmin', lang)}</label>
          <textarea className="form-input" id="public-jwk" readOnly rows={6} value={JSON.stringify(key.publicJwk, null, 2)} />
          <p className="hint">{t('keyNeverLeaves', lang)}</p>
        </section>
      ) : (
        <p>{t('noKeyYet', lang)}</p>
      )}
      <button type="button" className="button button-primary" onClick={generate} disabled={busy}>
        {key ? t('replaceKey', lang) : t('generateKey', lang)}
      </button>
    </>
  );
}
