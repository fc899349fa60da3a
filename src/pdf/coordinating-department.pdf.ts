/**
 * The coordinating department's PDF: the caseworker's briefing (domain/briefing.ts) on paper, in the
 * words of the handover page. A cover with the household at a glance (the page's header, the
 * persons, urgent matters), then per person findings first: urgent matters, health within consent,
 * social, the child's needs, language, relations as sentences, who may see what, deadlines,
 * attachments, the GP; sections not assessed compact, grouped by their reason. Last the
 * attachments' digests, to check the files against.
 */
import { buildBriefing, briefingPhrase } from '../domain/briefing.js';
import type { BriefingInput, BriefingLine, BriefingPerson } from '../domain/briefing-types.js';
import { agesOn } from '../domain/dates.js';
import { readableDate } from '../domain/partial-dates.js';
import { personName as nameOf } from '../domain/person-name.js';
import type { CompletenessGap } from '../domain/completeness.js';
import { medicationWarnings } from '../domain/critical-medications.js';
import type { Deadline } from '../domain/deadlines.js';
import type { Handover } from '../domain/handover-types.js';
import { finishDocument, openDocument, type FontChoice, type PdfFacts } from './document-frame.js';
import { formatValue, type FormRenderer } from './form-sections.js';
import type { Label, LabelBook } from './label-book.js';
import { medicationWarningText } from './medication-warnings.js';
import type { PageFlow } from './page-flow.js';
import { dateTime, phrase, type Lang } from './phrases.js';

export interface ConsentRow {
  personRef: string;
  audience: string;
  social: boolean;
  health: boolean;
  /** A recorded consent change decided it, not the signed document. */
  changed: boolean;
}

export interface CoordinatingDepartmentPdfInput {
  lang: Lang;
  facts: PdfFacts;
  /** The department's view: health screenings without consent are already replaced by a marker. */
  document: Handover;
  withheld: readonly string[];
  deadlines: readonly Deadline[];
  completenessScore: number;
  consents: readonly ConsentRow[];
  /** The GP practices assigned and their results, as the handover page shows them; absent offline (nothing is then said of a GP). */
  gp?: BriefingInput['gp'];
  /** The legal rule behind the health-assessment deadline. */
  offerRule?: { text: Label; legalReference: Label };
  /** A record handed on to the municipality the persons moved to: the PDF says so first. */
  handedOn?: { fromMunicipalityCode: string; toMunicipalityCode: string; transferredOn: string; movedOn: string; reason?: string };
}

type Obj = Record<string, unknown>;

export function personName(doc: Handover, personRef: string): string {
  const si = doc.persons.find((p) => p.personRef === personRef)?.socialInformation;
  return si ? nameOf(si.identity) : personRef;
}

export function personLabel(doc: Handover, personRef: string): string {
  return `${personRef} ${personName(doc, personRef)}`;
}

/**
 * An urgent flag as one line. Where the person's health is withheld the flag's text (which may be
 * about health) is replaced by the PDF's own words for that, in the PDF's language.
 */
export function urgentFlagText(book: LabelBook, doc: Handover, flag: { type: string; personRef: string; date?: string; description: string }, index: number, withheld: readonly string[]): string {
  // The flag's kind and date (a pregnancy's term) would say what consent withholds: only that something is urgent is said.
  if (withheld.includes(flag.personRef)) return `${phrase('urgent', book.lang)}: ${personLabel(doc, flag.personRef)}. ${phrase('withheldDetail', book.lang)}`;
  const type = book.value(['urgentFlags', index, 'type'], flag.type);
  return `${type}${flag.date ? ` (${readableDate(flag.date, book.lang)})` : ''}: ${personLabel(doc, flag.personRef)}. ${flag.description}`;
}

/** A deadline in words, with health details left out for persons whose health is withheld. */
export function deadlineText(d: Deadline, lang: Lang): [string, string] {
  switch (d.kind) {
    case 'health-assessment-offer':
      return [phrase('deadlineOffer', lang), phrase(d.mandatory ? 'deadlineOfferMandatory' : 'deadlineOfferNeedsBased', lang)];
    case 'turns-18':
      return [phrase('deadlineTurns18', lang), d.birthDatePrecision ? phrase(d.birthDatePrecision === 'year' ? 'birthKnownToYear' : 'birthKnownToMonth', lang) : d.detail ? phrase('estimated', lang) : ''];
    case 'medication-supply-ends':
      return [phrase('deadlineMedication', lang), d.detail ? `${d.detail}${d.critical ? ` (${phrase('mustNotInterrupt', lang)})` : ''}` : phrase('withheldDetail', lang)];
    case 'medication-supply-unknown':
      return [phrase('deadlineMedicationUnknown', lang), d.detail ? `${d.detail}${d.critical ? ` (${phrase('mustNotInterrupt', lang)})` : ''}` : phrase('withheldDetail', lang)];
    case 'permit-expires':
      return [phrase('deadlinePermit', lang), ''];
    case 'temporary-permit-ends':
      return [phrase('deadlineTemporaryPermit', lang), ''];
  }
}

