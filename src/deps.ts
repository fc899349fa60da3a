/** The composition root: turns config into live clients; everything else receives them. */
import os from 'node:os';
import type { Config } from './config.js';
import { lifecycleCounts, type AdminDeps } from './services/admin.js';
import { generateSigningKey, signDocument } from './signing/document-signing.js';
import { randomIds, randomUuid, type IdGenerator } from './domain/crypto.js';
import type { Logger } from './logger.js';
import type { SubmissionDeps } from './services/submit-handover.js';
import { loadServiceSigner, type ServiceSigner } from './signing/service-signer.js';
import { KeyCache, verifySignedDocument } from './signing/verify-signed-document.js';
import { createPdfRenderer, type PdfRenderer } from './pdf/pdf-renderer.js';
import type { PdfDeps } from './services/render-pdf.js';
import type { GpDeps } from './services/gp.js';
import type { RecipientDeps } from './services/recipient-access.js';
import { createMetrics, type ServiceMetrics } from './outbound/metrics.js';
import { createFairShares, type FairShares } from './services/fair-shares.js';
import { createWebhookClient } from './outbound/webhook-client.js';
import { createDispatcher, type Dispatcher } from './services/notification-dispatcher.js';
import type { NotificationDeps } from './services/notifications.js';
import type { AttachmentStore } from './storage/attachment-store.js';
import type { CheckpointDeps } from './services/audit-checkpoints.js';
import { auditCheckpointRepository } from './storage/audit-checkpoint.repository.js';
import { auditRepository, type AuditRepository } from './storage/audit.repository.js';
import { auditLease } from './storage/audit-lease.js';
import { auditSequencer, type AuditSequencer } from './services/audit-sequencer.js';
import { auditWitness } from './services/audit-witness.js';
import { recipientRepository } from './storage/recipient.repository.js';
import { questionRepository } from './storage/question.repository.js';
import type { ChildServicesDeps } from './services/child-services.js';
import type { FigureDeps } from './services/figures.js';
import type { AgendaDeps } from './services/meeting-agenda.js';
import type { Database } from './storage/connection.js';
import { translateDatabaseError } from './storage/database-errors.js';
import type { ErrorTranslator } from './errors.js';
import { feedLog } from './storage/feed-log.js';
import type { SweepLedger } from './storage/sweep-ledger.js';
import { retentionRepository } from './storage/retention.repository.js';
import { readsOnce } from './services/reads-once.js';
import { refileRetention, type RetentionDeps } from './services/retention.js';
import type { SessionDeps } from './services/web-session.js';
import { sessionRepository } from './storage/session.repository.js';
import { draftRepository } from './storage/draft.repository.js';
import { identityRepository } from './storage/identity.repository.js';
import { oidcClient } from './identity/oidc-client.js';
import type { PersonSignInDeps } from './services/person-sign-in.js';
import type { DraftDeps } from './services/drafts.js';
import { handoverRepository, type HandoverRepository } from './storage/handover.repository.js';
import { funnelRepository } from './storage/funnel.repository.js';
import { figureRepository } from './storage/figure.repository.js';
import { figureDerivation } from './services/figure-facts.js';
import { funnelDerivation } from './services/funnel-events.js';
import { deferredFunnel, deriver, type Deriver } from './services/derivations.js';
import { rebuildReadModels } from './services/handover-read-model.js';
import { derivationRepository } from './storage/derivation.repository.js';
import type { FunnelDeps } from './services/funnel.js';
import { outboxRepository } from './storage/outbox.repository.js';
import { organisationRepository, type OrganisationRepository } from './storage/organisation.repository.js';
import { createStandard, type Standard } from './validation/standard.js';
import { adminDepsOf } from './cli-stores.js';
import { settledAudit, settledRetention, withAuditMetrics } from './settled-repositories.js';
import { openStore, serviceKeyFileOf, type DatabaseTarget } from './store.js';

