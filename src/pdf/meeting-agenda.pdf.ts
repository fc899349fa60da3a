/**
 * The agenda of the handover meeting as a PDF in one language: who comes and with which
 * interpreter, urgent matters, deadlines soon and overdue, sections not assessed and why,
 * disagreements in the household, open questions, and ruled space for the outcome.
 */
import type { Handover } from '../domain/handover-types.js';
import type { MeetingAgenda } from '../domain/meeting-agenda.js';
import { AGENDA_HORIZON_DAYS } from '../domain/meeting-agenda.js';
import { deadlineText, gapRow, personLabel, urgentFlagText } from './coordinating-department.pdf.js';
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
  const p0 = ['persons', 0, 'socialInformation', 'languages', 'interpreter'] as const;

  flow.heading(phrase('agendaTitle', lang), 1);
  flow.fields([
    [phrase('recipient', lang), municipality],
    [phrase('sender', lang), [doc.sender.organisationName, doc.sender.unit].filter(Boolean).join(', ')],
    [phrase('agendaArrival', lang), [agenda.expectedArrival.date, agenda.expectedArrival.place].filter(Boolean).join(' · ')],
  ]);

  flow.heading(`1. ${phrase('agendaPersons', lang)}`, 2);
  flow.table(
    [
      { header: phrase('person', lang), weight: 40 },
      { header: phrase('agendaInterpreter', lang), weight: 60 },
    ],
    agenda.persons.map((p) => {
      const i = p.interpreter;
      const interpreter =
        i.needed === false
          ? phrase('agendaNoInterpreter', lang)
          : i.needed === undefined && !i.language
            ? phrase('agendaInterpreterUnknown', lang)
            : [i.language ? book.value([...p0, 'language'], i.language) : '', i.dialect ?? '', i.genderPreference ? book.value([...p0, 'genderPreference'], i.genderPreference) : ''].filter(Boolean).join(', ');
      return [`${p.personRef} ${p.name}`, interpreter];
    }),
  );

  flow.heading(`2. ${phrase('urgent', lang)}`, 2);
  if (agenda.urgent.length === 0) flow.paragraph(phrase('noUrgentFlags', lang));
  // The department's view marks a person's health as withheld; their flags' text is then the PDF's own words.
  const withheld = doc.persons.filter((p) => isWithheld(p.healthScreening)).map((p) => p.personRef);
  agenda.urgent.forEach((u, i) => flow.notice(urgentFlagText(book, doc, u, i, withheld), 'alert'));

  flow.heading(`3. ${phrase('agendaDeadlines', lang, { days: AGENDA_HORIZON_DAYS })}`, 2);
  if (agenda.deadlines.length === 0) flow.paragraph(phrase('agendaNoDeadlines', lang));
  else {
    flow.table(
      [
        { header: phrase('date', lang), weight: 18 },
        { header: phrase('person', lang), weight: 26 },
        { header: phrase('what', lang), weight: 30 },
        { header: phrase('detail', lang), weight: 26 },
      ],
      agenda.deadlines.map((d) => {
        const [what, detail] = deadlineText(d, lang);
        return [`${d.date}${d.overdue ? ` (${phrase('agendaOverdue', lang)})` : ''}`, personLabel(doc, d.personRef), what, detail];
      }),
    );
  }

  flow.heading(`4. ${phrase('agendaNotAssessed', lang)}`, 2);
  if (agenda.notAssessed.length === 0) flow.paragraph(phrase('completenessNone', lang));
  else {
    flow.table(
      [
        { header: phrase('person', lang), weight: 20 },
        { header: phrase('section', lang), weight: 30 },
        { header: phrase('status', lang), weight: 16 },
        { header: phrase('reason', lang), weight: 34 },
      ],
      groupedGaps(agenda.notAssessed.map((g) => gapRow(book, doc, g))),
    );
  }

  flow.heading(`5. ${phrase('agendaDisagreements', lang)}`, 2);
  if (agenda.disagreements.length === 0) flow.paragraph(phrase('agendaNoDisagreements', lang));
  for (const d of agenda.disagreements) flow.notice(`${personLabel(doc, d.personRef)}: ${d.text}`, 'info');

  flow.heading(`6. ${phrase('agendaQuestions', lang)}`, 2);
  if (agenda.openQuestions.length === 0) flow.paragraph(phrase('agendaNoQuestions', lang));
  for (const q of agenda.openQuestions) flow.paragraph(`${q.number}. ${q.text}${q.state === 'answered' ? ` (${phrase('agendaQuestionState', lang)})` : ''}`);

  // The outcome's heading and its lines stay together on one page.
  flow.ensure(150);
  flow.heading(`7. ${phrase('agendaOutcome', lang)}`, 2);
  flow.paragraph(phrase('agendaOutcomeHow', lang), { size: 8 });
  // Ruled lines to write on: the meeting's outcome is written by hand, then recorded by the sender.
  flow.table([{ header: phrase('agendaOutcome', lang), weight: 100 }], [['\n'], ['\n'], ['\n']]);
  return finishDocument(pdf, flow, frame);
}

/** One row per person, status and reason, its sections listed together: the agenda stays short. */
function groupedGaps(rows: readonly [string, string, string, string][]): string[][] {
  const groups = new Map<string, string[]>();
  for (const [person, section, status, reason] of rows) {
    const key = JSON.stringify([person, status, reason]);
    groups.set(key, [...(groups.get(key) ?? []), section]);
  }
  return [...groups].map(([key, sections]) => {
    const [person, status, reason] = JSON.parse(key) as [string, string, string];
    return [person, sections.join('; '), status, reason];
  });
}
