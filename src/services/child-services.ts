/**
 * The children's services: the coordinating department routes a child to one of its municipality's
 * units (health visitors, school psychology), and the unit reads that child's sections for its
 * audience within consent (domain/child-services.ts), as JSON or a PDF of its own. Every routing
 * and every read is an audit event; a unit sees only children routed to it, of handovers its
 * municipality still holds.
 */
import { CHILD_AUDIENCES, childView, routingProblem, type ChildAudience, type ChildView } from '../domain/child-services.js';
import { hasConsent } from '../domain/consent.js';
import { formatIsoDate } from '../domain/dates.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { consentMissing, forbidden, notFound, validationFailed, type FieldError } from '../errors.js';
import type { PdfFacts } from '../pdf/document-frame.js';
import type { AuditFn } from './audit.js';
import { requireOwnMunicipality } from './own-organisation.js';
import { readableVersion, routedChildVersion, type RecipientDeps } from './recipient-access.js';
import type { PdfRenderer } from '../pdf/pdf-renderer.js';
import type { Organisations } from './ports/organisations.js';

export interface ChildServicesDeps extends Pick<RecipientDeps, 'clock' | 'handovers' | 'recipients'> {
  organisations: Organisations;
  pdf: PdfRenderer;
}

const isChildAudience = (t: string): t is ChildAudience => (CHILD_AUDIENCES as readonly string[]).includes(t);

/** GET /v1/municipalities/:code/child-services: the municipality's own health visitors and PPR units a child may be routed to. */
export async function listChildServicesUnits(d: Pick<ChildServicesDeps, 'organisations'>, caller: Caller, code: string) {
  const municipalityCode = requireOwnMunicipality(caller, code);
  const units = (await Promise.all(CHILD_AUDIENCES.map((type) => d.organisations.listOfType(type, municipalityCode)))).flat();
  return { items: units.map((u) => ({ organisationId: u.id, name: u.name, audience: u.type as ChildAudience })).sort((a, b) => a.name.localeCompare(b.name, 'da')) };
}

/**
 * POST /v1/handovers/:id/persons/:personRef/routings {unitOrganisationId}: the holding
 * municipality routes a child to one of its own units, when the child is of the unit's age and
 * the consent covers the unit's audience at all. Routing twice changes nothing. Audited.
 */
export async function routeChild(d: ChildServicesDeps, caller: Caller, handoverId: string, personRef: string, body: Record<string, unknown>, audit: AuditFn) {
  const { record } = await readableVersion(d, caller, handoverId);
  const doc = record.payload as unknown as Handover;
  if (!doc.persons.some((p) => p.personRef === personRef)) throw notFound('no such person in this handover');
  const unit = await d.organisations.findOrganisation(body.unitOrganisationId as string);
  const errors: FieldError[] = [];
  if (!unit || !isChildAudience(unit.type) || unit.municipalityCode !== caller.municipalityCode) {
    errors.push({ pointer: '/unitOrganisationId', keyword: 'childServicesUnit', message: "must be a health-visitors or school-psychology unit of the caller's municipality" });
  } else {
    const problem = routingProblem(doc, personRef, unit.type as ChildAudience, formatIsoDate(d.clock()));
    if (problem) errors.push({ pointer: '/personRef', keyword: 'childAge', message: problem });
  }
  if (errors.length > 0) throw validationFailed(errors);
  const audience = unit!.type as ChildAudience;
  const changes = await d.recipients.consentChanges(handoverId);
  if (!hasConsent(doc.consents, changes, personRef, audience, 'social') && !hasConsent(doc.consents, changes, personRef, audience, 'health')) {
    throw consentMissing(`the person's consent does not cover ${audience}`);
  }
  const result = await d.recipients.routeChild({ handoverId, personRef, unitOrganisationId: unit!.id, audience, municipalityCode: record.municipalityCode, routedAt: d.clock(), routedBy: caller.organisationId });
  await audit({ action: 'child.route', handoverId, personRef, section: unit!.id, outcome: result.created ? 'ok' : 'ok:already-routed' });
  const r = result.routing;
  return { created: result.created, body: { handoverId, personRef, unitOrganisationId: r.unitOrganisationId, audience: r.audience, routedAt: r.routedAt.toISOString(), routedBy: r.routedBy } };
}

function requireUnit(caller: Caller): ChildAudience {
  if (!isChildAudience(caller.organisationType)) throw forbidden("for the children's services units");
  return caller.organisationType;
}

/** The current document of a routed child's handover, when the unit's municipality still holds it; 404 otherwise. */
async function routedChild(d: ChildServicesDeps, caller: Caller, handoverId: string, personRef: string) {
  const record = await routedChildVersion(d, caller, handoverId, personRef);
  return { record, doc: record.payload as unknown as Handover, changes: await d.recipients.consentChanges(handoverId) };
}

/** GET /v1/children: the children routed to the calling unit, each with name and age (no sections). Audited. */
export async function listRoutedChildren(d: ChildServicesDeps, caller: Caller, audit: AuditFn) {
  const audience = requireUnit(caller);
  const today = formatIsoDate(d.clock());
  const children = [];
  for (const r of await d.recipients.childrenOfUnit(caller.organisationId)) {
    const child = await routedChild(d, caller, r.handoverId, r.personRef).catch(() => undefined);
    if (!child) continue;
    const view = childView(child.doc, r.personRef, audience, child.changes, today);
    children.push({ handoverId: r.handoverId, personRef: r.personRef, name: view.name, age: view.age, dateOfBirthEstimated: view.dateOfBirthEstimated, routedAt: r.routedAt.toISOString(), href: `/v1/children/${r.handoverId}/${r.personRef}` });
  }
  await audit({ action: 'child.list', outcome: 'ok', section: `items:${children.length}` });
  return { audience, children };
}

/** GET /v1/children/:handoverId/:personRef: the child's sections for the unit's audience, within consent. Audited. */
export async function readChild(d: ChildServicesDeps, caller: Caller, handoverId: string, personRef: string, audit: AuditFn): Promise<ChildView & { handoverId: string; version: number }> {
  const audience = requireUnit(caller);
  const { record, doc, changes } = await routedChild(d, caller, handoverId, personRef);
  const view = childView(doc, personRef, audience, changes, formatIsoDate(d.clock()));
  await audit({ action: 'child.read', handoverId, version: record.version, personRef, section: audience, outcome: 'ok' });
  return { handoverId, version: record.version, ...view };
}

/** GET /v1/children/:handoverId/:personRef/pdf?lang: the same as a PDF of the unit's own. Audited. */
export async function readChildPdf(d: ChildServicesDeps, caller: Caller, handoverId: string, personRef: string, q: { lang?: string }, audit: AuditFn): Promise<Uint8Array> {
  const audience = requireUnit(caller);
  const { record, doc, changes } = await routedChild(d, caller, handoverId, personRef);
  const view = childView(doc, personRef, audience, changes, formatIsoDate(d.clock()));
  const facts: PdfFacts = { handoverId, version: record.version, jwsSha256: record.jwsSha256, receiptId: record.receipt.receiptId, receivedAt: record.receivedAt.toISOString(), versionStatus: 'current' };
  await audit({ action: 'child.read', handoverId, version: record.version, personRef, section: `${audience}:pdf`, outcome: 'ok' });
  return d.pdf.childServices({ lang: q.lang === 'en' ? 'en' : 'da', facts, document: doc, child: view });
}
