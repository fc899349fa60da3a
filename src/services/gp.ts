/**
 * GP practices: the municipality responsible for a person assigns the person to a practice (an
 * assignment ends when the person moves on: recipient-access.ts, the access policy); the practice sees the health
 * summary only where the person's consent covers the GP, nothing else of the handover, and
 * returns the signed health-assessment result, which the coordinating department sees only with
 * the GP -> coordinating department consent it carries.
 */
import type { ConsentChange } from '../domain/consent.js';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { personName } from '../domain/person-name.js';
import { gpSummaryBundle } from '../domain/fhir-summary.js';
import { fhirLabels } from './fhir-labels.js';
import { gpHealthSummary } from '../domain/recipient-views.js';
import { responsibleMunicipality } from '../domain/record-transfer.js';
import { AppError, consentMissing, forbidden, notFound, resultIdConflict, senderMismatch, validationFailed, type FieldError } from '../errors.js';
import type { AuditFn } from './audit.js';
import { signReceipt } from './receipts.js';
import { assignedToPractice, assignmentsInForce, healthReadableBy, readableVersion, type RecipientDeps } from './recipient-access.js';
import { parseSignedPayload, type SignedInput, type SubmissionDeps, type SubmissionResult } from './submit-handover.js';
import type { Organisations } from './ports/organisations.js';

export const RESULT_TYP = 'health-assessment-result+jws';

/** What the GP use cases use: the read rule's repositories, files, the body check, the clock, the registry and the submission pipeline. */
export interface GpDeps extends Pick<RecipientDeps, 'attachments' | 'clock' | 'funnel' | 'handovers' | 'recipients'> {
  organisations: Organisations;
  submission: SubmissionDeps;
}

async function currentDocument(d: GpDeps, handoverId: string): Promise<Handover | undefined> {
  const state = await d.recipients.versionState(handoverId);
  if (state?.currentVersion === undefined) return undefined;
  return (await d.handovers.findVersion(handoverId, state.currentVersion))!.payload as unknown as Handover;
}

/**
 * The handover as the assigning municipality sees it, and whom it may assign: the holder assigns
 * its persons but not those whose record it handed on; a municipality a record was handed on to
 * assigns those persons only; anyone else learns nothing (404, as for an unknown handover).
 */
async function assignable(d: GpDeps, caller: Caller, handoverId: string): Promise<{ doc: Handover; personProblem: (personRef: string) => FieldError | undefined }> {
  // Not the holder (404) may still be a municipality the record of some persons was handed on to.
  const held = await readableVersion(d, caller, handoverId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not-found') return err;
    throw err;
  });
  const transfers = await d.recipients.transfersOf(handoverId);
  if (!(held instanceof AppError)) {
    const doc = held.record.payload as unknown as Handover;
    return {
      doc,
      personProblem: (ref) => {
        if (!doc.persons.some((p) => p.personRef === ref)) return { pointer: '/personRef', keyword: 'knownPersonRef', message: 'must be a person in this handover' };
        const to = responsibleMunicipality(ref, caller.municipalityCode, transfers);
        return to === caller.municipalityCode ? undefined : { pointer: '/personRef', keyword: 'handedOn', message: `this person's record was handed on to ${to}: the municipality it was handed on to assigns the GP` };
      },
    };
  }
  const received = new Set(transfers.filter((t) => t.toMunicipalityCode === caller.municipalityCode).flatMap((t) => t.personRefs));
  const doc = received.size > 0 ? await currentDocument(d, handoverId) : undefined;
  if (!doc) throw held;
  return { doc, personProblem: (ref) => (received.has(ref) ? undefined : { pointer: '/personRef', keyword: 'handedOnHere', message: 'must be a person whose record was handed on to this municipality' }) };
}

/**
 * POST /v1/handovers/:id/gp-assignments: the municipality responsible for a person (the holder, or
 * the one the person's record was handed on to) assigns the person to a registered GP practice,
 * which may then read the person's health summary within consent. Audited.
 */
