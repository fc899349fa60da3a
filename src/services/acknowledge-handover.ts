/** POST /v1/handovers/:id/acknowledgements: the municipality confirms receipt with a signed delivery receipt. */
import type { Caller } from '../domain/organisations.js';
import { RECEIPT_KINDS } from '../domain/receipt-kinds.js';
import type { AuditFn } from './audit.js';
import { enqueueSenderEvent } from './notifications.js';
import { newReceiptId } from './receipts.js';
import { readableVersion, type RecipientDeps } from './recipient-access.js';
import type { AcknowledgementOutcome, AcknowledgementRecord } from './ports/recipients.js';

/** Exactly what an acknowledgement uses. */
type AcknowledgeDeps = Pick<RecipientDeps, 'clock' | 'ids' | 'handovers' | 'recipients' | 'signer' | 'notifications'>;

export const DELIVERY_RECEIPT_TYP = RECEIPT_KINDS.delivery.typ;

/**
 * The municipality answers a version, once (a repeat returns the first answer): `ok` (usable),
 * `error` (the sender can fix it with a new version) or `fatal` (it cannot be used, e.g.
 * misaddressed), a negative one with its reason and the sections concerned. Answered with a
 * delivery receipt signed by the service key that names the outcome; audited; the sender sees it
 * in the handover's status.
 */
export async function acknowledgeHandover(d: AcknowledgeDeps, caller: Caller, handoverId: string, body: Record<string, unknown>, audit: AuditFn) {
  const { record } = await readableVersion(d, caller, handoverId, body.version as number | undefined);
  const at = d.clock();
  const receiptId = newReceiptId(d.ids);
  const outcome = (body.outcome as AcknowledgementOutcome | undefined) ?? 'ok';
  const jws = await d.signer.sign(
    { type: RECEIPT_KINDS.delivery.type, receiptId, handoverId, version: record.version, jwsSha256: record.jwsSha256, acknowledgedAt: at.toISOString(), outcome, municipalityCode: record.municipalityCode, acknowledgedBy: caller.organisationId, issuer: 'handover-exchange' },
    DELIVERY_RECEIPT_TYP,
  );
  const result = await d.recipients.acknowledge({
    handoverId,
    version: record.version,
    municipalityCode: record.municipalityCode,
    organisationId: caller.organisationId,
    credentialId: caller.credentialId,
    // A person signed in through the identity provider is named by it; the typed name is only a fallback.
    ...(caller.person ? { personId: caller.person.id, personName: caller.person.name } : {}),
    ...(typeof body.caseworker === 'string' ? { caseworker: body.caseworker } : caller.person ? { caseworker: caller.person.name } : {}),
    ...(typeof body.note === 'string' ? { note: body.note } : {}),
    outcome,
    ...(typeof body.reason === 'string' ? { reason: body.reason } : {}),
    ...(Array.isArray(body.pointers) ? { pointers: body.pointers as string[] } : {}),
    at,
    receipt: { receiptId, jws },
    versionFeedSeq: record.feedSeq!,
  });
  await audit({ action: 'acknowledgement.create', handoverId, version: record.version, section: `outcome:${result.acknowledgement.outcome ?? 'ok'}`, outcome: result.created ? 'ok' : 'ok:already-acknowledged' });
  const a = result.acknowledgement;
  // The sender hears of it (the notification's id is the event's, so a repeat changes nothing).
  await enqueueSenderEvent(d.notifications, { event: 'version-acknowledged', organisationId: record.senderOrganisationId, handoverId, version: a.version, municipalityCode: record.municipalityCode, outcome: a.outcome ?? 'ok' });
  return {
    created: result.created,
    body: { receipt: a.receipt.jws, receiptId: a.receipt.receiptId, handoverId, version: a.version, acknowledgedAt: a.at.toISOString(), ...acknowledgementOutcome(a) },
  };
}

/** What an answer said: its outcome (ok when stored before outcomes existed), and for a negative one why and where. */
export function acknowledgementOutcome(a: Pick<AcknowledgementRecord, 'outcome' | 'reason' | 'pointers'>) {
  return { outcome: a.outcome ?? 'ok', ...(a.reason ? { reason: a.reason } : {}), ...(a.pointers?.length ? { pointers: a.pointers } : {}) };
}

