/** The GP practices assigned to a handover's persons and each person's latest result as the coordinating department may see it: what the briefing page and the department's PDF say of the GP. */
import type { BriefingInput } from '../domain/briefing.js';
import type { OrganisationRepository } from '../storage/organisation.repository.js';
import { resultForDepartment } from './gp.js';
import type { RecipientDeps } from './recipient-access.js';

export type BriefingGpDeps = Pick<RecipientDeps, 'recipients'> & { organisations: Pick<OrganisationRepository, 'findOrganisation'> };

export async function briefingGp(d: BriefingGpDeps, handoverId: string, personRefs: readonly string[]): Promise<NonNullable<BriefingInput['gp']>> {
  const [results, assignments] = await Promise.all([d.recipients.resultsBy({ handoverId }), Promise.all(personRefs.map((ref) => d.recipients.gpAssignment(handoverId, ref)))]);
  const assigned = assignments.filter((a) => a !== undefined);
  const practices = await Promise.all([...new Set(assigned.map((a) => a.gpOrganisationId))].map((id) => d.organisations.findOrganisation(id)));
  return assigned.map((a) => {
    // The latest result for the person, as the department may see it.
    const latest = results.filter((r) => r.personRef === a.personRef).sort((x, y) => y.receivedAt.getTime() - x.receivedAt.getTime())[0];
    const view = latest ? resultForDepartment(latest) : undefined;
    return {
      personRef: a.personRef,
      practiceName: practices.find((o) => o?.id === a.gpOrganisationId)?.name ?? a.gpOrganisationId,
      assignedAt: a.assignedAt.toISOString(),
      ...(view ? { result: { receivedAt: view.receivedAt, ...('document' in view ? { document: view.document as Record<string, unknown> } : {}) } } : {}),
    };
  });
}
