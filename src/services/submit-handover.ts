/**
 * Accepting a signed handover: verify the signature, then the document, then the sender, the
 * version chain and the attachments; sign a receipt and store the version in one write. Any
 * failure stores nothing: files already streamed to GridFS are removed again.
 */
import { matchAttachments, type UploadedFile } from '../domain/attachment-manifest.js';
import type { HandoverVersionRecord, IssuedReceipt } from '../domain/handover-record.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import type { CompletenessReport } from '../domain/completeness.js';
import { figureFactsOf } from '../domain/figures.js';
import { feedSummaryOf } from '../domain/recipient-views.js';
import { parseStrictJson } from '../domain/strict-json.js';
import { formatIsoDate } from '../domain/dates.js';
import { retentionDue } from '../domain/retention.js';
import { AppError, handoverDeleted, handoverIdTaken, handoverVersionConflict, payloadNotJson, readdressingNotMatching, recipientChangeNotAllowed, retentionPeriodPassed, senderMismatch, supersedesNotCurrent, validationFailed, versionOutOfSequence } from '../errors.js';
import type { IdGenerator } from '../domain/crypto.js';
import type { ServiceSigner } from '../signing/service-signer.js';
import type { JwsSerialization } from '../domain/stored-jws.js';
import type { VerifiedDocument, VerifyRequest } from '../signing/verify-signed-document.js';
import { VersionExistsError } from '../domain/write-outcomes.js';
import type { Standard } from '../validation/standard.js';
import type { AuditFn } from './audit.js';
import type { Deriver } from './derivations.js';
import type { NotificationDeps } from './notifications.js';
import { receiptClaims, signReceipt } from './receipts.js';
import { recordingRefusal } from './submission-outcome.js';
import { validateDocument, type DocumentValidation } from './validate-document.js';
import { normaliseMunicipalityCode } from '../domain/municipality-code.js';
import type { RetentionSchedule } from './ports/retention.js';
import type { Handovers } from './ports/handovers.js';

export const HANDOVER_TYP = 'handover+jws';

export interface SubmissionDeps {
  /** Verifies a signed document (signing/verify-signed-document.ts, with the key registry and cache wired in deps.ts). */
  verify: (req: VerifyRequest) => Promise<VerifiedDocument>;
  standard: Standard;
  handovers: Handovers;
  files: { remove(fileIds: readonly string[]): Promise<void> };
  signer: ServiceSigner;
  clock: () => Date;
  ids: IdGenerator;
  /** The retention schedule: a withdrawal refiles its handover (a version is filed by the derivation worker). */
  retention: Pick<RetentionSchedule, 'schedule'>;
  /**
   * The worker deriving what others derive from a stored version (derivations.ts: the funnel's
   * counts, the municipality's notification), from the note the version's own writes carry:
   * woken once a version is stored, so it derives behind the answer.
   */
  derivations: Pick<Deriver, 'wake'>;
}

/** What the whole submission story uses: the pipeline's adapters and the notification outbox. */
export interface SubmitDeps extends SubmissionDeps {
  notifications: NotificationDeps;
}

export interface SignedInput {
  bytes: Buffer;
  serialization: JwsSerialization;
}

export interface SubmissionResult {
  /** false when this exact submission was already stored (a safe retry): the original receipt. */
  created: boolean;
  receipt: IssuedReceipt;
}

/** Parses a verified payload and validates it as the expected document type (with its time checked against `receivedAt` when given). */
export function parseSignedPayload(standard: Standard, verified: VerifiedDocument, documentType: string, receivedAt?: Date): Record<string, unknown> {
  return validatedPayload(standard, verified, documentType, receivedAt).doc;
}

