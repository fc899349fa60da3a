/**
 * A sender's drafts: the web application keeps an unfinished handover here, not in the browser,
 * so health data is never left on a shared computer; only the organisation that saved a draft can
 * read it; it goes when the handover is submitted, when the sender deletes it, and 30 days after
 * it was last saved (the retention job). A draft is never a handover: it is not signed, not
 * validated beyond its shape, and no municipality sees it.
 */
import type { Caller } from '../domain/organisations.js';
import { DuplicateError } from '../domain/write-outcomes.js';
import { notFound } from '../errors.js';
import type { AuditFn } from './audit.js';
import type { DraftRecord, Drafts } from './ports/drafts.js';

/** How long a draft is kept after it was last saved. */
export const DRAFT_KEPT_DAYS = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DraftDeps {
  drafts: Drafts;
  clock: () => Date;
}

function requireDraftId(draftId: string): string {
  if (!UUID.test(draftId)) throw notFound('no such draft');
  return draftId;
}

/** What the list shows of a draft: whose it is and where it goes, read from the form as it stands. */
function summaryOf(document: Record<string, unknown>): Pick<DraftRecord, 'persons' | 'municipalityCode'> {
  const persons = Array.isArray(document.persons) ? (document.persons as { socialInformation?: { identity?: { givenNames?: unknown; familyName?: unknown } } }[]) : [];
  const names = persons.slice(0, 20).map((p) => [p?.socialInformation?.identity?.givenNames, p?.socialInformation?.identity?.familyName].filter((n) => typeof n === 'string' && n).join(' ').slice(0, 200));
  const code = (document.recipient as { municipalityCode?: unknown } | undefined)?.municipalityCode;
  return { persons: names, ...(typeof code === 'string' && /^\d{3}$/.test(code) ? { municipalityCode: code } : {}) };
}

const view = (d: DraftRecord) => ({ draftId: d.draftId, persons: d.persons, ...(d.municipalityCode ? { municipalityCode: d.municipalityCode } : {}), savedAt: d.savedAt.toISOString(), expiresAt: d.expiresAt.toISOString() });

/** PUT /v1/drafts/:id: saves (or replaces) the organisation's draft. Audited without content. */
export async function saveDraft(d: DraftDeps, caller: Caller, draftId: string, body: unknown, audit: AuditFn) {
  requireDraftId(draftId);
  const document = (body as { document: Record<string, unknown> }).document;
  const savedAt = d.clock();
  const record: DraftRecord = {
    draftId,
    organisationId: caller.organisationId,
    document: JSON.stringify(document),
    ...summaryOf(document),
    savedAt,
    savedBy: caller.credentialId,
    expiresAt: new Date(savedAt.getTime() + DRAFT_KEPT_DAYS * 86_400_000),
  };
  try {
    await d.drafts.save(record);
  } catch (err) {
    // Another organisation's draft under this id: as if it did not exist.
    if (err instanceof DuplicateError) throw notFound('no such draft');
    throw err;
  }
  await audit({ action: 'draft.save', outcome: 'ok', section: `persons:${record.persons.length}` });
  return view(record);
}

/** GET /v1/drafts: the organisation's drafts, newest first (no form content). */
export async function listDrafts(d: DraftDeps, caller: Caller, audit: AuditFn) {
  const now = d.clock();
  const items = (await d.drafts.listOf(caller.organisationId)).filter((x) => x.expiresAt > now).sort((a, b) => b.savedAt.getTime() - a.savedAt.getTime());
  await audit({ action: 'draft.list', outcome: 'ok', section: `items:${items.length}` });
  return { items: items.map(view) };
}

/** GET /v1/drafts/:id: one draft with its form. */
export async function readDraft(d: DraftDeps, caller: Caller, draftId: string, audit: AuditFn) {
  const draft = await d.drafts.find(requireDraftId(draftId), caller.organisationId);
  if (!draft || draft.expiresAt <= d.clock()) throw notFound('no such draft');
  await audit({ action: 'draft.read', outcome: 'ok' });
  return { ...view(draft), document: JSON.parse(draft.document) as Record<string, unknown> };
}

/** DELETE /v1/drafts/:id: the sender is done with it (the web application deletes it after a submission). */
export async function deleteDraft(d: DraftDeps, caller: Caller, draftId: string, audit: AuditFn): Promise<void> {
  if (!(await d.drafts.remove(requireDraftId(draftId), caller.organisationId))) throw notFound('no such draft');
  await audit({ action: 'draft.delete', outcome: 'ok' });
}
