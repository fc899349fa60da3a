/** POST /v1/handovers/:id/acknowledgements: the municipality confirms receipt with a signed delivery receipt. */
import type { Caller } from '../domain/organisations.js';
import { forbidden, validationFailed } from '../errors.js';
import type { AuditFn } from './audit.js';
import { newReceiptId } from './receipts.js';
import { readableVersion, type RecipientDeps } from './recipient-access.js';

/** Exactly what an acknowledgement uses. */
type AcknowledgeDeps = Pick<RecipientDeps, 'bodyProblems' | 'clock' | 'ids' | 'handovers' | 'recipients' | 'signer'>;

export const DELIVERY_RECEIPT_TYP = 'handover-delivery-receipt+jws';

/**
 * The municipality confirms receipt of a version: stored once (a repeat returns the first
 * acknowledgement), answered with a delivery receipt signed by the service key, audited.
 */
export async function acknowledgeHandover(d: AcknowledgeDeps, caller: Caller, handoverId: string, body: Record<string, unknown>, audit: AuditFn) {
  const errors = d.bodyProblems('acknowledgement', body);
  if (errors.length > 0) throw validationFailed(errors);
  if (caller.role !== 'municipality') throw forbidden('only the addressed municipality acknowledges');
  const { record } = await readableVersion(d, caller, handoverId, body.version as number | undefined);
  const at = d.clock();
  const receiptId = newReceiptId(d.ids);
  const jws = await d.signer.sign(
    { type: 'delivery-receipt', receiptId, handoverId, version: record.version, jwsSha256: record.jwsSha256, acknowledgedAt: at.toISOString(), municipalityCode: record.municipalityCode, acknowledgedBy: caller.organisationId, issuer: 'handover-exchange' },
    DELIVERY_RECEIPT_TYP,
  );
  const result = await d.recipients.acknowledge({
    handoverId,
    version: record.version,
    municipalityCode: record.municipalityCode,
    organisationId: caller.organisationId,
    credentialId: caller.credentialId,
    ...(typeof body.caseworker === 'string' ? { caseworker: body.caseworker } : {}),
    ...(typeof body.note === 'string' ? { note: body.note } : {}),
    at,
    receipt: { receiptId, jws },
    versionFeedSeq: record.feedSeq!,
  });
  await audit({ action: 'acknowledgement.create', handoverId, version: record.version, outcome: result.created ? 'ok' : 'ok:already-acknowledged' });
  const a = result.acknowledgement;
  return { created: result.created, body: { receipt: a.receipt.jws, receiptId: a.receipt.receiptId, handoverId, version: a.version, acknowledgedAt: a.at.toISOString() } };
}

