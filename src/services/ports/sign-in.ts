/** What sign-in needs of storage: organisations' identity providers, sign-ins under way (storage/identity.repository.ts) and browser sessions (storage/session.repository.ts). */

export interface IdentityProviderRecord {
  organisationId: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  role: string;
  updatedAt: Date;
}

export interface PersonSignInRecord {
  stateHash: string;
  organisationId: string;
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
  createdAt: Date;
}

export interface IdentityProviders {
  setProvider(p: IdentityProviderRecord): Promise<void>;
  provider(organisationId: string): Promise<IdentityProviderRecord | undefined>;
  providers(): Promise<IdentityProviderRecord[]>;
  removeProvider(organisationId: string): Promise<boolean>;
  beginSignIn(s: PersonSignInRecord): Promise<void>;
  /** The sign-in of this state, taken once. */
  takeSignIn(stateHash: string): Promise<PersonSignInRecord | undefined>;
}

export interface WebSessionRecord {
  tokenHash: string;
  /** The credential a built-in sign-in stands for. */
  credentialId?: string;
  /** A person's session: their organisation, role and who they are. */
  person?: { organisationId: string; role: string; id: string; name: string };
  createdAt: Date;
  lastSeenAt: Date;
}

export interface WebSessions {
  create(s: WebSessionRecord): Promise<void>;
  find(tokenHash: string): Promise<WebSessionRecord | undefined>;
  touch(tokenHash: string, at: Date): Promise<void>;
  remove(tokenHash: string): Promise<void>;
}