export interface Lifecycle {
  /** Set on SIGTERM/SIGINT: new requests on kept-alive connections are told to go elsewhere. */
  shuttingDown: boolean;
}

export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  /** The schemas, compiled once at start. */
  readonly standard: Standard;
  readonly organisations: OrganisationRepository;
  /** The admin use cases' registry, body check and key policy. */
  readonly admin: AdminDeps;
  /** Making demo keys and signing demo handovers (demo data only). */
  readonly demoSigning: { generateSigningKey: typeof generateSigningKey; signDocument: typeof signDocument };
  readonly handovers: HandoverRepository;
  readonly attachments: AttachmentStore;
  /** What the orphan sweeper visits (sweep-ledger.ts). */
  readonly ledger: SweepLedger;
  readonly signer: ServiceSigner;
  /** Everything the submit and withdraw use cases need, in one bundle. */
  readonly submission: SubmissionDeps;
  /** Everything the recipients' use cases need (feed, reading, acknowledging, GPs). */
  /** Everything the recipients' use cases are given; each declares the part it uses (a Pick of RecipientDeps). */
  readonly recipientDeps: RecipientDeps & GpDeps & PdfDeps;
  readonly questionDeps: AgendaDeps;
  readonly figureDeps: FigureDeps;
  /** The funnel's counters, read by GET /v1/funnel. */
  readonly funnelDeps: FunnelDeps;
  /** Browser sessions of the web application. */
  readonly sessionDeps: SessionDeps;
  /** Senders' unfinished handovers, kept for the web application. */
  readonly draftDeps: DraftDeps;
  /** People signing in through their organisation's identity provider (OpenID Connect). */
  readonly personSignInDeps: PersonSignInDeps;
  /** The retention job: the schedule, soft deletion, purge and tombstones. */
  readonly retentionDeps: RetentionDeps;
  readonly childServicesDeps: ChildServicesDeps;
  readonly audit: AuditRepository;
  /** Maps driver errors to problems (the database away: 503), for the problem handler. */
  readonly translateError: ErrorTranslator;
  /** The process's Prometheus metrics (outbound/metrics.ts). */
  readonly metrics: ServiceMetrics;
  /** This process's fair shares of reads per credential and of anonymous validation per address (services/fair-shares.ts). */
  readonly fairShares: FairShares;
  /** Signing and storing checkpoints of the audit chain's head. */
  readonly checkpoints: CheckpointDeps;
  /** Integrates pending audit events into the chain and anchors it (while this instance holds the lease). */
  readonly auditSequencer: AuditSequencer;
  /** Webhooks and the notification outbox; the dispatcher delivers in the background. */
  readonly notifications: NotificationDeps;
  /** Delivers queued notifications to webhooks once started (background-jobs.ts). */
  readonly dispatcher: Dispatcher;
  /** Derives what stored versions and reads imply (funnel counts, notifications) behind the requests (derivations.ts). */
  readonly derivations: Deriver;
  readonly clock: () => Date;
  readonly lifecycle: Lifecycle;
  close(): Promise<void>;
}

export interface DepsOverrides {
  clock?: () => Date;
  /** The ids the service hands out (receipts, notifications, credentials). */
  ids?: IdGenerator;
  /** Tests share one compiled standard across apps (compiling takes a few hundred ms). */
  standard?: Standard;
  /** Likewise the PDF renderer, whose fonts are parsed once. */
  pdf?: PdfRenderer;
}


/** How often the derivation worker looks for notes it was not woken for (another instance's, or left by a crash). */
const DERIVATION_PERIOD_MS = 1_000;
/** A version's note with no version after this long is a submission that failed after noting it. */
const DERIVATION_ABANDONED_MS = 10 * 60_000;
/** How long a reader of a derived view waits for another instance that holds the derivation lease. */
const DERIVATION_SETTLE_TIMEOUT_MS = 5_000;
/** The notes the deadline list waits for: a stored version's deadlines are filed when its note is derived. */
const VERSION_NOTES: ReadonlySet<'version'> = new Set(['version']);