/** The verified payload parsed and validated, with what the validation reported (a handover's completeness). */
function validatedPayload(standard: Standard, verified: VerifiedDocument, documentType: string, receivedAt?: Date): { doc: Record<string, unknown>; validation: DocumentValidation } {
  let doc: unknown;
  try {
    doc = parseStrictJson(verified.payload);
  } catch (err) {
    // A parse rule (duplicate member, prototype key, ambiguous number, depth) keeps its own
    // problem type and status, wherever the JSON came from.
    if (err instanceof AppError && err.errors) throw err;
    throw payloadNotJson('the signed payload is not valid UTF-8 JSON');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw payloadNotJson('the signed payload must be a JSON object');
  const result = validateDocument(standard, doc, receivedAt);
  if (result.documentType && result.documentType !== documentType) {
    throw validationFailed([{ pointer: '/documentType', keyword: 'const', message: `must be "${documentType}" for this endpoint` }]);
  }
  if (!result.valid) throw validationFailed(result.errors);
  return { doc: doc as Record<string, unknown>, validation: result };
}

type StoredVersions = Awaited<ReturnType<Handovers['listVersions']>>;

/**
 * A new version keeps its recipient, or says it was re-addressed (1.1 `recipient.readdressing`):
 * a different recipient without it would silently move the handover and leave the first
 * municipality holding it. Re-addressed, the first municipality's access ends with this version
 * (recipient-access.ts) and the new one sees the whole history.
 */
function checkRecipient(doc: Handover, previousRecipient: string | undefined): void {
  const readdressing = doc.recipient.readdressing;
  const to = normaliseMunicipalityCode(doc.recipient.municipalityCode);
  const before = previousRecipient === undefined ? undefined : normaliseMunicipalityCode(previousRecipient);
  if (before === undefined || before === to) {
    if (readdressing) throw readdressingNotMatching(before === undefined ? 'a first version has no recipient to be re-addressed from' : `the recipient is still ${before}: nothing was re-addressed`);
    return;
  }
  if (!readdressing) throw recipientChangeNotAllowed(before);
  if (normaliseMunicipalityCode(readdressing.fromMunicipalityCode) !== before) throw readdressingNotMatching(`must be ${before}, the recipient of the version before`);
}

async function checkVersionChain(handovers: Handovers, caller: Caller, doc: Handover, versions: StoredVersions): Promise<void> {
  if (versions.some((v) => v.senderOrganisationId !== caller.organisationId)) {
    throw handoverIdTaken();
  }
  const latest = versions[0];
  const expected = (latest?.version ?? 0) + 1;
  if (doc.version !== expected) {
    throw versionOutOfSequence(expected);
  }
  if (doc.version === 1) return checkRecipient(doc, undefined);
  const withdrawn = await handovers.withdrawnVersions(doc.handoverId, versions.map((v) => v.version));
  const current = versions.find((v) => !withdrawn.has(v.version));
  if (!current || doc.supersedes?.version !== current.version) {
    throw supersedesNotCurrent(current?.version);
  }
  // Compared with the version it supersedes (a withdrawn re-addressing no longer counts).
  checkRecipient(doc, current.municipalityCode);
}

/** The signature verified, the document parsed and validated, the sender matched: not yet checked against what is stored. */
export interface AcceptedSubmission {
  receivedAt: Date;
  verified: VerifiedDocument;
  doc: Handover;
  /** From the one validation of the document: its score goes in the receipt. */
  completeness: CompletenessReport;
}

/** The verification part of a submission: the JWS and key rules, then the payload's validity and sender, nothing stored. */
export async function verifySubmission(d: SubmissionDeps, caller: Caller, input: SignedInput): Promise<AcceptedSubmission> {
  const receivedAt = d.clock();
  const verified = await d.verify({ ...input, expectedTyp: HANDOVER_TYP, organisationId: caller.organisationId, receivedAt });
  const { doc, validation } = validatedPayload(d.standard, verified, 'handover', receivedAt);
  const handover = doc as unknown as Handover;
  if (handover.sender.organisationId !== caller.organisationId) throw senderMismatch();
  return { receivedAt, verified, doc: handover, completeness: validation.completeness! };
}

/** The version as it will be stored, with its signed receipt: what one insert makes visible. */
export async function buildVersionRecord(d: SubmissionDeps, caller: Caller, input: SignedInput, accepted: AcceptedSubmission, attachments: HandoverVersionRecord['attachments']): Promise<HandoverVersionRecord> {
  const { receivedAt, verified, doc, completeness } = accepted;
  const { issued } = await signReceipt(d, {
    type: 'handover-receipt',
    handoverId: doc.handoverId,
    version: doc.version,
    jwsSha256: verified.jwsSha256,
    receivedAt: receivedAt.toISOString(),
    senderOrganisationId: caller.organisationId,
    municipalityCode: doc.recipient.municipalityCode,
    completenessScore: completeness.score,
  });
  return {
    handoverId: doc.handoverId,
    version: doc.version,
    ...(doc.supersedes ? { supersedesVersion: doc.supersedes.version } : {}),
    senderOrganisationId: caller.organisationId,
    municipalityCode: doc.recipient.municipalityCode,
    receivedAt,
    jwsSha256: verified.jwsSha256,
    jws: input.bytes,
    serialization: verified.serialization,
    verification: verified.verification,
    payload: doc as unknown as Record<string, unknown>,
    attachments,
    receipt: issued,
    completenessScore: completeness.score,
    expectedArrivalDate: doc.expectedArrival.date,
    urgentFlagCount: doc.urgentFlags.length,
    feedAt: d.clock(),
    feedSummary: feedSummaryOf(doc),
    figureFacts: figureFactsOf(doc),
  };
}

/**
 * POST /v1/handovers, the whole story: verify the signed handover and store it (or recognise a
 * retry) and record the outcome in the audit log (a refusal too, with its problem code).
 * Promises: a 201 means the version, its signed bytes and files are stored, the receipt is signed,
 * and what others derive from the version (the funnel's counts, the municipality's notification)
 * is noted with it and derived behind the answer (derivations.ts), so a crash after the 201 loses
 * none of it; a retry of the same bytes gets the original receipt; any refusal stores nothing; if
 * the audit log cannot be written, the request fails.
 */
export async function submitHandover(d: SubmitDeps, caller: Caller, input: SignedInput, uploads: readonly UploadedFile[], audit: AuditFn): Promise<SubmissionResult> {
  const result = await recordingRefusal(audit, 'handover.submit', undefined, () => storeHandoverVersion(d, caller, input, uploads));
  const { handoverId, version } = receiptClaims(result.receipt);
  await audit({ action: 'handover.submit', handoverId, version, outcome: result.created ? 'ok' : 'ok:replayed' });
  d.derivations.wake();
  return result;
}

/**
 * Verifies and stores one signed handover version, without audit or notification (the demo data
 * and the benchmark's seeding use this directly): the submission pipeline proper.
 */
export async function storeHandoverVersion(d: SubmissionDeps, caller: Caller, input: SignedInput, uploads: readonly UploadedFile[]): Promise<SubmissionResult> {
  let keepFiles = false;
  try {
    const accepted = await verifySubmission(d, caller, input);
    const { verified, doc } = accepted;

    // One probe by _id per stored version (one for a new handover): each is a read of the whole collection on FerretDB.
    // A handover deleted under its retention rule stays deleted: its id is spent (its tombstone probed by _id beside the versions).
    const [versions, deleted] = await Promise.all([d.handovers.listVersions(doc.handoverId), doc.version === 1 ? d.handovers.wasDeleted(doc.handoverId) : Promise.resolve(false)]);
    // Another sender's id is taken whatever version and bytes are sent (never a "conflict" with a version that is not the caller's).
    if (versions.some((v) => v.senderOrganisationId !== caller.organisationId)) throw handoverIdTaken();
    if (deleted || versions.some((v) => v.retired)) throw handoverDeleted();
    if (versions.some((v) => v.version === doc.version)) return replay((await d.handovers.findVersionMeta(doc.handoverId, doc.version))!, caller, verified.jwsSha256);
    // A retry of a stored version was answered above: its receipt stands even when its handover has fallen due since.
    refuseWhenDue(doc, accepted.receivedAt);
    try {
      await checkVersionChain(d.handovers, caller, doc, versions);
    } catch (err) {
      // A concurrent twin may have stored this very version since we looked: then it is a retry.
      const stored = await d.handovers.findVersionMeta(doc.handoverId, doc.version);
      if (stored) return replay(stored, caller, verified.jwsSha256);
      throw err;
    }

    const match = matchAttachments(doc.attachments, uploads);
    if ('error' in match) throw match.error;

    const record = await buildVersionRecord(d, caller, input, accepted, match.matched.map(({ entry, file }) => ({ ...entry, fileId: file.fileId })));
    try {
      // Files first (already in GridFS), the document last: the one write that makes it visible. Its
      // end of life is filed by the derivation worker from the note the version's writes carry (derivations.ts).
      await d.handovers.insertVersion(record);
    } catch (err) {
      if (!(err instanceof VersionExistsError)) throw err;
      // A concurrent twin won the race: same bytes get its receipt, different bytes a conflict.
      const winner = await d.handovers.findVersionMeta(doc.handoverId, doc.version);
      if (!winner) throw err;
      return replay(winner, caller, verified.jwsSha256);
    }
    keepFiles = true;
    return { created: true, receipt: record.receipt };
  } finally {
    if (!keepFiles && uploads.length > 0) await d.files.remove(uploads.map((u) => u.fileId));
  }
}

/**
 * A version already due under its retention rule at receipt would be deleted at the retention
 * job's next run: it is refused instead. (One in time is filed by the derivation worker.)
 */
function refuseWhenDue(doc: Handover, receivedAt: Date): void {
  const due = retentionDue({ integrationResponsibilityFrom: doc.integrationResponsibilityFrom });
  const today = formatIsoDate(receivedAt);
  // The job deletes what is due on or before its day (services/retention.ts): the same comparison.
  if (due.dueOn <= today) throw retentionPeriodPassed(doc.integrationResponsibilityFrom, due.kind, due.dueOn, today);
}

function replay(existing: Pick<HandoverVersionRecord, 'version' | 'jwsSha256' | 'receipt' | 'senderOrganisationId'>, caller: Caller, jwsSha256: string): SubmissionResult {
  // A concurrent first version under the same id by another sender: the id is taken.
  if (existing.senderOrganisationId !== caller.organisationId) throw handoverIdTaken();
  if (existing.jwsSha256 !== jwsSha256) {
    throw handoverVersionConflict(existing.version);
  }
  return { created: false, receipt: existing.receipt };
}
