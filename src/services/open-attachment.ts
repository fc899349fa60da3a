/** GET /v1/handovers/:id/versions/:v/attachments/:ref: a file as stored, health files only within consent. */
import type { Readable } from 'node:stream';
import type { Handover } from '../domain/handover-types.js';
import type { Caller } from '../domain/organisations.js';
import { coordinatingDepartmentView } from '../domain/recipient-views.js';
import { forbidden, notFound } from '../errors.js';
import type { AuditFn } from './audit.js';
import { readableVersion, unknownHandover, type RecipientDeps } from './recipient-access.js';

/** Exactly what opening an attachment uses. */
type AttachmentDeps = Pick<RecipientDeps, 'attachments' | 'handovers' | 'recipients'>;

/**
 * Opens one stored file of a readable version. Health attachments (hospital records, vaccination
 * cards, medical letters) follow the person's consent for the coordinating department: 403 and a
 * `denied` audit event without it. Every download is audited.
 */
export async function openAttachment(d: AttachmentDeps, caller: Caller, handoverId: string, versionParam: string, attachmentRef: string, audit: AuditFn): Promise<{ stream: Readable; mediaType: string; size: number; filename: string }> {
  const version = Number(versionParam);
  if (!Number.isInteger(version) || version < 1) throw unknownHandover();
  const { record } = await readableVersion(d, caller, handoverId, version);
  const attachment = record.attachments.find((a) => a.attachmentRef === attachmentRef);
  if (!attachment) throw notFound('no such attachment');
  const doc = record.payload as unknown as Handover;
  if (caller.role === 'municipality') {
    // Attachments are health records, school reports...: health ones follow the person's health consent.
    const { withheld } = coordinatingDepartmentView(doc, await d.recipients.consentChanges(handoverId));
    const healthCategory = ['hospital-record', 'vaccination-card', 'medical-letter'].includes(attachment.category);
    if (healthCategory && withheld.includes(attachment.personRef)) {
      await audit({ action: 'attachment.download', handoverId, version, personRef: attachment.personRef, section: attachment.category, outcome: 'denied' });
      throw forbidden('the person has not consented to sharing health information with the coordinating department');
    }
  }
  await audit({ action: 'attachment.download', handoverId, version, personRef: attachment.personRef, section: attachment.category, outcome: 'ok' });
  return { stream: d.attachments.openDownload(attachment.fileId), mediaType: attachment.mediaType, size: attachment.size, filename: attachment.filename };
}
