/** A sender withdraws one version of its handover with a signed withdrawal; history is never edited. */
import type { Caller } from '../domain/organisations.js';
import { alreadyWithdrawn, handoverIdMismatch, notFound, senderMismatch } from '../errors.js';
import { VersionExistsError } from '../domain/write-outcomes.js';
import type { AuditFn } from './audit.js';
import { receiptClaims, signReceipt } from './receipts.js';
import { refileRetention } from './retention.js';
import { notifyMunicipality, recordingRefusal } from './submission-outcome.js';
import { unknownHandover } from './recipient-access.js';
import { parseSignedPayload, type SignedInput, type SubmissionDeps, type SubmissionResult, type SubmitDeps } from './submit-handover.js';

export const WITHDRAWAL_TYP = 'handover-withdrawal+jws';

interface Withdrawal {
  handoverId: string;
  version: number;
  senderOrganisationId: string;
  withdrawnAt: string;
  reason: string;
  reasonText?: string;
}

/**
 * POST /v1/handovers/:id/withdrawals, the whole story: verify the signed withdrawal and store it
 * (a retry gets the original receipt), record the outcome in the audit log (a refusal too), and
 * queue the municipality's notification. The withdrawn version stays stored; reads show it as
 * withdrawn from then on.
 */
export async function withdrawHandover(d: SubmitDeps, caller: Caller, handoverId: string, input: SignedInput, audit: AuditFn): Promise<SubmissionResult> {
  const result = await recordingRefusal(audit, 'handover.withdraw', handoverId, () => storeWithdrawal(d, caller, handoverId, input));
  const { version } = receiptClaims(result.receipt);
  // Every version withdrawn: the handover falls under the shorter rule (a retry refiles the same).
  await refileRetention(d, handoverId);
  await audit({ action: 'handover.withdraw', handoverId, version, outcome: result.created ? 'ok' : 'ok:replayed' });
  // The version's own notification is queued by the derivation worker: queued first, so a
  // subscriber never hears "withdrawn" before "received" of the same version.
  await d.notifications.settleQueued?.();
  await notifyMunicipality(d, 'version-withdrawn', handoverId, version);
  return result;
}

/** Verifies and stores a signed withdrawal of one version, without audit or notification. */
async function storeWithdrawal(d: SubmissionDeps, caller: Caller, handoverId: string, input: SignedInput): Promise<SubmissionResult> {
  const receivedAt = d.clock();
  const verified = await d.verify({ ...input, expectedTyp: WITHDRAWAL_TYP, organisationId: caller.organisationId, receivedAt });
  const doc = parseSignedPayload(d.standard, verified, 'handover-withdrawal') as unknown as Withdrawal;
  if (doc.senderOrganisationId !== caller.organisationId) {
    throw senderMismatch('/senderOrganisationId');
  }
  if (doc.handoverId !== handoverId) {
    throw handoverIdMismatch();
  }
  // Access first, by the one query that finds the handover: another sender's (or a deleted one) is
  // answered, and costs, exactly as one that does not exist; nothing of it is read before.
  if (!(await d.handovers.isAccessibleTo(handoverId, { senderOrganisationId: caller.organisationId }))) throw unknownHandover();
  const version = await d.handovers.findVersion(doc.handoverId, doc.version);
  if (!version || version.senderOrganisationId !== caller.organisationId) throw notFound('no such handover version');
  const existing = await d.handovers.findWithdrawal(doc.handoverId, doc.version);
  if (existing) {
    if (existing.jwsSha256 === verified.jwsSha256) return { created: false, receipt: existing.receipt };
    throw alreadyWithdrawn(`version ${doc.version} was withdrawn at ${existing.withdrawnAt.toISOString()}`);
  }
  const { issued } = await signReceipt(d, {
    type: 'withdrawal-receipt',
    handoverId: doc.handoverId,
    version: doc.version,
    jwsSha256: verified.jwsSha256,
    receivedAt: receivedAt.toISOString(),
    senderOrganisationId: caller.organisationId,
    municipalityCode: version.municipalityCode,
  });
  try {
    await d.handovers.insertWithdrawal({
      handoverId: doc.handoverId,
      version: doc.version,
      reason: doc.reasonText ? `${doc.reason}: ${doc.reasonText}` : doc.reason,
      withdrawnAt: receivedAt,
      senderOrganisationId: caller.organisationId,
      jws: input.bytes,
      jwsSha256: verified.jwsSha256,
      verification: verified.verification,
      receipt: issued,
      municipalityCode: version.municipalityCode,
      feedAt: d.clock(),
    });
  } catch (err) {
    if (!(err instanceof VersionExistsError)) throw err;
    const winner = await d.handovers.findWithdrawal(doc.handoverId, doc.version);
    if (winner?.jwsSha256 === verified.jwsSha256) return { created: false, receipt: winner.receipt };
    throw alreadyWithdrawn(`version ${doc.version} is already withdrawn`);
  }
  return { created: true, receipt: issued };
}

/** The sender's view of its handover: every version, its receipt and whether it is withdrawn. */
export async function handoverVersionsForSender(d: Pick<SubmissionDeps, 'handovers'>, caller: Caller, handoverId: string) {
  // Decided by the query that finds it (another sender's, or deleted, is an unknown id at the same cost), as every read is.
  if (!(await d.handovers.isAccessibleTo(handoverId, { senderOrganisationId: caller.organisationId }))) throw unknownHandover();
  const versions = await d.handovers.listVersions(handoverId);
  if (versions.length === 0 || versions.some((v) => v.retired || v.senderOrganisationId !== caller.organisationId)) throw unknownHandover();
  const withdrawn = await d.handovers.withdrawnVersions(handoverId, versions.map((v) => v.version));
  const current = versions.find((v) => !withdrawn.has(v.version));
  return {
    handoverId,
    currentVersion: current?.version ?? null,
    status: current ? 'submitted' : 'withdrawn',
    versions: versions.map((v) => ({ version: v.version, jwsSha256: v.jwsSha256, withdrawn: withdrawn.has(v.version), current: v.version === current?.version })),
  };
}
