/**
 * A person's record handed on from one municipality to another when the person moves after
 * integration responsibility has started (the sender re-addresses before that: recipient.readdressing).
 * The receiving municipality sees only the persons moved: their sections, the relations among
 * them, their attachments' descriptions, consents and urgent flags; nothing of who stayed.
 */
import type { FieldError } from '../errors.js';
import type { Handover } from './handover-types.js';

export interface RecordTransfer {
  transferId: string;
  handoverId: string;
  /** The version current when the record was handed on (the receiving side reads the current one). */
  version: number;
  fromMunicipalityCode: string;
  toMunicipalityCode: string;
  personRefs: string[];
  movedOn: string;
  reason?: string;
  transferredAt: Date;
  transferredBy: string;
  receipt: { receiptId: string; jws: string };
}

/** The handover as far as the moved persons go. */
export function restrictToPersons(doc: Handover, personRefs: readonly string[]): Handover {
  const moved = new Set(personRefs);
  return {
    ...doc,
    persons: doc.persons.filter((p) => moved.has(p.personRef)),
    household: {
      relations: doc.household.relations.filter((r) => moved.has(r.from) && moved.has(r.to)),
      livingArrangements: doc.household.livingArrangements.map((l) => ({ ...l, personRefs: l.personRefs.filter((p) => moved.has(p)) })).filter((l) => l.personRefs.length > 0),
    },
    attachments: doc.attachments.filter((a) => moved.has(a.personRef)),
    consents: doc.consents.filter((c) => moved.has(c.personRef)),
    urgentFlags: doc.urgentFlags.filter((f) => moved.has(f.personRef)),
  };
}

/**
 * What stops a record being handed on: before integration responsibility starts the sender
 * re-addresses instead; a person not in the handover, or already handed on, cannot be; a
 * municipality does not hand on to itself.
 */
export function transferProblems(doc: Handover, t: { fromMunicipalityCode: string; toMunicipalityCode: string; personRefs: readonly string[]; movedOn: string }, alreadyMoved: ReadonlySet<string>, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (t.toMunicipalityCode === t.fromMunicipalityCode) errors.push({ pointer: '/toMunicipalityCode', keyword: 'otherMunicipality', message: 'must be another municipality than the one handing the record on' });
  if (doc.integrationResponsibilityFrom > today || t.movedOn < doc.integrationResponsibilityFrom) {
    errors.push({ pointer: '/movedOn', keyword: 'afterIntegrationResponsibility', message: `integration responsibility starts ${doc.integrationResponsibilityFrom}: before that the sender re-addresses the handover (recipient.readdressing), the municipality does not hand it on` });
  }
  if (t.movedOn > today) errors.push({ pointer: '/movedOn', keyword: 'notInFuture', message: 'must not be after today: a record is handed on when the person has moved' });
  for (const [i, ref] of t.personRefs.entries()) {
    if (!doc.persons.some((p) => p.personRef === ref)) errors.push({ pointer: `/personRefs/${i}`, keyword: 'knownPersonRef', message: 'must be a person in this handover' });
    else if (alreadyMoved.has(ref)) errors.push({ pointer: `/personRefs/${i}`, keyword: 'notYetTransferred', message: "this person's record was handed on already" });
  }
  return errors;
}

/**
 * The municipality responsible for a person now: the one the person's record was handed on to
 * (the latest transfer naming the person), else the municipality holding the handover. It alone
 * assigns the person's GP, and only its assignment is in force.
 */
export function responsibleMunicipality(personRef: string, holder: string | undefined, transfers: readonly Pick<RecordTransfer, 'personRefs' | 'toMunicipalityCode'>[]): string | undefined {
  return transfers.filter((t) => t.personRefs.includes(personRef)).at(-1)?.toMunicipalityCode ?? holder;
}
