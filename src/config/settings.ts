/**
 * The settings table: each variable, its doc (docs/configuration.md is generated from it: npm run
 * docs:config), its default and how its value is read. It reads only the environment it is given
 * (config.ts is the one reader of the process's environment).
 */
import os from 'node:os';
import path from 'node:path';
import type { Config, LogLevel, Setting } from './config-types.js';

function integer(min: number, max: number) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw)) throw new Error(`must be a whole number between ${min} and ${max}`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}`);
    return n;
  };
}

const text = (raw: string): string => {
  if (raw.trim() === '') throw new Error('must not be empty');
  return raw;
};

const yesNo = (raw: string): boolean => {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error('must be true or false');
};

const autoOnOff = (raw: string): 'auto' | 'on' | 'off' => {
  if (!['auto', 'on', 'off'].includes(raw)) throw new Error('must be one of auto, on, off');
  return raw as 'auto' | 'on' | 'off';
};

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'handover-exchange');
}

/** The settings table: one line per variable, with its doc (docs/configuration.md is generated from it). */
export function settings(env: NodeJS.ProcessEnv) {
  return {
    port: { env: 'PORT', doc: 'HTTP port (0 = any free port)', default: 8080, parse: integer(0, 65535) },
    host: { env: 'HANDOVER_HOST', doc: 'interface to bind', default: '0.0.0.0', parse: text },
    mongodbUri: {
      env: 'MONGODB_URI',
      doc: 'MongoDB connection string (production: a replica set); unset = embedded database',
      default: undefined,
      parse: (raw: string) => {
        if (!/^mongodb(\+srv)?:\/\/\S+$/.test(raw)) throw new Error('must start with mongodb:// or mongodb+srv://');
        return raw;
      },
    },
    postgresUrl: {
      env: 'HANDOVER_POSTGRES_URL',
      doc: 'PostgreSQL for FerretDB (postgres://user:password@host:port/database, created if missing). Without MONGODB_URI the embedded FerretDB keeps its data there instead of in a cluster of its own; with MONGODB_URI (an external FerretDB on this PostgreSQL) the service creates there the indexes FerretDB\'s queries can use',
      default: undefined,
      parse: (raw: string) => {
        if (!/^postgres(ql)?:\/\/\S+$/.test(raw)) throw new Error('must start with postgres:// or postgresql://');
        return raw;
      },
    },
    embeddedBackend: {
      env: 'HANDOVER_EMBEDDED_BACKEND',
      doc: 'embedded database without MONGODB_URI: auto (a mongod on PATH, else FerretDB on PostgreSQL, else FerretDB on SQLite with a warning), postgresql, sqlite',
      default: 'auto' as const,
      parse: (raw: string) => {
        if (!['auto', 'postgresql', 'sqlite'].includes(raw)) throw new Error('must be one of auto, postgresql, sqlite');
        return raw as 'auto' | 'postgresql' | 'sqlite';
      },
    },
    dbName: {
      env: 'HANDOVER_DB_NAME',
      doc: 'database name (on FerretDB-on-PostgreSQL: a PostgreSQL schema)',
      default: 'handover',
      parse: (raw: string) => {
        if (!/^[A-Za-z0-9_-]{1,63}$/.test(raw)) throw new Error('must be 1-63 letters, digits, _ or -');
        return raw;
      },
    },
    dataDir: { env: 'HANDOVER_DATA_DIR', doc: 'the embedded database (its own PostgreSQL cluster, or SQLite files) and generated local keys', default: path.resolve('.data'), shownDefault: './.data', parse: (raw: string) => path.resolve(text(raw)) },
    cacheDir: { env: 'HANDOVER_CACHE_DIR', doc: 'where FerretDB is built once', default: defaultCacheDir(env), shownDefault: '$XDG_CACHE_HOME/handover-exchange, else ~/.cache/handover-exchange', parse: (raw: string) => path.resolve(text(raw)) },
    logLevel: {
      env: 'HANDOVER_LOG_LEVEL',
      doc: `log level (${LOG_LEVELS.join(', ')})`,
      default: 'info' as LogLevel,
      parse: (raw: string) => {
        if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new Error(`must be one of ${LOG_LEVELS.join(', ')}`);
        return raw as LogLevel;
      },
    },
    maxBodyBytes: { env: 'HANDOVER_MAX_BODY_BYTES', doc: 'largest accepted JSON/JWS body', default: 2 * 1024 * 1024, parse: integer(1024, 64 * 1024 * 1024) },
    shutdownTimeoutMs: {
      env: 'HANDOVER_SHUTDOWN_TIMEOUT_MS',
      doc: 'on SIGTERM or SIGINT, in any state (starting, serving, database unreachable), the process and every database process it started are gone within this time: in-flight requests get 60% of it, the databases the rest (at the deadline they are killed)',
      default: 10_000,
      parse: integer(1000, 600_000),
    },
    metricsToken: {
      env: 'HANDOVER_METRICS_TOKEN',
      doc: 'the bearer token that may read GET /metrics (Prometheus format); at least 32 characters; without it /metrics answers 404',
      default: undefined,
      parse: (raw: string) => {
        if (raw.length < 32 || /\s/.test(raw)) throw new Error('must be at least 32 characters without spaces');
        return raw;
      },
    },
    searchPath: { env: 'PATH', doc: 'where mongod, PostgreSQL (initdb, postgres) and go are looked for (Debian\'s PostgreSQL also in /usr/lib/postgresql/<major>/bin)', default: undefined, shownDefault: 'the environment\'s', parse: (raw: string) => raw },
    auditCheckpointMs: {
      env: 'HANDOVER_AUDIT_CHECKPOINT_MS',
      doc: "how often, at most, the service signs a checkpoint of the audit chain's head (when events were added since the last one); `handover audit verify` checks the log against the last one, so removing the newest events shows, and fails when an event older than twice this is not covered by one",
      default: 10_000,
      parse: integer(1000, 86_400_000),
    },
    auditSequencerMs: {
      env: 'HANDOVER_AUDIT_SEQUENCER_MS',
      doc: 'how often the instance holding the audit sequencer lease integrates the pending audit events (one record per request) into the hash chain',
      default: 500,
      parse: integer(50, 60_000),
    },
    auditLeaseMs: {
      env: 'HANDOVER_AUDIT_LEASE_MS',
      doc: "how long the audit sequencer's lease lasts unrenewed: another instance takes over this long after the holder died",
      default: 5_000,
      parse: integer(500, 600_000),
    },
    auditWitness: {
      env: 'HANDOVER_AUDIT_WITNESS',
      doc: 'where each new signed audit checkpoint also goes, outside the database: an https:// (or http://) URL it is POSTed to as application/jose, or an absolute file path a JSON line is appended to (storage other than the database\'s)',
      default: undefined,
      parse: (raw: string) => {
        if (/^https?:\/\//.test(raw) || path.isAbsolute(raw)) return raw;
        throw new Error('must be an http(s) URL or an absolute file path');
      },
    },
    stopWithParent: {
      env: 'HANDOVER_STOP_WITH_PARENT',
      doc: 'stop (as on SIGTERM) when the parent process is gone: auto (true when started by npm, whose shell does not pass SIGTERM on), true, false',
      default: Boolean(env.npm_lifecycle_event),
      shownDefault: 'auto',
      parse: (raw: string) => {
        if (raw === 'auto') return Boolean(env.npm_lifecycle_event);
        return yesNo(raw);
      },
    },
    requestTimeoutMs: { env: 'HANDOVER_REQUEST_TIMEOUT_MS', doc: 'whole-request timeout: slow clients get 408 and are disconnected; headers must arrive within the smaller of this and 20 s', default: 30_000, parse: integer(1000, 600_000) },
    maxConcurrentSubmissions: { env: 'HANDOVER_MAX_CONCURRENT_SUBMISSIONS', doc: 'signed submissions (handovers, withdrawals) processed at once per process; one more gets 429 with Retry-After before its body is read, so memory stays bounded', default: 64, parse: integer(1, 10_000) },
    submissionsPerSecondPerCredential: { env: 'HANDOVER_SUBMISSIONS_PER_SECOND_PER_CREDENTIAL', doc: 'signed submissions one credential may make per second (per process); more get 429 too-many-submissions with Retry-After, RateLimit and RateLimit-Policy, before the body is read', default: 20, parse: integer(1, 100_000) },
    submissionsPerSecondPerOrganisation: { env: 'HANDOVER_SUBMISSIONS_PER_SECOND_PER_ORGANISATION', doc: 'signed submissions all credentials of one organisation may make per second (per process)', default: 50, parse: integer(1, 100_000) },
    maxConcurrentPerCredential: { env: 'HANDOVER_MAX_CONCURRENT_PER_CREDENTIAL', doc: "signed submissions of one credential in flight at once (per process), so one client's flood leaves the process to the others; more get 429", default: 16, parse: integer(1, 10_000) },
    readsPerSecondPerCredential: {
      env: 'HANDOVER_READS_PER_SECOND_PER_CREDENTIAL',
      doc: "reads (GET, HEAD, and dry-run validations made signed in) one credential or browser session's credential may make per second (per process); more get 429 too-many-requests with Retry-After, RateLimit and RateLimit-Policy, and the same token's next reads in that second are refused before it is looked up again. Above what a case system paging its feed one page after another makes (about 35 pages a second) and what the web application makes",
      default: 50,
      parse: integer(1, 100_000),
    },
    maxConcurrentReadsPerCredential: {
      env: 'HANDOVER_MAX_CONCURRENT_READS_PER_CREDENTIAL',
      doc: 'reads of one credential token or browser session in flight at once (per process); more get 429, before the credential is looked up. A browser opens at most 6 connections to one host',
      default: 6,
      parse: integer(1, 10_000),
    },
    validationsPerSecondPerAddress: {
      env: 'HANDOVER_VALIDATIONS_PER_SECOND_PER_ADDRESS',
      doc: 'anonymous dry-run validations (POST /v1/validate without a credential) from one client address per second (per process; behind a trusted proxy the forwarded address, see HANDOVER_TRUST_PROXY); more get 429 with Retry-After and RateLimit headers',
      default: 10,
      parse: integer(1, 100_000),
    },
    maxConcurrentValidationsPerAddress: {
      env: 'HANDOVER_MAX_CONCURRENT_VALIDATIONS_PER_ADDRESS',
      doc: 'anonymous dry-run validations from one client address in flight at once (per process); more get 429',
      default: 2,
      parse: integer(1, 10_000),
    },
    dbTimeoutMs: { env: 'HANDOVER_DB_TIMEOUT_MS', doc: 'how long to wait for a reachable database before answering 503', default: 5_000, parse: integer(100, 120_000) },
    dbWriteTimeoutMs: {
      env: 'HANDOVER_DB_WRITE_TIMEOUT_MS',
      doc: 'how long a write waits for a majority of the replica set to confirm it (wtimeout) before the request fails with 503 and Retry-After',
      default: 5_000,
      parse: integer(100, 120_000),
    },
    serviceKeyFile: {
      env: 'HANDOVER_SERVICE_KEY_FILE',
      doc: "the service's private signing key (JWK) for receipts, webhooks and audit checkpoints; generated when missing only for the embedded database; required with MONGODB_URI",
      default: undefined,
      shownDefault: 'HANDOVER_DATA_DIR/keys/service-signing-key.private.jwk.json',
      parse: (raw: string) => path.resolve(text(raw)),
    },
    maxAttachmentBytes: { env: 'HANDOVER_MAX_ATTACHMENT_BYTES', doc: 'largest attachment file (413 above)', default: 25 * 1024 * 1024, parse: integer(1024, 1024 * 1024 * 1024) },
    maxAttachments: { env: 'HANDOVER_MAX_ATTACHMENTS', doc: 'most attachment files per submission (413 above)', default: 20, parse: integer(0, 100) },
    retentionEveryMs: {
      env: 'HANDOVER_RETENTION_EVERY_MS',
      doc: 'how often the retention job runs, the first time 10 minutes after start (soft-deletes handovers due under their rule, purges those past the grace period; rules at GET /v1/retention); 0 turns it off in this process (run it elsewhere, or with POST /v1/retention/runs)',
      default: 6 * 3_600_000,
      parse: (raw: string) => (raw === '0' ? 0 : integer(60_000, 7 * 24 * 3_600_000)(raw)),
    },
    orphanGraceMs: { env: 'HANDOVER_ORPHAN_GRACE_MS', doc: 'files older than this that no handover references are swept (a crash between file and document)', default: 15 * 60_000, parse: integer(1_000, 7 * 24 * 3_600_000) },
    expiryWarningDays: {
      env: 'HANDOVER_EXPIRY_WARNING_DAYS',
      doc: 'credentials and signing keys that end within this many days are shown as `expiring` in the admin API and counted in the metrics',
      default: 30,
      parse: integer(1, 3650),
    },
    feedSettleMs: {
      env: 'HANDOVER_FEED_SETTLE_MS',
      doc: 'how long a reader of the feed waits at an entry whose version is still being written before passing it (a write slower than this is filed again at the feed\'s end, never refused)',
      default: Number(env.HANDOVER_DB_TIMEOUT_MS && /^\d+$/.test(env.HANDOVER_DB_TIMEOUT_MS) ? env.HANDOVER_DB_TIMEOUT_MS : 5_000) + 1_000,
      shownDefault: 'HANDOVER_DB_TIMEOUT_MS + 1000',
      parse: integer(0, 600_000),
    },
    credentialRecheckMs: {
      env: 'HANDOVER_CREDENTIAL_RECHECK_MS',
      doc: 'how long an instance trusts a credential it has read (its hash, revocation and expiry, checked on every request) before reading it again: a credential revoked through another instance is refused here within this time, through this instance at once; 0 reads it for every request',
      default: 5_000,
      parse: integer(0, 60_000),
    },
    webhookMaxAttempts: { env: 'HANDOVER_WEBHOOK_MAX_ATTEMPTS', doc: 'delivery attempts per notification before it is marked failed', default: 10, parse: integer(1, 100) },
    webhookRetryBaseMs: { env: 'HANDOVER_WEBHOOK_RETRY_BASE_MS', doc: 'wait before the first retry; doubles with each attempt (with jitter)', default: 10_000, parse: integer(10, 3_600_000) },
    webhookRetryMaxMs: { env: 'HANDOVER_WEBHOOK_RETRY_MAX_MS', doc: 'longest wait between two attempts', default: 3_600_000, parse: integer(10, 86_400_000) },
    webhookTimeoutMs: { env: 'HANDOVER_WEBHOOK_TIMEOUT_MS', doc: 'how long one delivery attempt may take', default: 10_000, parse: integer(100, 120_000) },
    webhookPollMs: { env: 'HANDOVER_WEBHOOK_POLL_MS', doc: 'how often the dispatcher looks for due notifications (it is also woken on each new one)', default: 2_000, parse: integer(10, 600_000) },
    webhookAllowHttp: { env: 'HANDOVER_WEBHOOK_ALLOW_HTTP', doc: 'accept http:// webhook URLs (development and tests only; production requires https)', default: false, parse: yesNo },
    webhookAllowPrivate: {
      env: 'HANDOVER_WEBHOOK_ALLOW_PRIVATE',
      doc: 'accept webhook targets on loopback, private, link-local and metadata addresses (development and tests only); otherwise refused at registration and again at every delivery, after DNS resolution',
      default: false,
      parse: yesNo,
    },
    webDemoSignIn: {
      env: 'HANDOVER_WEB_DEMO_SIGNIN',
      doc: "the web application's built-in sign-in with a credential token, for development and the demo: auto (on unless MONGODB_URI is set), on, off",
      default: 'auto' as const,
      parse: autoOnOff,
    },
    sessionIdleMs: { env: 'HANDOVER_SESSION_IDLE_MS', doc: 'a browser session ends after this long unused', default: 30 * 60_000, parse: integer(60_000, 24 * 3_600_000) },
    sessionMaxMs: { env: 'HANDOVER_SESSION_MAX_MS', doc: 'a browser session ends this long after sign-in in any case', default: 10 * 3_600_000, parse: integer(60_000, 7 * 24 * 3_600_000) },
    cookieSecure: {
      env: 'HANDOVER_COOKIE_SECURE',
      doc: "the session cookie is Secure (sent over https only): auto (on when people reach the service over https: HANDOVER_PUBLIC_URL starts with https://, or, without it, the request came over https, directly or by a proxy trusted with X-Forwarded-Proto, see HANDOVER_TRUST_PROXY), on, off",
      default: 'auto' as const,
      parse: autoOnOff,
    },
    publicUrl: {
      env: 'HANDOVER_PUBLIC_URL',
      doc: "where people reach the service, e.g. https://overdragelse.example.dk: the sign-in's return address registered at each organisation's identity provider is <this>/v1/session/oidc/callback; unset: the request's own scheme and host (development)",
      default: undefined,
      parse: (raw: string) => {
        if (!/^https?:\/\/[^/\s]+$/.test(raw)) throw new Error('must be http(s)://host[:port] without a path');
        return raw;
      },
    },
    trustProxy: {
      env: 'HANDOVER_TRUST_PROXY',
      doc: "the reverse proxies whose X-Forwarded-For (the client's address, for the fair shares) and X-Forwarded-Proto (https, for the session cookie's Secure flag) are believed: off (the connection's own address and scheme), the number of proxy hops in front of the service (1-10), or a comma-separated list of the proxies' addresses or subnets (also loopback, linklocal, uniquelocal)",
      default: false as const,
      shownDefault: 'off',
      parse: (raw: string): false | number | readonly string[] => {
        if (raw === 'off') return false;
        if (/^\d+$/.test(raw)) return integer(1, 10)(raw);
        const list = raw.split(',').map((p) => p.trim());
        for (const p of list) if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(p)) throw new Error('must be off, a number of hops (1-10), or addresses, subnets, loopback, linklocal or uniquelocal separated by commas');
        return Object.freeze(list);
      },
    },
    oidcAllowHttp: { env: 'HANDOVER_OIDC_ALLOW_HTTP', doc: 'accept identity providers at plain http:// addresses (development and tests only; production requires https)', default: false, parse: yesNo },
    demoData: {
      env: 'HANDOVER_DEMO_DATA',
      doc: 'demo organisations, keys, credentials and handovers in an empty database: auto (on for the embedded database), on, off',
      default: 'auto' as const,
      parse: autoOnOff,
    },
  } satisfies { [K in keyof Config]: Setting<Config[K]> };
}