/** A section not assessed or declined, as a table row: person, section (by its labels), status, reason. */
export function gapRow(book: LabelBook, doc: Handover, g: CompletenessGap): [string, string, string, string] {
  const lang = book.lang;
  const path = pointerPath(g.pointer);
  const reason = [g.reason ? book.value([...path, 'reason'], g.reason) : '', g.reasonText ?? '', g.expectedBy ? `${phrase('expectedBy', lang)} ${readableDate(g.expectedBy, lang)}` : ''].filter(Boolean).join('; ');
  const section = path.slice(2).filter((t) => typeof t === 'string');
  const sectionLabel = section.map((_, n) => book.field(path.slice(0, 3 + n))).slice(1).join(' › ');
  return [personLabel(doc, g.personRef), sectionLabel || book.field(path), phrase(g.kind === 'declined' ? 'declined' : 'notAssessed', lang), reason];
}

function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

/** The page's header, the time of receipt and the sender's contact, with what the reader must know first about this version. */
function renderCover(r: FormRenderer, input: CoordinatingDepartmentPdfInput, header: readonly BriefingLine[]): void {
  const { flow, book, lang } = r;
  const doc = input.document;

  flow.heading(phrase('titleCoordinating', lang), 1);
  if (input.facts.versionStatus && input.facts.versionStatus !== 'current') {
    flow.notice(`${phrase('versionStatus', lang)}: ${phrase(input.facts.versionStatus === 'withdrawn' ? 'statusWithdrawn' : 'statusSuperseded', lang)}`, 'alert', { face: 'bold' });
  }
  if (input.handedOn) {
    const h = input.handedOn;
    const municipality = (code: string) => book.value(['recipient', 'municipalityCode'], code);
    flow.notice(
      phrase('handedOn', lang, { from: municipality(h.fromMunicipalityCode), to: municipality(h.toMunicipalityCode), at: readableDate(h.transferredOn, lang), movedOn: readableDate(h.movedOn, lang), persons: doc.persons.map((p) => personName(doc, p.personRef)).join(', ') }),
      'info',
      { face: 'bold' },
    );
    if (h.reason) flow.notice(phrase('handedOnReason', lang, { reason: h.reason }), 'info');
  }
  const readdressing = (doc.recipient as { readdressing?: Obj }).readdressing;
  // A re-addressed version says from where and why, in the schema's own words.
  if (readdressing) flow.notice(`${book.field(['recipient', 'readdressing'])}. ${formatValue(r, readdressing, ['recipient', 'readdressing'])}`, 'info', { face: 'bold' });
  flow.fields([
    ...header.map((l) => [l.label, l.text] as const),
    [phrase('receivedAt', lang), dateTime(input.facts.receivedAt, lang)],
  ]);
  if (input.offerRule) flow.paragraph(`${input.offerRule.text[lang]} (${input.offerRule.legalReference[lang]})`, { size: 8 });

  flow.heading(phrase('householdAtAGlance', lang), 2);
  const asOf = input.facts.receivedAt.slice(0, 10);
  const p0 = ['persons', 0, 'socialInformation', 'identity'] as const;
  flow.table(
    [
      { header: phrase('name', lang), weight: 30 },
      { header: book.field([...p0, 'dateOfBirth']), weight: 26 },
      { header: book.field([...p0, 'sex']), weight: 12 },
      { header: book.field(['persons', 0, 'socialInformation', 'residence', 'legalBasis']), weight: 32 },
    ],
    doc.persons.map((p, i) => {
      const id = p.socialInformation.identity;
      // A birth date known to the year or month (1.2) allows two ages: both are shown.
      const ages = agesOn(id.dateOfBirth, asOf);
      const age = `${ages.youngest === ages.oldest ? ages.youngest : `${ages.youngest}-${ages.oldest}`} ${phrase('years', lang)}`;
      return [
        `${nameOf(id)}${id.nameInOriginalScript ? ` (${id.nameInOriginalScript})` : ''}`,
        `${readableDate(id.dateOfBirth, lang)}${id.dateOfBirthEstimated ? ` (${phrase('estimated', lang)})` : ''}, ${age}`,
        book.value(['persons', i, 'socialInformation', 'identity', 'sex'], id.sex),
        book.value(['persons', i, 'socialInformation', 'residence', 'legalBasis'], p.socialInformation.residence.legalBasis),
      ];
    }),
  );

  // The household's urgent matters together on the first page; each person's section repeats its own.
  flow.heading(phrase('urgent', lang), 2);
  const warnings = medicationWarnings(doc);
  if (doc.urgentFlags.length === 0 && warnings.length === 0) flow.paragraph(phrase('noUrgentFlags', lang));
  doc.urgentFlags.forEach((f, i) => flow.notice(urgentFlagText(book, doc, f, i, input.withheld), 'alert'));
  for (const w of warnings) flow.notice(`${personLabel(doc, w.personRef)}: ${medicationWarningText(w, lang)}`, 'warning');
}

