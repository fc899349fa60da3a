/**
 * The agenda of the first (handover) meeting as a PDF in one language, on two pages for a family
 * of five: the meeting's date and participants, who comes with which interpreter and how to speak
 * with them, urgent matters, deadlines soon and overdue and the health-assessment offer, the
 * children's school, PPR and health-visitor needs and aids, pending trauma referrals, who may not
 * see what, sections not assessed (grouped, the household's shared ones once), disagreements,
 * open questions, and ruled space for the outcome. Dates as the pages write them.
 */
import type { Handover } from '../domain/handover-types.js';
import type { AgendaChild, MeetingAgenda } from '../domain/meeting-agenda.js';
import { AGENDA_HORIZON_DAYS } from '../domain/meeting-agenda.js';
import { readableDate } from '../domain/partial-dates.js';
import { deadlineText, gapRow, personName, urgentFlagText } from './coordinating-department.pdf.js';
import { finishDocument, openDocument, type FontChoice, type PdfFacts } from './document-frame.js';
import { isWithheld } from './form-sections.js';
import type { LabelBook } from './label-book.js';
import { phrase, type Lang } from './phrases.js';

export interface MeetingAgendaPdfInput {
  lang: Lang;
  facts: PdfFacts;
  /** The department's view of the document (names, labels). */
  document: Handover;
  agenda: MeetingAgenda;
}

type Path = (string | number)[];

