/**
 * GET /v1/handovers/:id/agenda (JSON) and /agenda/pdf (one language): the agenda of the first
 * meeting for the addressed municipality and the sender, on the meeting's date (?date=, default
 * today) with its participants (?participants=, separated by ";"), from the current version as the
 * coordinating department may see it (health withheld without consent), its sections not
 * assessed, its deadlines, its consents and the question thread. One audit event per person, as
 * for a read.
 */
import { completenessReport } from '../domain/completeness.js';
import { formatIsoDate } from '../domain/dates.js';
import type { Handover } from '../domain/handover-types.js';
import { meetingAgenda, type MeetingAgenda } from '../domain/meeting-agenda.js';
import type { Caller } from '../domain/organisations.js';
import { questionThread } from '../domain/questions.js';
import { coordinatingDepartmentView, deadlinesFor } from '../domain/recipient-views.js';
import { invalidRequest, queryProblem } from '../errors.js';
import type { PdfRenderer } from '../pdf/pdf-renderer.js';
import type { Lang } from '../pdf/phrases.js';
import type { Standard } from '../validation/standard.js';
import type { AuditFn } from './audit.js';
import type { QuestionDeps } from './questions.js';
import { readableVersion, versionStatus } from './recipient-access.js';
import { completenessGaps, consentRows, type RenderedPdf } from './render-pdf.js';

export interface AgendaDeps extends QuestionDeps {
  standard: Pick<Standard, 'personSections'>;
  pdf: Pick<PdfRenderer, 'meetingAgenda'>;
}

/** The meeting as the caller describes it. */
export interface MeetingQuery {
  date?: string;
  participants?: string;
}

const MAX_PARTICIPANTS = 20;
const MAX_PARTICIPANT_LENGTH = 120;
/** Names and roles on one line: no control characters or line breaks. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The meeting's day (a real calendar date, today when not given) and its participants, every problem said at once. */
function meetingOf(q: MeetingQuery, today: string): { date: string; participants: string[] } {
  const errors: { pointer: string; keyword: string; message: string }[] = [];
  const date = q.date ?? today;
  const participants = (q.participants ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  if (participants.length > MAX_PARTICIPANTS) errors.push(queryProblem('participants', 'maxItems', `must name at most ${MAX_PARTICIPANTS} participants, separated by ";"`));
  if (participants.some((p) => p.length > MAX_PARTICIPANT_LENGTH)) errors.push(queryProblem('participants', 'maxLength', `each participant must be at most ${MAX_PARTICIPANT_LENGTH} characters`));
  if (participants.some((p) => CONTROL.test(p))) errors.push(queryProblem('participants', 'pattern', 'must not contain control characters or line breaks'));
  if (errors.length > 0) throw invalidRequest(errors);
  return { date, participants };
}

async function agendaOf(d: AgendaDeps, caller: Caller, handoverId: string, q: MeetingQuery, format: 'json' | 'pdf', audit: AuditFn) {
  const meeting = meetingOf(q, formatIsoDate(d.clock()));
  const { record, state } = await readableVersion(d, caller, handoverId);
  const doc = record.payload as unknown as Handover;
  const [changes, events] = await Promise.all([d.recipients.consentChanges(handoverId), d.questions.events(handoverId)]);
  const { document, withheld } = coordinatingDepartmentView(doc, changes);
  const report = completenessReport(doc, d.standard.personSections(doc.schemaVersion));
  const agenda = meetingAgenda({ document, gaps: completenessGaps(doc, report, withheld), deadlines: deadlinesFor(doc, withheld), questions: questionThread(events), consents: consentRows(doc, changes), ...meeting });
  await Promise.all(doc.persons.map((p) => audit({ action: 'handover.agenda', handoverId, version: record.version, personRef: p.personRef, section: `${format};${withheld.includes(p.personRef) ? 'health:withheld' : 'health'}`, outcome: 'ok' })));
  return { agenda, document, record, state };
}

/** The agenda as data. */
export async function handoverMeetingAgenda(d: AgendaDeps, caller: Caller, handoverId: string, q: MeetingQuery, audit: AuditFn): Promise<MeetingAgenda> {
  return (await agendaOf(d, caller, handoverId, q, 'json', audit)).agenda;
}

/** The agenda as a PDF in Danish (default) or English. */
export async function handoverMeetingAgendaPdf(d: AgendaDeps, caller: Caller, handoverId: string, q: MeetingQuery & { lang?: string }, audit: AuditFn): Promise<RenderedPdf> {
  const lang = (q.lang ?? 'da') as Lang;
  const { agenda, document, record, state } = await agendaOf(d, caller, handoverId, q, 'pdf', audit);
  const bytes = await d.pdf.meetingAgenda({
    lang,
    document,
    agenda,
    facts: { handoverId, version: record.version, jwsSha256: record.jwsSha256, receiptId: record.receipt.receiptId, receivedAt: record.receivedAt.toISOString(), versionStatus: versionStatus(record.version, state) },
  });
  return { bytes, filename: `handover-${handoverId}-v${record.version}-meeting-agenda-${lang}.pdf` };
}