const rows = (lines: readonly BriefingLine[]) => lines.map((l) => [l.label, l.text] as const);

/** One person as the handover page shows them: the same groups, topics and lines, in the same words. */
function renderPerson(flow: PageFlow, person: BriefingPerson, lang: Lang): void {
  flow.heading(`${person.name}${person.nameInOriginalScript ? ` (${person.nameInOriginalScript})` : ''}`, 2);
  flow.paragraph(person.summary);
  if (person.healthWithheld) flow.notice(person.healthWithheld, 'alert');
  for (const group of person.groups) {
    flow.heading(group.title, 3);
    for (const topic of group.topics) {
      // A topic whose every line is named by it (a section's entries) needs no caption of its own; a table does.
      if (topic.title !== group.title && (topic.table || topic.lines.some((l) => l.label !== topic.title))) flow.caption(topic.title, 9);
      if (topic.lines.length > 0) flow.fields(rows(topic.lines));
      // Entries alike (vaccines) as the page shows them: a table, a row an entry.
      if (topic.table) flow.table(topic.table.columns.map((header) => ({ header, weight: 1 })), topic.table.rows, { size: 8 });
    }
    if (group.noFindings) flow.paragraph(`${briefingPhrase('noFindingsIntro', lang)}: ${group.noFindings.join(', ')}`, { size: 8.5 });
    if (group.notApplicable) flow.paragraph(`${briefingPhrase('notApplicableIntro', lang)}: ${group.notApplicable.join(', ')}`, { size: 8.5 });
  }
  if (person.notAssessed.length > 0) {
    flow.heading(briefingPhrase('notAssessedIntro', lang), 3);
    // Compact: a reason shared by several sections is one line naming them all ("Ingen tid før
    // overdragelse: Uddannelse, ..."); a reason of one section (often the sender's own words and a
    // date) follows its section, as on the page, so the reader scans section names first.
    const byReason = new Map<string, string[]>();
    for (const line of person.notAssessed) byReason.set(line.text, [...(byReason.get(line.text) ?? []), line.label]);
    for (const [reason, sections] of byReason) flow.paragraph(sections.length > 1 ? `${reason}: ${sections.join(', ')}` : `${sections[0]}: ${reason}`, { size: 8.5 });
  }
}

function renderAttachmentDigests(flow: PageFlow, book: LabelBook, doc: Handover): void {
  if (doc.attachments.length === 0) return;
  const a0 = ['attachments', 0] as const;
  flow.heading(phrase('attachmentDigests', book.lang), 2);
  // Each digest whole on one line (64 monospaced characters at 7 pt), so it can be compared and copied.
  flow.table(
    [
      { header: book.field([...a0, 'filename']), weight: 24 },
      { header: phrase('person', book.lang), weight: 13 },
      { header: phrase('size', book.lang), weight: 9 },
      { header: 'SHA-256', weight: 54, face: 'mono' },
    ],
    doc.attachments.map((a) => [a.filename, personName(doc, a.personRef), `${a.size} B`, a.sha256]),
    { size: 7 },
  );
}

export async function renderCoordinatingDepartmentPdf(fonts: FontChoice, book: LabelBook, input: CoordinatingDepartmentPdfInput): Promise<Uint8Array> {
  const { lang, document: doc } = input;
  // The handover page's model, in the PDF's label book: page and PDF say the same. Ages on the day received: the PDF is a function of the document.
  const briefing = buildBriefing(
    { labels: book, deadline: (d) => deadlineText(d, lang), medicationWarning: (w) => medicationWarningText(w, lang) },
    {
      document: doc,
      withheld: input.withheld,
      deadlines: input.deadlines,
      medicationWarnings: medicationWarnings(doc),
      consents: input.consents,
      ...(input.gp ? { gp: input.gp } : {}),
      asOf: input.facts.receivedAt.slice(0, 10),
      completenessScore: input.completenessScore,
    },
  );
  const frame = {
    lang,
    facts: input.facts,
    title: `${phrase('handover', lang)} ${doc.handoverId.slice(0, 8)} · ${phrase('version', lang)} ${doc.version} · ${book.value(['recipient', 'municipalityCode'], doc.recipient.municipalityCode)}`,
    audience: phrase('audienceCoordinating', lang),
    author: [doc.sender.organisationName, doc.sender.unit].filter(Boolean).join(', '),
    subject: `${phrase('titleCoordinating', lang)}: ${book.value(['recipient', 'municipalityCode'], doc.recipient.municipalityCode)}`,
    textSample: JSON.stringify(doc),
  };
  const { doc: pdf, flow } = await openDocument(fonts, frame);
  const r: FormRenderer = { flow, book, lang };
  renderCover(r, input, briefing.header);
  for (const person of briefing.persons) renderPerson(flow, person, lang);
  renderAttachmentDigests(flow, book, doc);
  return finishDocument(pdf, flow, frame);
}
