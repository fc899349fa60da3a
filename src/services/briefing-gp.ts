/**
 * The GP practices assigned to a handover's persons and each person's latest result as the
 * coordinating department may see it: what the briefing page and the department's PDF say of the
 * GP. A person whose record was handed on is the receiving municipality's to assign: for it only
 * its own assignments count (`assignedBy`), while the result the earlier practice returned is
 * still the person's and is shown.
 */
import type { BriefingInput } from '../domain/briefing-types.js';
import { resultForDepartment } from './gp.js';
import type { AssessmentResults, GpAssignments } from './ports/recipients.js';
import type { Organisations } from './ports/organisations.js';

export interface BriefingGpDeps {
  recipients: Pick<GpAssignments, 'gpAssignmentsOf'> & Pick<AssessmentResults, 'resultsBy'>;
  organisations: Pick<Organisations, 'findOrganisation'>;
}

export async function briefingGp(d: BriefingGpDeps, handoverId: string, personRefs: readonly string[], o: { assignedBy?: string } = {}): Promise<NonNullable<BriefingInput['gp']>> {
  const [results, assignments] = await Promise.all([d.recipients.resultsBy({ handoverId }), d.recipients.gpAssignmentsOf(handoverId)]);
  const inForce = assignments.filter((a) => personRefs.includes(a.personRef) && (o.assignedBy === undefined || a.municipalityCode === o.assignedBy));
  const practices = await Promise.all([...new Set(inForce.map((a) => a!.gpOrganisationId))].map((id) => d.organisations.findOrganisation(id)));
  return personRefs.flatMap((personRef) => {
    const a = inForce.find((x) => x!.personRef === personRef);
    // The latest result for the person, as the department may see it.
    const latest = results.filter((r) => r.personRef === personRef).sort((x, y) => y.receivedAt.getTime() - x.receivedAt.getTime())[0];
    const view = latest ? resultForDepartment(latest) : undefined;
    if (!a && !view) return [];
    return [
      {
        personRef,
        ...(a ? { assignment: { practiceId: a.gpOrganisationId, practiceName: practices.find((p) => p?.id === a.gpOrganisationId)?.name ?? a.gpOrganisationId, assignedAt: a.assignedAt.toISOString() } } : {}),
        ...(view ? { result: { receivedAt: view.receivedAt, ...('document' in view ? { document: view.document as Record<string, unknown> } : {}) } } : {}),
      },
    ];
  });
}