export async function assignGp(d: GpDeps, caller: Caller, handoverId: string, body: Record<string, unknown>, audit: AuditFn) {
  if (!caller.municipalityCode) throw forbidden('only the addressed municipality assigns a GP');
  const { personProblem } = await assignable(d, caller, handoverId);
  // The shape was checked by its schema (the route binder); who the person and the practice are.
  const errors: FieldError[] = [];
  const person = personProblem(body.personRef as string);
  if (person) errors.push(person);
  const gp = await d.organisations.findOrganisation(body.gpOrganisationId as string);
  if (!gp || gp.type !== 'gp-practice') errors.push({ pointer: '/gpOrganisationId', keyword: 'gpPractice', message: 'must be a registered GP practice' });
  if (errors.length > 0) throw validationFailed(errors);
  const assignment = { handoverId, personRef: body.personRef as string, gpOrganisationId: gp!.id, municipalityCode: caller.municipalityCode, assignedAt: d.clock(), assignedBy: caller.organisationId };
  await d.recipients.assignGp(assignment);
  await d.funnel.gp('gpAssigned', handoverId, assignment.personRef, caller.municipalityCode, assignment.assignedAt);
  await audit({ action: 'gp.assign', handoverId, personRef: assignment.personRef, section: gp!.id, outcome: 'ok' });
  return { ...assignment, assignedAt: assignment.assignedAt.toISOString() };
}

/**
 * DELETE /v1/handovers/:id/gp-assignments/:personRef: the municipality responsible for the person
 * ends the person's assignment (a practice chosen by mistake, or one the person has left); the
 * practice no longer reads the person's summary. A result the practice returned stays. Audited.
 */
export async function unassignGp(d: GpDeps, caller: Caller, handoverId: string, personRef: string, audit: AuditFn): Promise<void> {
  if (!caller.municipalityCode) throw forbidden('only the addressed municipality ends a GP assignment');
  const { personProblem } = await assignable(d, caller, handoverId);
  const problem = personProblem(personRef);
  if (problem?.keyword === 'handedOn') throw forbidden(problem.message);
  const removed = problem ? undefined : await d.recipients.unassignGp(handoverId, personRef);
  if (!removed) throw notFound('this person has no GP assignment in this handover');
  await audit({ action: 'gp.unassign', handoverId, personRef, section: removed.gpOrganisationId, outcome: 'ok' });
}

