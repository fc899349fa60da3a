/** GET /v1/handovers/:id/briefing: the caseworker's briefing (domain/briefing.ts) in the reader's language, within consent; read like the handover itself (retrieval recorded, one audit event per person). */
import { buildBriefing, type Briefing } from '../domain/briefing.js';
import { medicationWarnings } from '../domain/critical-medications.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { coordinatingDepartmentView, deadlinesFor } from '../domain/recipient-views.js';
import type { OrganisationRepository } from '../storage/organisation.repository.js';
import type { AuditFn } from './audit.js';
import { resultForDepartment } from './gp.js';
import { readableVersion, type RecipientDeps } from './recipient-access.js';
import { consentRows, type PdfDeps } from './render-pdf.js';

/** Exactly what the briefing reads. */
export type BriefingDeps = Pick<RecipientDeps, 'clock' | 'funnel' | 'handovers' | 'recipients'> & Pick<PdfDeps, 'pdf'> & { organisations: Pick<OrganisationRepository, 'findOrganisation'> };

/**
 * The current version as the coordinating department may see it, per person, findings first, with
 * the GP assigned and the GP's result where the GP's consent shares it. For the holding municipality only.
 */
export async function readBriefing(d: BriefingDeps, caller: Caller, handoverId: string, lang: string | undefined, audit: AuditFn): Promise<Briefing & { handoverId: string; version: number; schemaVersion: string }> {
  const { record } = await readableVersion(d, caller, handoverId);
  const doc = record.payload as unknown as Handover;
  const now = d.clock();
  const [changes, results] = await Promise.all([
    d.recipients.consentChanges(handoverId),
    d.recipients.resultsBy({ handoverId }),
    d.recipients.recordRetrieval(handoverId, record.version, caller.organisationId, now, caller.person),
    d.funnel.retrieved(handoverId, caller.municipalityCode!, doc.persons.map((p) => p.personRef), now),
  ]);
  const assignments = (await Promise.all(doc.persons.map((p) => d.recipients.gpAssignment(handoverId, p.personRef)))).filter((a) => a !== undefined);
  const practices = await Promise.all([...new Set(assignments.map((a) => a.gpOrganisationId))].map((id) => d.organisations.findOrganisation(id)));
  const { document, withheld } = coordinatingDepartmentView(doc, changes);
  const gp = assignments.map((a) => {
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
  const briefing = buildBriefing(d.pdf.wording(doc.schemaVersion, lang === 'en' ? 'en' : 'da'), {
    document,
    withheld,
    deadlines: deadlinesFor(doc, withheld),
    medicationWarnings: medicationWarnings(document),
    consents: consentRows(doc, changes),
    gp,
    asOf: now.toISOString().slice(0, 10),
    completenessScore: record.completenessScore,
  });
  await Promise.all(
    doc.persons.map((p) => audit({ action: 'handover.briefing', handoverId, version: record.version, personRef: p.personRef, section: withheld.includes(p.personRef) ? 'social;health:withheld' : 'social;health', outcome: 'ok' })),
  );
  return { handoverId, version: record.version, schemaVersion: doc.schemaVersion, ...briefing };
}
