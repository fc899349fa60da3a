/** What the service is configured with: every setting's type (config/settings.ts says where each comes from). */

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** TCP port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Host/interface to bind. */
  readonly host: string;
  /** Production database (a MongoDB replica set). When unset an embedded database is started. */
  readonly mongodbUri: string | undefined;
  /** PostgreSQL for FerretDB: alone, where the embedded FerretDB keeps its data; with MONGODB_URI, the backend of that FerretDB (for its indexes). */
  readonly postgresUrl: string | undefined;
  /** Which embedded database to start without MONGODB_URI: auto (mongod, else FerretDB on PostgreSQL, else SQLite), postgresql or sqlite. */
  readonly embeddedBackend: 'auto' | 'postgresql' | 'sqlite';
  /** Database name inside the server. */
  readonly dbName: string;
  /** Holds the embedded database and generated local keys; kept across restarts. */
  readonly dataDir: string;
  /** Where the FerretDB binary is built once and cached. */
  readonly cacheDir: string;
  readonly logLevel: LogLevel;
  /** Upper bound for any request body that is not a multipart upload. */
  readonly maxBodyBytes: number;
  /** How long graceful shutdown waits for in-flight requests before closing connections. */
  readonly shutdownTimeoutMs: number;
  /** Stop when the process that started this one is gone (npm, the benchmark). */
  readonly stopWithParent: boolean;
  /** The bearer token that may read GET /metrics; without it, /metrics does not exist. */
  readonly metricsToken: string | undefined;
  /** The executable search path (PATH): where mongod, PostgreSQL's initdb/postgres and go are looked for. */
  readonly searchPath: string | undefined;
  /** How often the service signs a checkpoint of the audit chain's head (when it has grown). */
  readonly auditCheckpointMs: number;
  /** How often the audit sequencer's lease holder integrates pending audit events into the chain. */
  readonly auditSequencerMs: number;
  /** How long the audit sequencer's lease lasts unrenewed: how soon another instance takes over from one that died. */
  readonly auditLeaseMs: number;
  /** Where each new signed audit checkpoint is also sent: an http(s) URL (POSTed as application/jose) or a file (a JSON line appended). */
  readonly auditWitness: string | undefined;
  /** Whole-request timeout, so slow clients cannot hold connections. */
  readonly requestTimeoutMs: number;
  readonly maxConcurrentSubmissions: number;
  /** Fair shares: submissions per second per credential and per organisation, and in flight per credential. */
  readonly submissionsPerSecondPerCredential: number;
  readonly submissionsPerSecondPerOrganisation: number;
  readonly maxConcurrentPerCredential: number;
  /** Fair shares of reads per credential, and of anonymous dry-run validation per client address: a rate and a number in flight each. */
  readonly readsPerSecondPerCredential: number;
  readonly maxConcurrentReadsPerCredential: number;
  readonly validationsPerSecondPerAddress: number;
  readonly maxConcurrentValidationsPerAddress: number;
  /** How long a database operation waits for a reachable server before failing with 503. */
  readonly dbTimeoutMs: number;
  /** How long a write waits for a majority of the replica set to confirm it (wtimeout). */
  readonly dbWriteTimeoutMs: number;
  /** The service's private signing key (JWK file); generated for the embedded default when missing. */
  readonly serviceKeyFile: string | undefined;
  readonly maxAttachmentBytes: number;
  readonly maxAttachments: number;
  /** Files older than this that no handover references are swept (a crash between file and document). */
  readonly orphanGraceMs: number;
  readonly retentionEveryMs: number;
  /** Load demo organisations, keys, credentials and handovers into an empty database at start. */
  readonly demoData: 'auto' | 'on' | 'off';
  /** The web application's built-in sign-in with a credential (development and demo): auto = on unless MONGODB_URI is set. */
  readonly webDemoSignIn: 'auto' | 'on' | 'off';
  /** Browser sessions end after this long unused, and after this long in any case. */
  readonly sessionIdleMs: number;
  readonly sessionMaxMs: number;
  /** The session cookie is Secure (https only): auto = when people reach the service over https (HANDOVER_PUBLIC_URL, else the request's scheme). */
  readonly cookieSecure: 'auto' | 'on' | 'off';
  /** Where people reach the service (https://…), for the address an identity provider sends them back to; unset: the request's own host. */
  readonly publicUrl: string | undefined;
  /** Which reverse proxies' X-Forwarded-For and X-Forwarded-Proto are believed (express's 'trust proxy'): none, a number of hops, or their addresses. */
  readonly trustProxy: false | number | readonly string[];
  /** Accept identity providers at plain http:// addresses (development and tests only). */
  readonly oidcAllowHttp: boolean;
  /** Credentials and signing keys that end within this are shown as `expiring` (admin API, metrics). */
  readonly expiryWarningDays: number;
  /** The feed shows entries only once they are this old, so one stored a moment earlier by a slower request is never skipped. */
  readonly feedSettleMs: number;
  /** How long an instance uses a credential it has read before reading it again (revoked elsewhere: refused here within this time). */
  readonly credentialRecheckMs: number;
  /** Notification delivery: attempts before a message is marked failed, and the backoff between them. */
  readonly webhookMaxAttempts: number;
  readonly webhookRetryBaseMs: number;
  readonly webhookRetryMaxMs: number;
  readonly webhookTimeoutMs: number;
  /** How often the dispatcher looks for due messages (it is also woken on each new one). */
  readonly webhookPollMs: number;
  /** Allow plain http:// webhook URLs (local development and tests only). */
  readonly webhookAllowHttp: boolean;
  /** Allow webhook targets on loopback, private and link-local addresses (local development and tests only). */
  readonly webhookAllowPrivate: boolean;
}

export interface Setting<T> {
  env: string;
  /** What it does, as docs/configuration.md says it (generated: npm run docs:config). */
  doc: string;
  default: T;
  /** The default as an operator reads it, where the value depends on the machine or on another variable. */
  shownDefault?: string;
  parse: (raw: string) => T;
}