/** GET /v1/gp-practices: the practices a municipality may assign a person to (no personal data). */
export async function listGpPractices(d: Pick<GpDeps, 'organisations'>) {
  const practices = await d.organisations.listOfType('gp-practice');
  return { items: practices.map((p) => ({ organisationId: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name, 'da')) };
}

/** GET /v1/gp/persons: the persons assigned to the calling GP practice. Audited. */
export async function listAssignedPersons(d: GpDeps, caller: Caller, audit: AuditFn) {
  const persons = [];
  for (const a of await assignmentsInForce(d, await d.recipients.assignmentsOfGp(caller.organisationId))) {
    const doc = await currentDocument(d, a.handoverId);
    if (!doc) continue;
    const consent = healthReadableBy('gp', doc, await d.recipients.consentChanges(a.handoverId), a.personRef);
    const si = doc.persons.find((p) => p.personRef === a.personRef)?.socialInformation;
    persons.push({
      handoverId: a.handoverId,
      personRef: a.personRef,
      assignedAt: a.assignedAt.toISOString(),
      consent: consent ? 'covers-gp' : 'missing',
      // Without consent the practice learns only that someone was assigned, not who.
      ...(consent && si ? { name: personName(si.identity), dateOfBirth: si.identity.dateOfBirth, href: `/v1/gp/persons/${a.handoverId}/${a.personRef}` } : {}),
    });
  }
  await audit({ action: 'gp.persons.list', outcome: 'ok', section: `items:${persons.length}` });
  return { persons };
}

/**
 * GET /v1/gp/persons/:handoverId/:personRef: the health summary of a person assigned to the
 * practice, as JSON or as a FHIR R4 document Bundle (`format: 'fhir'`: Accept
 * application/fhir+json, or the /fhir path); only with the person's consent for the GP. The
 * read (or its denial) is audited, naming the form it was given in.
 */
export async function gpSummary(d: GpDeps, caller: Caller, handoverId: string, personRef: string, audit: AuditFn, format: 'json' | 'fhir' = 'json') {
  const { doc } = await readAssignedPerson(d, caller, handoverId, personRef, audit, format === 'fhir' ? 'health-summary-fhir' : 'health-summary');
  const summary = gpHealthSummary(doc, personRef)!;
  return format === 'fhir' ? gpSummaryBundle(summary, { organisationId: doc.sender.organisationId, organisationName: doc.sender.organisationName }, doc.createdAt, fhirLabels(d.submission.standard, doc.schemaVersion)) : summary;
}

/**
 * The GP consent rule, said once for every form of a person's summary (JSON, FHIR, clinical
 * summary, its PDF): the person must be assigned to the calling practice (else 404, as if unknown)
 * and the person's consent must cover the GP for health (else 403 consent-missing). The read or its
 * denial is audited under `section`. Returns the current version and the consent changes since.
 */
export async function readAssignedPerson(d: GpDeps, caller: Caller, handoverId: string, personRef: string, audit: AuditFn, section: string): Promise<{ doc: Handover; changes: ConsentChange[] }> {
  // Not assigned to this practice (or no longer: the person moved on): as if the person did not exist.
  const [assignment] = await assignedToPractice(d, caller.organisationId, handoverId, personRef);
  if (!assignment) throw notFound('no such person assigned to this practice');
  const doc = await currentDocument(d, handoverId);
  if (!doc) throw notFound('no such person assigned to this practice');
  const changes = await d.recipients.consentChanges(handoverId);
  if (!healthReadableBy('gp', doc, changes, personRef)) {
    await audit({ action: 'gp.summary.read', handoverId, personRef, section: 'health', outcome: 'denied' });
    throw consentMissing('no consent covers the GP for health information');
  }
  await audit({ action: 'gp.summary.read', handoverId, version: doc.version, personRef, section, outcome: 'ok' });
  await d.funnel.gp('gpSummaryRead', handoverId, personRef, assignment.municipalityCode, d.clock());
  return { doc, changes };
}

/**
 * POST /v1/health-assessments: a GP practice's signed result of the health assessment. A result
 * carries no attachments: files uploaded with it are removed before anything else happens.
 */
export async function submitAssessmentResult(d: GpDeps, caller: Caller, input: SignedInput, uploads: readonly { fileId: string }[], audit: AuditFn): Promise<SubmissionResult> {
  if (uploads.length > 0) await d.attachments.remove(uploads.map((u) => u.fileId));
  const s = d.submission;
  const receivedAt = d.clock();
  const verified = await s.verify({ ...input, expectedTyp: RESULT_TYP, organisationId: caller.organisationId, receivedAt });
  const doc = parseSignedPayload(s.standard, verified, 'health-assessment-result', receivedAt) as { resultId: string; handoverId: string; personRef: string; gpPractice: { organisationId: string } };
  if (doc.gpPractice.organisationId !== caller.organisationId) {
    throw senderMismatch('/gpPractice/organisationId');
  }
  const [assignment] = await assignedToPractice(d, caller.organisationId, doc.handoverId, doc.personRef);
  if (!assignment) throw notFound('no such person assigned to this practice');
  // The assignment outlives a soft deletion until the purge: a handover deleted under its retention rule takes no more results.
  if (!(await d.recipients.versionState(doc.handoverId))) throw notFound('no such person assigned to this practice');
  const existing = await d.recipients.findResult(doc.resultId);
  if (existing) {
    if (existing.jwsSha256 === verified.jwsSha256 && existing.gpOrganisationId === caller.organisationId) return { created: false, receipt: existing.receipt };
    throw resultIdConflict();
  }
  const { issued } = await signReceipt(s, { type: 'assessment-result-receipt', handoverId: doc.handoverId, version: 1, resultId: doc.resultId, personRef: doc.personRef, jwsSha256: verified.jwsSha256, receivedAt: receivedAt.toISOString(), senderOrganisationId: caller.organisationId, municipalityCode: assignment.municipalityCode });
  const created = await d.recipients.insertResult({ resultId: doc.resultId, handoverId: doc.handoverId, personRef: doc.personRef, gpOrganisationId: caller.organisationId, receivedAt, jws: input.bytes, jwsSha256: verified.jwsSha256, verification: verified.verification, payload: doc as unknown as Record<string, unknown>, receipt: issued });
  if (!created) {
    const winner = (await d.recipients.findResult(doc.resultId))!;
    if (winner.jwsSha256 === verified.jwsSha256) return { created: false, receipt: winner.receipt };
    throw resultIdConflict();
  }
  await audit({ action: 'gp.result.submit', handoverId: doc.handoverId, personRef: doc.personRef, outcome: 'ok' });
  await d.funnel.gp('gpResultReturned', doc.handoverId, doc.personRef, assignment.municipalityCode, receivedAt);
  return { created: true, receipt: issued };
}

/** A GP result as the coordinating department sees it: whole with the GP -> coordinating department consent it carries, else withheld. */
export function resultForDepartment(r: { resultId: string; personRef: string; receivedAt: Date; payload: unknown }) {
  const consents = (r.payload as { consents?: { from: string; to: string }[] }).consents ?? [];
  const shared = consents.some((c) => c.from === 'gp' && c.to === 'coordinating-department');
  return { resultId: r.resultId, personRef: r.personRef, receivedAt: r.receivedAt.toISOString(), ...(shared ? { document: r.payload } : { withheld: { reason: 'consent-missing', audience: 'coordinating-department' } }) };
}

/** GP: its own results. Municipality: results for a handover, each shown only with the GP -> coordinating department consent. */
export async function listResults(d: GpDeps, caller: Caller, handoverId: string | undefined, audit: AuditFn) {
  if (caller.role === 'gp') {
    const all = await d.recipients.resultsBy({ gpOrganisationId: caller.organisationId, ...(handoverId ? { handoverId } : {}) });
    // A result is part of its handover's content: once the handover is deleted under its retention rule it is not shown (one tombstone probe per handover).
    const handovers = [...new Set(all.map((r) => r.handoverId))];
    const deleted = new Set((await Promise.all(handovers.map(async (id) => ((await d.handovers.wasDeleted(id)) ? id : undefined)))).filter((id) => id !== undefined));
    const results = all.filter((r) => !deleted.has(r.handoverId));
    await audit({ action: 'gp.result.list', outcome: 'ok', section: `items:${results.length}` });
    return { results: results.map((r) => ({ resultId: r.resultId, handoverId: r.handoverId, personRef: r.personRef, receivedAt: r.receivedAt.toISOString(), receiptId: r.receipt.receiptId, document: r.payload })) };
  }
  if (caller.role !== 'municipality' || !handoverId) throw forbidden('for GP practices, or the municipality for one of its handovers');
  await readableVersion(d, caller, handoverId);
  const results = await d.recipients.resultsBy({ handoverId });
  const out = [];
  for (const r of results) {
    const view = resultForDepartment(r);
    await audit({ action: 'gp.result.read', handoverId, personRef: r.personRef, section: 'health-assessment-result', outcome: 'document' in view ? 'ok' : 'denied' });
    out.push(view);
  }
  return { results: out };
}
