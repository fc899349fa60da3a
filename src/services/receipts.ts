/** The receipts the service signs, each kind under its own typ (domain/receipt-kinds.ts), and how a client sees them. */
import type { IssuedReceipt } from '../domain/handover-record.js';
import type { IdGenerator } from '../domain/crypto.js';
import { RECEIPT_KINDS, type ReceiptKind } from '../domain/receipt-kinds.js';
import type { ServiceSigner } from '../signing/service-signer.js';

/** The kinds `signReceipt` signs, by their signed `type`. */
const KIND_OF_TYPE = { 'handover-receipt': 'submission', 'withdrawal-receipt': 'withdrawal', 'assessment-result-receipt': 'assessment-result' } as const satisfies Record<string, ReceiptKind>;

export interface ReceiptClaims {
  type: keyof typeof KIND_OF_TYPE;
  receiptId: string;
  handoverId: string;
  version: number;
  /** SHA-256 (hex) of the exact bytes received. */
  jwsSha256: string;
  receivedAt: string;
  senderOrganisationId: string;
  municipalityCode?: string;
  completenessScore?: number;
  /** An assessment result's: which result, for whom. */
  resultId?: string;
  personRef?: string;
  issuer: 'handover-exchange';
}

/** Receipt ids are random (not derived from anything), so one cannot be guessed from another. */
export const newReceiptId = (ids: IdGenerator) => ids.next('rcpt');

/** Signs a receipt with the service key under a new receipt id. */
export async function signReceipt(d: { signer: ServiceSigner; ids: IdGenerator }, claims: Omit<ReceiptClaims, 'issuer' | 'receiptId'>): Promise<{ issued: IssuedReceipt; claims: ReceiptClaims }> {
  const full: ReceiptClaims = { ...claims, receiptId: newReceiptId(d.ids), issuer: 'handover-exchange' };
  const signer = d.signer;
  return { issued: { receiptId: full.receiptId, jws: await signer.sign({ ...full }, RECEIPT_KINDS[KIND_OF_TYPE[full.type]].typ) }, claims: full };
}

/** The receipt's claims, read back from its own (service-signed) JWS. */
export function receiptClaims(receipt: IssuedReceipt): ReceiptClaims {
  return JSON.parse(Buffer.from(receipt.jws.split('.')[1]!, 'base64url').toString('utf8')) as ReceiptClaims;
}

/** The answer to a stored submission: the receipt JWS and its claims. */
export function receiptResponse(receipt: IssuedReceipt) {
  return { receipt: receipt.jws, ...receiptClaims(receipt) };
}

/** The receipt for a person's record handed on to another municipality: who, from where, to where, from which version. */
export async function signTransferReceipt(
  d: { signer: ServiceSigner; ids: IdGenerator },
  claims: { transferId: string; handoverId: string; version: number; jwsSha256: string; personRefs: string[]; fromMunicipalityCode: string; toMunicipalityCode: string; movedOn: string; transferredAt: string },
): Promise<IssuedReceipt> {
  const receiptId = newReceiptId(d.ids);
  return { receiptId, jws: await d.signer.sign({ type: RECEIPT_KINDS.transfer.type, receiptId, ...claims, issuer: 'handover-exchange' }, RECEIPT_KINDS.transfer.typ) };
}
