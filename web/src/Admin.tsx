/**
 * The administrator's screens: organisations; an organisation's signing keys (register a public
 * key a sender or GP enrolled in their browser, after reading its fingerprint back; revoke) and
 * credentials (issue, shown once; revoke).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from './api';
import { municipalityName } from '../../src/domain/municipalities';
import { t, type Lang, type WordKey } from './i18n';
import { Outcome, problemText } from './shared-ui';
import { fingerprintOfJwk } from './signing-key';

interface Organisation {
  id: string;
  type: string;
  name: string;
  municipalityCode?: string;
}
interface Key {
  kid: string;
  alg: string;
  fingerprint: string;
  state: string;
  validFrom: string;
}
interface Credential {
  id: string;
  role: string;
  label?: string;
  state: string;
  lastUsedAt?: string;
}
const ROLES = ['sender', 'municipality', 'child-services', 'gp', 'admin', 'auditor'];

export function Admin({ lang, organisationId, go }: { lang: Lang; organisationId?: string; go: (to: string) => void }) {
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  useEffect(() => {
    api.get<{ organisations: Organisation[] }>('/v1/admin/organisations').then((r) => setOrganisations(r.organisations));
  }, []);
  if (!organisations) return <p>{t('loading', lang)}</p>;
  const current = organisations.find((o) => o.id === organisationId);
  if (current) return <OrganisationPage lang={lang} organisation={current} go={go} />;
  return (
    <>
      <h1>{t('organisations', lang)}</h1>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('name', lang)}</th>
            <th scope="col">Id</th>
            <th scope="col">{t('type', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {organisations.map((o) => (
            <tr key={o.id}>
              <td>
                <a
                  href={`/admin/${o.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    go(`/admin/${o.id}`);
                  }}
                >
                  {o.name}
                </a>
              </td>
              <td className="mono">{o.id}</td>
              <td>
                {t(`orgType:${o.type}` as WordKey, lang)}
                {o.municipalityCode ? ` (${municipalityName(o.municipalityCode, lang)})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function OrganisationPage({ lang, organisation, go }: { lang: Lang; organisation: Organisation; go: (to: string) => void }) {
  const [keys, setKeys] = useState<Key[]>([]);
  const [credentials, setCredentials] = useState<Credential[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [issued, setIssued] = useState<string | null>(null);
  const base = `/v1/admin/organisations/${organisation.id}`;
  const reload = useCallback(async () => {
    setKeys((await api.get<{ keys: Key[] }>(`${base}/keys`)).keys);
    setCredentials((await api.get<{ credentials: Credential[] }>(`${base}/credentials`)).credentials);
  }, [base]);
  useEffect(() => {
    reload();
  }, [reload]);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await what();
      setMessage({ ok: true, text: done });
      await reload();
    } catch (e) {
      setMessage({ ok: false, text: problemText(e, lang) });
    }
  };
  // The pasted key's fingerprint, computed here as the sender's key page computes it, to be compared before registering (undefined: nothing pasted; null: not a key).
  const [pasted, setPasted] = useState<string | null | undefined>(undefined);
  const showFingerprint = (text: string) => {
    if (!text.trim()) return setPasted(undefined);
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      return setPasted(null);
    }
    fingerprintOfJwk(jwk).then((f) => setPasted(f ?? null));
  };
  const register = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const text = (form.elements.namedItem('jwk') as HTMLTextAreaElement).value;
    let jwk: Record<string, unknown>;
    try {
      jwk = JSON.parse(text) as Record<string, unknown>;
    } catch {
      setMessage({ ok: false, text: t('jwkNotJson', lang) });
      return;
    }
    const alg = (typeof jwk.alg === 'string' && jwk.alg) || 'ES256';
    act(() => api.post(`${base}/keys`, { jwk, alg }), t('keyRegistered', lang)).then(() => {
      form.reset();
      setPasted(undefined);
    });
  };
  const revokeKey = (kid: string) => {
    const reason = window.prompt(t('revocationReason', lang));
    if (reason) act(() => api.post(`/v1/admin/keys/${encodeURIComponent(kid)}/revocation`, { reason }), t('keyRevoked', lang));
  };
  const issue = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const role = (form.elements.namedItem('role') as HTMLSelectElement).value;
    const label = (form.elements.namedItem('label') as HTMLInputElement).value.trim();
    act(async () => setIssued((await api.post<{ token: string }>(`${base}/credentials`, { role, ...(label ? { label } : {}) })).token), t('credentialIssued', lang));
  };
  const revokeCredential = (id: string) => act(() => api.post(`/v1/admin/credentials/${id}/revocation`, {}), t('credentialRevoked', lang));

  return (
    <>
      <a
        href="/admin"
        onClick={(e) => {
          e.preventDefault();
          go('/admin');
        }}
      >
        {t('organisations', lang)}
      </a>
      <h1>{organisation.name}</h1>
      <Outcome message={message} />
      <h2>{t('signingKeys', lang)}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('keyId', lang)}</th>
            <th scope="col">{t('fingerprint', lang)}</th>
            <th scope="col">{t('status', lang)}</th>
            <th scope="col">
              <span className="sr-only">{t('actions', lang)}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.length === 0 && (
            <tr>
              <td colSpan={4}>{t('noKeys', lang)}</td>
            </tr>
          )}
          {keys.map((k) => (
            <tr key={k.kid}>
              <td className="mono">{k.kid}</td>
              <td className="mono">{k.fingerprint}</td>
              <td>{t(`state:${k.state}` as WordKey, lang)}</td>
              <td>
                <RevokeButton lang={lang} state={k.state} name={k.kid} onRevoke={() => revokeKey(k.kid)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={register} className="card">
        <h3>{t('registerKey', lang)}</h3>
        <label className="form-label" htmlFor="jwk">{t('publicKeyJwk', lang)}</label>
        <textarea className="form-input" id="jwk" name="jwk" rows={6} required aria-describedby="jwk-fingerprint jwk-hint" onChange={(e) => showFingerprint(e.target.value)} />
        <p id="jwk-fingerprint" aria-live="polite">
          {pasted === undefined ? null : pasted === null ? t('pastedKeyNotAKey', lang) : (
            <>
              {t('pastedKeyFingerprint', lang)}: <span className="mono">{pasted}</span>
            </>
          )}
        </p>
        <p className="hint" id="jwk-hint">{t('checkFingerprint', lang)}</p>
        <button type="submit" className="button button-primary">{t('registerKey', lang)}</button>
      </form>

      <IdentityProviderForm lang={lang} organisationId={organisation.id} act={act} />

      <h2>{t('credentials', lang)}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">{t('role', lang)}</th>
            <th scope="col">{t('label', lang)}</th>
            <th scope="col">{t('status', lang)}</th>
            <th scope="col">
              <span className="sr-only">{t('actions', lang)}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {credentials.map((c) => (
            <tr key={c.id}>
              <td className="mono">{c.id}</td>
              <td>{t(`role:${c.role}` as WordKey, lang)}</td>
              <td>{c.label ?? ''}</td>
              <td>{t(`state:${c.state}` as WordKey, lang)}</td>
              <td>
                <RevokeButton lang={lang} state={c.state} name={c.id} onRevoke={() => revokeCredential(c.id)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={issue} className="card">
        <h3>{t('issueCredential', lang)}</h3>
        <label className="form-label" htmlFor="role">{t('role', lang)}</label>
        <select className="form-select" id="role" name="role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role:${r}` as WordKey, lang)}
            </option>
          ))}
        </select>
        <label className="form-label" htmlFor="label">{t('label', lang)}</label>
        <input className="form-input" id="label" name="label" />
        <button type="submit" className="button button-primary">{t('issueCredential', lang)}</button>
        {issued && (
          <>
            <label className="form-label" htmlFor="issued">{t('tokenShownOnce', lang)}</label>
            <input id="issued" readOnly value={issued} className="form-input mono" />
          </>
        )}
      </form>
    </>
  );
}

interface Provider {
  issuer: string;
  clientId: string;
  clientSecret: 'set' | 'none';
  role: string;
}

/** Where the organisation's people sign in (OpenID Connect) and the role they get; the client secret is written, never shown. */
function IdentityProviderForm({ lang, organisationId, act }: { lang: Lang; organisationId: string; act: (what: () => Promise<unknown>, done: string) => Promise<void> }) {
  const [provider, setProvider] = useState<Provider | null>(null);
  const path = `/v1/admin/organisations/${organisationId}/identity-provider`;
  useEffect(() => {
    api.get<Provider>(path).then(setProvider, () => setProvider(null));
  }, [path]);
  const save = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = e.currentTarget.elements;
    const value = (name: string) => (f.namedItem(name) as HTMLInputElement).value.trim();
    const body = { issuer: value('idp-issuer'), clientId: value('idp-client'), role: value('idp-role'), ...(value('idp-secret') ? { clientSecret: value('idp-secret') } : {}) };
    act(async () => setProvider(await api.put<Provider>(path, body)), t('providerSaved', lang));
  };
  return (
    <form onSubmit={save} className="card" key={provider?.issuer ?? 'none'}>
      <h2>{t('identityProvider', lang)}</h2>
      <label className="form-label" htmlFor="idp-issuer">{t('issuer', lang)}</label>
      <input className="form-input" id="idp-issuer" name="idp-issuer" type="url" required defaultValue={provider?.issuer ?? ''} />
      <label className="form-label" htmlFor="idp-client">{t('clientId', lang)}</label>
      <input className="form-input" id="idp-client" name="idp-client" required defaultValue={provider?.clientId ?? ''} />
      <label className="form-label" htmlFor="idp-secret">{t('clientSecret', lang)}</label>
      <input className="form-input" id="idp-secret" name="idp-secret" type="password" autoComplete="off" placeholder={provider?.clientSecret === 'set' ? '••••••' : ''} />
      <label className="form-label" htmlFor="idp-role">{t('role', lang)}</label>
      <select className="form-select" id="idp-role" name="idp-role" defaultValue={provider?.role ?? 'municipality'}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role:${r}` as WordKey, lang)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-primary">{t('saveProvider', lang)}</button>
    </form>
  );
}

/** Revoking a key or a credential (nothing to revoke once revoked); the hidden name tells a screen reader which one. */
function RevokeButton({ lang, state, name, onRevoke }: { lang: Lang; state: string; name: string; onRevoke: () => void }) {
  if (state === 'revoked') return null;
  return (
    <button type="button" className="button button-secondary" onClick={onRevoke}>
      {t('revoke', lang)} <span className="sr-only">{name}</span>
    </button>
  );
}
