/**
 * The agenda of the handover meeting, made from the handover as the coordinating department may
 * see it: who comes and which interpreter each needs, urgent matters, deadlines in the next weeks
 * and overdue ones, sections not assessed and why, disagreements recorded in the household, and
 * the questions still open; with room for the outcome, which the sender records as the
 * handover-meeting section of the next version. Pure: its inputs in, the agenda out.
 */
import type { CompletenessGap } from './completeness.js';
import { addDays } from './dates.js';
import type { Deadline } from './deadlines.js';
import type { Handover } from './handover-types.js';
import { personName, type NamedIdentity } from './person-name.js';
import type { Question } from './questions.js';

/** How far ahead the agenda looks for deadlines. */
export const AGENDA_HORIZON_DAYS = 21;

export interface MeetingAgenda {
  handoverId: string;
  version: number;
  municipalityCode: string;
  expectedArrival: { date: string; place?: string };
  persons: { personRef: string; name: string; interpreter: { needed?: boolean; language?: string; dialect?: string; genderPreference?: string } }[];
  urgent: { personRef: string; type: string; date?: string; description: string }[];
  deadlines: (Deadline & { overdue: boolean })[];
  notAssessed: CompletenessGap[];
  disagreements: { personRef: string; text: string }[];
  openQuestions: { number: number; state: 'open' | 'answered'; text: string; pointers: string[]; askedAt: string }[];
  /** Where the meeting's outcome goes: the handover-meeting section of each person's social information, in the next version. */
  outcome: { recordAs: string };
}

type Obj = Record<string, unknown>;

/** The agenda for `today`, from the department's view of the document, its gaps, deadlines and the question thread. */
export function meetingAgenda(input: { document: Handover; gaps: readonly CompletenessGap[]; deadlines: readonly Deadline[]; questions: readonly Question[]; today: string; horizonDays?: number }): MeetingAgenda {
  const doc = input.document;
  const until = addDays(input.today, input.horizonDays ?? AGENDA_HORIZON_DAYS);
  const arrival = doc.expectedArrival as Handover['expectedArrival'];
  return {
    handoverId: doc.handoverId,
    version: doc.version,
    municipalityCode: doc.recipient.municipalityCode,
    expectedArrival: { date: arrival.date, ...(arrival.place ? { place: arrival.place } : {}) },
    persons: doc.persons.map((p) => {
      const si = p.socialInformation as unknown as { identity: Obj; languages?: { interpreter?: Obj } };
      const i = si.languages?.interpreter ?? {};
      return {
        personRef: p.personRef,
        name: personName(si.identity as unknown as NamedIdentity),
        interpreter: {
          ...(typeof i.needed === 'boolean' ? { needed: i.needed } : {}),
          ...(typeof i.language === 'string' ? { language: i.language } : {}),
          ...(typeof i.dialect === 'string' ? { dialect: i.dialect } : {}),
          ...(typeof i.genderPreference === 'string' ? { genderPreference: i.genderPreference } : {}),
        },
      };
    }),
    urgent: doc.urgentFlags.map((f) => ({ personRef: f.personRef, type: f.type, ...(f.date ? { date: f.date } : {}), description: f.description })),
    deadlines: input.deadlines.filter((d) => d.date <= until).map((d) => ({ ...d, overdue: d.date < input.today })),
    notAssessed: [...input.gaps],
    disagreements: doc.persons.flatMap((p) => {
      const housing = (p.socialInformation as unknown as { housing?: Obj }).housing;
      return typeof housing?.familyDisagreement === 'string' ? [{ personRef: p.personRef, text: housing.familyDisagreement }] : [];
    }),
    openQuestions: input.questions
      .filter((q): q is Question & { state: 'open' | 'answered' } => q.state !== 'closed')
      .map((q) => ({ number: q.number, state: q.state, text: q.text, pointers: q.pointers, askedAt: q.askedAt })),
    outcome: { recordAs: '/persons/*/socialInformation/handoverMeeting' },
  };
}
