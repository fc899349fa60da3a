/**
 * Which GP assignments are in force: an assignment holds while the municipality that made it is
 * responsible for the person, so a re-addressing (the new holder) or a transfer of the person's
 * record (the receiving municipality) ends the earlier one without touching it; the new one
 * assigns afresh. One rule for the GP's list, summary, FHIR, PDF and results.
 */
import type { GpAssignment } from '../storage/recipient.repository.js';
import { responsibleMunicipality } from '../domain/record-transfer.js';
import { holderOf, type ReadAccess } from './recipient-access.js';

/** Who is responsible for each person of a handover now (undefined when it has no versions). */
export async function responsibleFor(d: ReadAccess, handoverId: string): Promise<(personRef: string) => string | undefined> {
  const [state, transfers] = await Promise.all([d.recipients.versionState(handoverId), d.recipients.transfersOf(handoverId)]);
  const holder = state ? await holderOf(d, handoverId, state) : undefined;
  return (personRef) => responsibleMunicipality(personRef, holder, transfers);
}

/** The assignments still in force, in the order given (one look per handover). */
export async function assignmentsInForce<A extends Pick<GpAssignment, 'handoverId' | 'personRef' | 'municipalityCode'>>(d: ReadAccess, assignments: readonly A[]): Promise<A[]> {
  const handovers = [...new Set(assignments.map((a) => a.handoverId))];
  const rules = new Map(await Promise.all(handovers.map(async (id) => [id, await responsibleFor(d, id)] as const)));
  return assignments.filter((a) => rules.get(a.handoverId)!(a.personRef) === a.municipalityCode);
}

/** The assignment of a person, if one is in force. */
export async function assignmentInForce<A extends Pick<GpAssignment, 'handoverId' | 'personRef' | 'municipalityCode'>>(d: ReadAccess, assignment: A | undefined): Promise<A | undefined> {
  return assignment ? (await assignmentsInForce(d, [assignment]))[0] : undefined;
}
