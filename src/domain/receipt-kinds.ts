/**
 * The kinds of receipt the service signs, each with its own JWS `typ` and signed `type`, so that a
 * receipt of one kind cannot pass for another (a transfer receipt once verified as a submission
 * receipt); and how a receipt's kind is read back, also from receipts signed before each kind had
 * its own `typ`.
 */

export const RECEIPT_KINDS = {
  /** A handover version accepted (POST /v1/handovers). */
  submission: { typ: 'handover-receipt+jws', type: 'handover-receipt', name: 'submission receipt' },
  /** The municipality's acknowledgement of a version. */
  delivery: { typ: 'handover-delivery-receipt+jws', type: 'delivery-receipt', name: 'delivery receipt' },
  /** A version withdrawn by its sender. */
  withdrawal: { typ: 'handover-withdrawal-receipt+jws', type: 'withdrawal-receipt', name: 'withdrawal receipt' },
  /** Persons' records handed on to another municipality. */
  transfer: { typ: 'record-transfer-receipt+jws', type: 'transfer-receipt', name: 'transfer receipt' },
  /** A GP's signed health-assessment result accepted. */
  'assessment-result': { typ: 'health-assessment-result-receipt+jws', type: 'assessment-result-receipt', name: 'assessment-result receipt' },
} as const;

export type ReceiptKind = keyof typeof RECEIPT_KINDS;

export const RECEIPT_KIND_NAMES = Object.keys(RECEIPT_KINDS) as ReceiptKind[];

/**
 * Until 2026-12 every receipt but the delivery receipt was signed as `handover-receipt+jws`; the
 * signed `type` tells those apart. (Assessment-result receipts of that time said
 * `handover-receipt` too, so they read as submission receipts for the result's bytes.)
 */
const LEGACY_TYP = 'handover-receipt+jws';
const LEGACY_TYPES: Readonly<Record<string, ReceiptKind>> = { 'handover-receipt': 'submission', 'withdrawal-receipt': 'withdrawal', 'transfer-receipt': 'transfer' };

/** The kind of a receipt from its protected `typ` and its signed `type`, when both agree on one. */
export function receiptKindOf(typ: unknown, type: unknown): ReceiptKind | undefined {
  const own = RECEIPT_KIND_NAMES.find((k) => RECEIPT_KINDS[k].typ === typ && RECEIPT_KINDS[k].type === type);
  if (own) return own;
  return typ === LEGACY_TYP && typeof type === 'string' ? LEGACY_TYPES[type] : undefined;
}

/** "a transfer receipt", "an assessment-result receipt". */
export function receiptKindPhrase(kind: ReceiptKind): string {
  const name = RECEIPT_KINDS[kind].name;
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}
