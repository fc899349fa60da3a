/** GET /v1/handovers/:id/briefing: the caseworker's briefing (domain/briefing.ts) in the reader's language, within consent; read like the handover itself (retrieval recorded, one audit event per person). */
import { buildBriefing } from '../domain/briefing.js';
import type { Briefing } from '../domain/briefing-types.js';
import { medicationWarnings } from '../domain/critical-medications.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { coordinatingDepartmentView, deadlinesFor } from '../domain/recipient-views.js';
import type { AuditFn } from './audit.js';
import { briefingGp, type BriefingGpDeps } from './briefing-gp.js';
import { readableVersion, type RecipientDeps } from './recipient-access.js';
import { consentChangesOf, recordMunicipalityRead } from './municipality-read.js';
import { consentRows, type PdfDeps } from './render-pdf.js';

/** Exactly what the briefing reads. */
export type BriefingDeps = Pick<RecipientDeps, 'clock' | 'funnel' | 'handovers' | 'recipients'> & Pick<PdfDeps, 'pdf'> & BriefingGpDeps;

/**
 * The current version as the coordinating department may see it, per person, findings first, with
 * the GP assigned and the GP's result where the GP's consent shares it. For the holding municipality only.
 */
export async function readBriefing(d: BriefingDeps, caller: Caller, handoverId: string, lang: string | undefined, audit: AuditFn): Promise<Briefing & { handoverId: string; version: number; schemaVersion: string }> {
  const { record, read } = await readableVersion(d, caller, handoverId);
  const doc = record.payload as unknown as Handover;
  const now = d.clock();
  const [changes, gp] = await Promise.all([consentChangesOf(d, handoverId, read), briefingGp(d, handoverId, doc.persons.map((p) => p.personRef)), recordMunicipalityRead(d, caller, record, read, now, caller.person)]);
  const { document, withheld } = coordinatingDepartmentView(doc, changes);
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