export async function renderMeetingAgendaPdf(fonts: FontChoice, book: LabelBook, input: MeetingAgendaPdfInput): Promise<Uint8Array> {
  const { lang, agenda, document: doc } = input;
  const municipality = book.value(['recipient', 'municipalityCode'], agenda.municipalityCode);
  const frame = {
    lang,
    facts: input.facts,
    title: `${phrase('agendaTitle', lang)} · ${phrase('handover', lang)} ${agenda.handoverId.slice(0, 8)} · ${municipality}`,
    audience: phrase('audienceMeeting', lang),
    author: [doc.sender.organisationName, doc.sender.unit].filter(Boolean).join(', '),
    subject: `${phrase('agendaTitle', lang)}: ${municipality}`,
    textSample: JSON.stringify(agenda) + JSON.stringify(doc.persons.map((p) => p.socialInformation.identity)),
  };
  const { doc: pdf, flow } = await openDocument(fonts, frame);
  const day = (date: string) => readableDate(date, lang);
  const indexOf = (personRef: string) => doc.persons.findIndex((p) => p.personRef === personRef);
  const name = (personRef: string) => personName(doc, personRef);
  const everyone = doc.persons.length;
  /** Names joined as a sentence; the whole household said so when it is everyone (the agenda stays short). */
  const names = (refs: readonly string[]) => (refs.length === everyone && everyone > 1 ? phrase('agendaEveryone', lang) : joinWords(refs.map(name), lang));
  const p0 = ['persons', 0, 'socialInformation', 'languages', 'interpreter'] as const;
  let n = 0;
  const section = (title: string) => flow.heading(`${++n}. ${title}`, 2);

  flow.heading(phrase('agendaTitle', lang), 1);
  flow.fields([
    [phrase('agendaDate', lang), day(agenda.date)],
    [phrase('agendaParticipants', lang), agenda.participants.length > 0 ? agenda.participants.join('; ') : phrase('agendaNotGiven', lang)],
    [phrase('recipient', lang), municipality],
    [phrase('sender', lang), [doc.sender.organisationName, doc.sender.unit].filter(Boolean).join(', ')],
    [phrase('agendaArrival', lang), [day(agenda.expectedArrival.date), agenda.expectedArrival.place].filter(Boolean).join(' · ')],
  ]);

  // Who comes, with which interpreter, and what the sender wrote about speaking with them.
  section(phrase('agendaPersons', lang));
  const notes = new Map(agenda.conversationNotes.map((c) => [c.personRef, c.text]));
  flow.table(
    [
      { header: phrase('person', lang), weight: 28 },
      { header: phrase('agendaInterpreter', lang), weight: 28 },
      { header: phrase('agendaConversation', lang), weight: 44 },
    ],
    agenda.persons.map((p) => {
      const i = p.interpreter;
      const interpreter =
        i.needed === false
          ? phrase('agendaNoInterpreter', lang)
          : i.needed === undefined && !i.language
            ? phrase('agendaInterpreterUnknown', lang)
            : [i.language ? book.value([...p0, 'language'], i.language) : '', i.dialect ?? '', i.genderPreference ? book.value([...p0, 'genderPreference'], i.genderPreference) : ''].filter(Boolean).join(', ');
      return [p.name, interpreter, notes.get(p.personRef) ?? '–'];
    }),
    { size: 8.5 },
  );

  section(phrase('urgent', lang));
  if (agenda.urgent.length === 0) flow.paragraph(phrase('noUrgentFlags', lang));
  // The department's view marks a person's health as withheld; their flags then say only that something is urgent.
  const withheld = doc.persons.filter((p) => isWithheld(p.healthScreening)).map((p) => p.personRef);
  agenda.urgent.forEach((u, i) => flow.notice(readableDates(urgentFlagText(book, doc, u, i, withheld), lang), 'alert'));

  section(phrase('agendaDeadlines', lang, { days: AGENDA_HORIZON_DAYS }));
  if (agenda.deadlines.length === 0) flow.paragraph(phrase('agendaNoDeadlines', lang));
  else {
    flow.table(
      [
        { header: phrase('date', lang), weight: 22 },
        { header: phrase('person', lang), weight: 24 },
        { header: phrase('what', lang), weight: 28 },
        { header: phrase('detail', lang), weight: 26 },
      ],
      agenda.deadlines.map((d) => {
        const [what, detail] = deadlineText(d, lang);
        return [`${day(d.date)}${d.overdue ? ` (${phrase('agendaOverdue', lang)})` : ''}`, name(d.personRef), what, detail];
      }),
      { size: 8.5 },
    );
  }
  // The health-assessment offer however far off: one line per date and kind of offer.
  for (const [key, refs] of groupBy(agenda.healthAssessmentOffer, (o) => JSON.stringify([o.date, o.mandatory]))) {
    const [date, mandatory] = JSON.parse(key) as [string, boolean];
    flow.paragraph(phrase('agendaOffer', lang, { date: day(date), how: phrase(mandatory ? 'deadlineOfferMandatory' : 'deadlineOfferNeedsBased', lang), persons: names(refs.map((o) => o.personRef)) }));
  }

  // A household without children or pending referrals has no such item: the agenda stays short (one page for a single adult).
  if (agenda.children.length > 0) section(phrase('agendaChildren', lang));
  flow.fields(agenda.children.map((c) => [`${name(c.personRef)} (${c.age} ${phrase('years', lang)})`, childText(book, c, indexOf(c.personRef))]), { labelShare: 0.26 });

  if (agenda.traumaReferrals.length > 0) section(phrase('agendaTrauma', lang));
  for (const r of agenda.traumaReferrals) {
    const at: Path = ['persons', indexOf(r.personRef), 'healthScreening', 'mentalHealth', 'traumaRehabilitationReferral'];
    const facts = [
      book.value([...at, 'state'], r.state),
      r.referredTo ? `${book.field([...at, 'referredTo'])}: ${r.referredTo}` : '',
      r.referredOn ? `${book.field([...at, 'referredOn'])}: ${day(r.referredOn)}` : '',
      r.waitingListSince ? `${book.field([...at, 'waitingListSince'])}: ${day(r.waitingListSince)}` : '',
    ].filter(Boolean);
    flow.paragraph(`${name(r.personRef)}: ${facts.join('; ')}`);
  }

  section(phrase('agendaConsentLimits', lang));
  if (agenda.consentLimits.length === 0) flow.paragraph(phrase('agendaNoConsentLimits', lang));
  for (const [key, limits] of groupBy(agenda.consentLimits, (c) => JSON.stringify([c.audience, c.notCovered]))) {
    const [audience, scopes] = JSON.parse(key) as [string, ('social' | 'health')[]];
    const scopeWords = joinWords(
      scopes.map((s) => phrase(s === 'social' ? 'scopeSocial' : 'scopeHealth', lang)),
      lang,
    );
    flow.paragraph(phrase('agendaMayNotSee', lang, { audience: book.value(['consents', 0, 'audiences', 0], audience), scopes: scopeWords, persons: names(limits.map((l) => l.personRef)) }));
  }

  section(phrase('agendaNotAssessed', lang));
  if (agenda.notAssessed.length === 0) flow.paragraph(phrase('completenessNone', lang));
  else {
    flow.table(
      [
        { header: phrase('agendaSections', lang), weight: 40 },
        { header: phrase('reason', lang), weight: 30 },
        { header: phrase('agendaPersonsColumn', lang), weight: 30 },
      ],
      groupedGaps(
        agenda.notAssessed.map((g) => ({ personRef: g.personRef, row: gapRow(book, doc, g).map((cell) => readableDates(cell, lang)) as [string, string, string, string] })),
        names,
      ),
      { size: 8.5 },
    );
  }

  section(phrase('agendaDisagreements', lang));
  if (agenda.disagreements.length === 0) flow.paragraph(phrase('agendaNoDisagreements', lang));
  for (const d of agenda.disagreements) flow.notice(`${name(d.personRef)}: ${d.text}`, 'info');

  section(phrase('agendaQuestions', lang));
  if (agenda.openQuestions.length === 0) flow.paragraph(phrase('agendaNoQuestions', lang));
  for (const q of agenda.openQuestions) flow.paragraph(`${q.number}. ${q.text}${q.state === 'answered' ? ` (${phrase('agendaQuestionState', lang)})` : ''}`);

  // The outcome's heading and its lines stay together on one page.
  flow.ensure(130);
  section(phrase('agendaOutcome', lang));
  flow.paragraph(phrase('agendaOutcomeHow', lang), { size: 8 });
  // Ruled lines to write on: the meeting's outcome is written by hand, then recorded by the sender.
  flow.table([{ header: phrase('agendaOutcome', lang), weight: 100 }], [['\n'], ['\n'], ['\n']]);
  return finishDocument(pdf, flow, frame);
}

