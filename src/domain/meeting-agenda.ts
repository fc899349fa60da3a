/**
 * The agenda of the first (handover) meeting, made from the handover as the coordinating
 * department may see it, for the meeting's date and participants: who comes and which interpreter
 * each needs, urgent matters, deadlines in the weeks after the meeting and overdue ones, the
 * health-assessment offer's deadline, the children's school, PPR and health-visitor needs and aids,
 * a trauma-rehabilitation referral still pending, how to speak with a person (the sender's notes
 * for conversations), who may not see what, sections not assessed and why, disagreements recorded
 * in the household, and the questions still open; with room for the outcome, which the sender
 * records as the handover-meeting section of the next version. Pure: its inputs in, the agenda out.
 */
import type { CompletenessGap } from './completeness.js';
import { AUDIENCES, type Audience, type Scope } from './consent.js';
import { addDays, ageOn } from './dates.js';
import type { Deadline } from './deadlines.js';
import type { Handover } from './handover-types.js';
import { personName, type NamedIdentity } from './person-name.js';
import type { Question } from './questions.js';

/** How far ahead the agenda looks for deadlines. */
export const AGENDA_HORIZON_DAYS = 21;

/** A referral to trauma rehabilitation is pending until treatment has started (or ended, or was declined). */
const PENDING_REFERRAL = new Set(['recommended', 'referred', 'waiting-list']);

export interface AgendaChild {
  personRef: string;
  age: number;
  /** Daycare or school as the social information gives it (current status, grade, special needs, PPR assessment, notes). */
  childcareAndSchool?: Record<string, string | number>;
  /** What the health screening says for the health visitors, and signs of trauma (health: only within consent). */
  forHealthVisitors?: string;
  traumaSigns?: string;
  /** Aids each functional limitation needs (health: only within consent). */
  aids: string[];
}

export interface MeetingAgenda {
  handoverId: string;
  version: number;
  municipalityCode: string;
  /** The meeting's day (deadlines are counted from it) and who takes part, as the caller gave them. */
  date: string;
  participants: string[];
  expectedArrival: { date: string; place?: string };
  persons: { personRef: string; name: string; interpreter: { needed?: boolean; language?: string; dialect?: string; genderPreference?: string } }[];
  urgent: { personRef: string; type: string; date?: string; description: string }[];
  deadlines: (Deadline & { overdue: boolean })[];
  /** The health assessment's offer deadline per person, however far off (integrationsloven § 15 d). */
  healthAssessmentOffer: { personRef: string; date: string; mandatory: boolean }[];
  children: AgendaChild[];
  traumaReferrals: { personRef: string; state: string; referredTo?: string; referredOn?: string; waitingListSince?: string }[];
  /** The sender's notes on how to speak with the person (health: only within consent). */
  conversationNotes: { personRef: string; text: string }[];
  /** Who may not see what: per person and audience, the scopes the consent does not cover. */
  consentLimits: { personRef: string; audience: Audience; notCovered: Scope[] }[];
  notAssessed: CompletenessGap[];
  disagreements: { personRef: string; text: string }[];
  openQuestions: { number: number; state: 'open' | 'answered'; text: string; pointers: string[]; askedAt: string }[];
  /** Where the meeting's outcome goes: the handover-meeting section of each person's social information, in the next version. */
  outcome: { recordAs: string };
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A section's findings, or nothing (not assessed, no findings, withheld). */
const findings = (v: unknown): Obj | undefined => (isObj(v) && v.status === 'findings' ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function childOf(p: Handover['persons'][number], age: number): AgendaChild {
  const school = findings((p.socialInformation as unknown as Obj).childcareAndSchool);
  const health = p.healthScreening as unknown as Obj;
  const child = findings(health.child);
  const limits = findings(health.functionalLimitations);
  const aids = ((limits?.entries as Obj[] | undefined) ?? []).map((e) => text(e.aidsNeeded)).filter((a): a is string => a !== undefined);
  const schoolFacts = school ? Object.fromEntries(Object.entries(school).filter(([k, v]) => !['status', 'source', 'personRef'].includes(k) && (typeof v === 'string' || typeof v === 'number'))) : undefined;
  return {
    personRef: p.personRef,
    age,
    ...(schoolFacts && Object.keys(schoolFacts).length > 0 ? { childcareAndSchool: schoolFacts as Record<string, string | number> } : {}),
    ...(text(child?.forHealthVisitors) ? { forHealthVisitors: text(child?.forHealthVisitors)! } : {}),
    ...(text(child?.traumaSigns) ? { traumaSigns: text(child?.traumaSigns)! } : {}),
    aids,
  };
}

/**
 * The agenda for a meeting on `date` with `participants`, from the department's view of the
 * document (health already withheld where consent is missing), its gaps, deadlines, consents and
 * the question thread.
 */
export function meetingAgenda(input: {
  document: Handover;
  gaps: readonly CompletenessGap[];
  deadlines: readonly Deadline[];
  questions: readonly Question[];
  consents: readonly { personRef: string; audience: string; social: boolean; health: boolean }[];
  date: string;
  participants: readonly string[];
  horizonDays?: number;
}): MeetingAgenda {
  const doc = input.document;
  const until = addDays(input.date, input.horizonDays ?? AGENDA_HORIZON_DAYS);
  const arrival = doc.expectedArrival as Handover['expectedArrival'];
  const mental = (p: Handover['persons'][number]) => ((p.healthScreening as unknown as Obj).mentalHealth ?? {}) as Obj;
  return {
    handoverId: doc.handoverId,
    version: doc.version,
    municipalityCode: doc.recipient.municipalityCode,
    date: input.date,
    participants: [...input.participants],
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
    deadlines: input.deadlines.filter((d) => d.date <= until && d.kind !== 'health-assessment-offer').map((d) => ({ ...d, overdue: d.date < input.date })),
    healthAssessmentOffer: input.deadlines.filter((d) => d.kind === 'health-assessment-offer').map((d) => ({ personRef: d.personRef, date: d.date, mandatory: d.mandatory === true })),
    children: doc.persons.flatMap((p) => {
      const age = ageOn(p.socialInformation.identity.dateOfBirth, input.date);
      return age < 18 ? [childOf(p, age)] : [];
    }),
    traumaReferrals: doc.persons.flatMap((p) => {
      const r = findings(mental(p).traumaRehabilitationReferral);
      if (!r || typeof r.state !== 'string' || !PENDING_REFERRAL.has(r.state)) return [];
      return [{ personRef: p.personRef, state: r.state, ...(text(r.referredTo) ? { referredTo: r.referredTo as string } : {}), ...(text(r.referredOn) ? { referredOn: r.referredOn as string } : {}), ...(text(r.waitingListSince) ? { waitingListSince: r.waitingListSince as string } : {}) }];
    }),
    conversationNotes: doc.persons.flatMap((p) => {
      const note = text(findings(mental(p).traumaExposure)?.handlingNote);
      return note ? [{ personRef: p.personRef, text: note }] : [];
    }),
    consentLimits: doc.persons.flatMap((p) =>
      AUDIENCES.flatMap((audience) => {
        const c = input.consents.find((x) => x.personRef === p.personRef && x.audience === audience);
        const notCovered = (['social', 'health'] as const).filter((scope) => !c?.[scope]);
        return notCovered.length > 0 ? [{ personRef: p.personRef, audience, notCovered }] : [];
      }),
    ),
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
