/** Organisations, their signing keys and credentials, and their people's sign-in and browser sessions. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

const organisationSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    name: { type: String, required: true },
    municipalityCode: { type: String },
    createdAt: { type: Date, required: true },
  },
  strict,
);
organisationSchema.index({ type: 1, municipalityCode: 1 });

const signingKeySchema = new Schema(
  {
    _id: { type: String, required: true }, // kid: unique by construction
    organisationId: { type: String, required: true, index: true },
    alg: { type: String, required: true },
    publicJwk: { type: Schema.Types.Mixed, required: true },
    fingerprint: { type: String, required: true },
    validFrom: { type: Date, required: true },
    validUntil: { type: Date },
    revokedAt: { type: Date },
    revocationReason: { type: String },
    createdAt: { type: Date, required: true },
  },
  strict,
);

const credentialSchema = new Schema(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true, index: true },
    role: { type: String, required: true },
    label: { type: String },
    secretHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date },
    revokedAt: { type: Date },
    lastUsedAt: { type: Date },
  },
  strict,
);

/** A person's browser session: the cookie's token is kept only as a hash; the credential it stands for is checked on every request. */
const webSessionSchema = new Schema(
  {
    _id: { type: String, required: true }, // SHA-256 of the session token
    // A credential's session (built-in sign-in), or a person's (their organisation's identity provider).
    credentialId: String,
    organisationId: String,
    role: String,
    personId: String,
    personName: String,
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
  },
  strict,
);

// An organisation's identity provider (OpenID Connect) for its people's sign-in, and the role they get.
const identityProviderSchema = new Schema(
  {
    _id: { type: String, required: true }, // the organisation id
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    clientSecret: String,
    role: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  strict,
);

// A sign-in under way: the PKCE verifier and nonce, by the hash of its state, for ten minutes.
const personSignInSchema = new Schema(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true },
    codeVerifier: { type: String, required: true },
    nonce: { type: String, required: true },
    redirectUri: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  strict,
);

export function organisationModels(connection: Connection) {
  return {
    Organisation: connection.model('Organisation', organisationSchema, 'organisations'),
    SigningKey: connection.model('SigningKey', signingKeySchema, 'signing_keys'),
    Credential: connection.model('Credential', credentialSchema, 'credentials'),
    WebSession: connection.model('WebSession', webSessionSchema, 'web_sessions'),
    IdentityProvider: connection.model('IdentityProvider', identityProviderSchema, 'identity_providers'),
    PersonSignIn: connection.model('PersonSignIn', personSignInSchema, 'person_sign_ins'),
  };
}
