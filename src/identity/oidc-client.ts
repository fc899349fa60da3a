/**
 * Signing people in through their organisation's identity provider with OpenID Connect
 * (openid-client): discovery, the authorization code flow with PKCE (S256), state and nonce, and
 * the ID token checked by the library (issuer, audience, signature, expiry, nonce). All of
 * openid-client stays in this module.
 */
import * as oidc from 'openid-client';

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

export interface SignInStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignedInIdentity {
  issuer: string;
  subject: string;
  name?: string;
}

export interface OidcClient {
  start(provider: ProviderSettings, redirectUri: string): Promise<SignInStart>;
  finish(provider: ProviderSettings, callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<SignedInIdentity>;
}

/** Thrown when the provider's answer is not a valid sign-in (its code names the check that failed). */
export class SignInRefused extends Error {
  constructor(readonly code: string) {
    super(`sign-in refused (${code})`);
  }
}

const DISCOVERY_TTL_MS = 60 * 60 * 1000;

export function oidcClient(options: { allowHttp: boolean }): OidcClient {
  const discovered = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();
  const configOf = (p: ProviderSettings): Promise<oidc.Configuration> => {
    const key = `${p.issuer} ${p.clientId}`;
    const hit = discovered.get(key);
    if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
    const config = oidc.discovery(new URL(p.issuer), p.clientId, p.clientSecret, p.clientSecret ? oidc.ClientSecretPost(p.clientSecret) : oidc.None(), options.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined);
    config.catch(() => discovered.delete(key));
    discovered.set(key, { at: Date.now(), config });
    return config;
  };
  return {
    async start(provider, redirectUri) {
      const config = await configOf(provider);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },
    async finish(provider, callbackUrl, expected) {
      const config = await configOf(provider);
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: expected.codeVerifier, expectedState: expected.state, expectedNonce: expected.nonce, idTokenExpected: true });
      } catch (err) {
        throw new SignInRefused((err as { code?: string }).code ?? 'invalid-response');
      }
      const claims = tokens.claims();
      if (!claims) throw new SignInRefused('no-id-token');
      let name = typeof claims.name === 'string' ? claims.name : undefined;
      if (!name) {
        // Many providers give the profile only at the userinfo endpoint.
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        name = typeof info.name === 'string' ? info.name : [info.given_name, info.family_name].filter((x) => typeof x === 'string').join(' ') || undefined;
      }
      return { issuer: claims.iss, subject: claims.sub, ...(name ? { name } : {}) };
    },
  };
}