/** A child's needs in one line, each fact by the schemas' label: daycare or school, PPR, the health visitors, aids. */
function childText(book: LabelBook, c: AgendaChild, index: number): string {
  const school: Path = ['persons', index, 'socialInformation', 'childcareAndSchool'];
  const child: Path = ['persons', index, 'healthScreening', 'child'];
  const facts = [
    ...Object.entries(c.childcareAndSchool ?? {})
      .sort(([a], [b]) => book.order([...school, a]) - book.order([...school, b]))
      .map(([k, v]) => `${book.field([...school, k])}: ${book.value([...school, k], v)}`),
    c.forHealthVisitors ? `${book.field([...child, 'forHealthVisitors'])}: ${c.forHealthVisitors}` : '',
    c.traumaSigns ? `${book.field([...child, 'traumaSigns'])}: ${c.traumaSigns}` : '',
    c.aids.length > 0 ? `${phrase('agendaAids', book.lang)}: ${c.aids.join('; ')}` : '',
  ].filter(Boolean);
  return facts.length > 0 ? facts.join('; ') : '–';
}

/**
 * Sections not assessed as few rows as say them all: persons with the same section and reason
 * together, then sections with the same persons and reason together.
 */
function groupedGaps(gaps: readonly { personRef: string; row: readonly [string, string, string, string] }[], names: (refs: readonly string[]) => string): string[][] {
  const bySection = groupBy(gaps, ({ row: [, section, status, reason] }) => JSON.stringify([section, status, reason]));
  const rows = [...bySection].map(([key, items]) => ({ key, persons: [...new Set(items.map((i) => i.personRef))] }));
  const byPersons = groupBy(rows, (r) => {
    const [, status, reason] = JSON.parse(r.key) as [string, string, string];
    return JSON.stringify([r.persons, status, reason]);
  });
  return [...byPersons].map(([key, items]) => {
    const [persons, status, reason] = JSON.parse(key) as [string[], string, string];
    const sections = items.map((i) => (JSON.parse(i.key) as [string])[0]);
    return [sections.join('; '), [status, reason].filter(Boolean).join(': '), names(persons)];
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** The dates in a line the department's PDF words (urgent flags, reasons) as the agenda writes dates. */
function readableDates(text: string, lang: Lang): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => readableDate(d, lang));
}

/** "A, B og C" / "A, B and C". */
function joinWords(words: readonly string[], lang: Lang): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${phrase('agendaAnd', lang)} ${words.at(-1)}`;
}