export async function buildDeps(config: Config, logger: Logger, target: DatabaseTarget, overrides: DepsOverrides = {}): Promise<Deps> {
  const keyFile = serviceKeyFileOf(config);
  // Production (MONGODB_URI) must be given its key; only the embedded default makes its own.
  const signer = await loadServiceSigner(keyFile, { generateIfMissing: !config.mongodbUri });
  if (signer.generated) logger.warn({ kid: signer.kid }, `generated a new service signing key at ${keyFile}`);
  const clock = overrides.clock ?? (() => new Date());
  const ids = overrides.ids ?? randomIds;
  const { db, models, attachments, ledger } = await openStore(config, target, { logger, now: clock() });
  const feed = feedLog(models);
  const organisations = organisationRepository(models, { credentialRecheckMs: config.credentialRecheckMs });
  const handovers = handoverRepository(models, feed, ledger);
  const standard = overrides.standard ?? createStandard();
  const pdf = overrides.pdf ?? createPdfRenderer((version) => standard.catalogue('handover', version));
  const outbox = outboxRepository(models);
  const admin = adminDepsOf(organisations, config);
  const recipients = recipientRepository(models, feed);
  const funnelStore = funnelRepository(models);
  const figureStore = figureRepository(models);
  const derivationNotes = derivationRepository(models);
  // Kept as events happen: each writes a note the derivation worker derives behind the request (derivations.ts, funnel-events.ts).
  const funnel = deferredFunnel(derivationNotes);
  const metrics = createMetrics({ outboxPending: () => outbox.pendingCount(), lifecycleCounts: () => lifecycleCounts(admin, clock()) });
  db.onCommand((command, seconds, failed) => metrics.observeDbCommand(command, seconds, failed));
  const chain = auditRepository(models);
  const checkpointStore = auditCheckpointRepository(models);
  const sequencer = auditSequencer({
    audit: chain,
    checkpoints: checkpointStore,
    signer,
    clock,
    // The holder names its host and process, so an operator (and a test) can tell who integrates.
    lease: auditLease(models, `${os.hostname()}:${process.pid}:${randomUuid().slice(0, 8)}`, config.auditLeaseMs),
    logger,
    periodMs: config.auditSequencerMs,
    checkpointMs: config.auditCheckpointMs,
    ...(config.auditWitness ? { witness: auditWitness(config.auditWitness) } : {}),
  });
  const audit = withAuditMetrics(settledAudit(chain, sequencer), metrics);
  const webhooks = createWebhookClient({ timeoutMs: config.webhookTimeoutMs, allowPrivate: config.webhookAllowPrivate });
  // Started with the other background jobs (background-jobs.ts).
  const dispatcher = createDispatcher({
    outbox,
    // Every webhook carries the audit log's latest signed checkpoint beside the notification.
    post: async (url, jws) => webhooks.post(url, jws, await sequencer.latestCheckpointJws().catch(() => undefined)),
    onAttempt: (delivered) => metrics.observeDelivery(delivered),
    clock,
    logger,
    maxAttempts: config.webhookMaxAttempts,
    retryBaseMs: config.webhookRetryBaseMs,
    retryMaxMs: config.webhookRetryMaxMs,
    timeoutMs: config.webhookTimeoutMs,
    pollMs: config.webhookPollMs,
  });
  const questions = questionRepository(models);
  const notifications: NotificationDeps = {
    outbox,
    signer,
    clock,
    ids,
    allowHttp: config.webhookAllowHttp,
    targetProblem: (url) => webhooks.targetProblem(url),
    wake: () => dispatcher.wake(),
    // A subscriber's deliveries show the notifications of every version answered 201 (queued by the worker).
    settleQueued: () => derivations.settle(),
  };
  const derivations = deriver({
    derivations: derivationNotes,
    forNote: () => {
      // One note's retention filing, funnel facts and figures share read the same stored handover: once.
      const h = readsOnce(handovers, ['listVersions', 'withdrawnVersions', 'findVersion', 'findVersionMeta', 'findWithdrawal']);
      const r = readsOnce(recipients, ['versionState', 'transfersOf', 'transfer', 'retrievals', 'acknowledgements']);
      return {
        funnel: funnelDerivation({ handovers: h, recipients: r, funnel: funnelStore }),
        figures: figureDerivation({ handovers: h, recipients: r, questions, figures: figureStore }),
        handovers: h,
        recipients: r,
        fileRetention: (handoverId: string) => refileRetention({ handovers: h, retention, clock }, handoverId),
      };
    },
    notifications,
    lease: auditLease(models, `${os.hostname()}:${process.pid}:${randomUuid().slice(0, 8)}`, config.auditLeaseMs, 'derivations'),
    clock,
    logger,
    periodMs: DERIVATION_PERIOD_MS,
    abandonedAfterMs: DERIVATION_ABANDONED_MS,
    settleTimeoutMs: DERIVATION_SETTLE_TIMEOUT_MS,
    readModels: { changed: () => recipients.changedHandovers(), rebuild: (ids) => rebuildReadModels({ handovers, recipients, funnel: funnelStore, reads: recipients, clock, abandonedAfterMs: DERIVATION_ABANDONED_MS }, ids) },
  });
  const registry = { findKey: (kid: string) => organisations.findKey(kid) };
  const keyCache = new KeyCache();
  const retention = retentionRepository(models, feed, attachments);
  const drafts = draftRepository(models);
  const identity = identityRepository(models);
  const sessions = sessionRepository(models);
  const submission: SubmissionDeps = { verify: (req) => verifySignedDocument(registry, keyCache, req), standard, handovers, files: attachments, signer, clock, ids, retention, derivations };
  return {
    config,
    logger,
    db,
    standard,
    organisations,
    admin,
    demoSigning: { generateSigningKey, signDocument },
    handovers,
    attachments,
    ledger,
    signer,
    submission,
    recipientDeps: { handovers, recipients, attachments, signer, clock, ids, feedSettleMs: config.feedSettleMs, organisations, submission, pdf, notifications, funnel, settleVersions: () => derivations.settle(VERSION_NOTES) },
    questionDeps: { handovers, recipients, questions, clock, standard, pdf, notifications },
    childServicesDeps: { handovers, recipients, clock, organisations, pdf },
    retentionDeps: { retention: settledRetention(retention, derivations), handovers, audit, clock, drafts },
    draftDeps: { drafts, clock },
    personSignInDeps: { identity, organisations, sessions, oidc: oidcClient({ allowHttp: config.oidcAllowHttp }), allowHttp: config.oidcAllowHttp, clock },
    sessionDeps: {
      sessions,
      organisations,
      identity,
      clock,
      idleMs: config.sessionIdleMs,
      absoluteMs: config.sessionMaxMs,
      demoSignIn: config.webDemoSignIn === 'on' || (config.webDemoSignIn === 'auto' && !config.mongodbUri),
    },
    funnelDeps: { funnel: funnelStore, clock, settle: () => derivations.settle() },
    figureDeps: { figures: figureStore, clock, settle: () => derivations.settle() },
    audit,
    checkpoints: { audit, checkpoints: checkpointStore, signer, clock },
    auditSequencer: sequencer,
    derivations,
    dispatcher,
    translateError: translateDatabaseError,
    metrics,
    fairShares: createFairShares({
      readsPerSecondPerCredential: config.readsPerSecondPerCredential,
      readsInFlightPerCredential: config.maxConcurrentReadsPerCredential,
      validationsPerSecondPerAddress: config.validationsPerSecondPerAddress,
      validationsInFlightPerAddress: config.maxConcurrentValidationsPerAddress,
    }),
    notifications,
    clock,
    lifecycle: { shuttingDown: false },
    async close() {
      await derivations.stop();
      await dispatcher.stop();
      await sequencer.stop();
      await db.close();
    },
  };
}
