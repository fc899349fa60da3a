/**
 * The coordinating department's PDF: a cover with the household at a glance (persons, relations,
 * legal basis, arrival, urgent matters, deadlines, completeness gaps, consent, attachments), then
 * per person the social information and, where consent covers it, the health screening.
 */
import { agesOn } from '../domain/dates.js';
import { formatPartialDate } from '../domain/partial-dates.js';
import { personName as nameOf } from '../domain/person-name.js';
import type { CompletenessGap } from '../domain/completeness.js';
import { medicationWarnings } from '../domain/critical-medications.js';
import type { Deadline } from '../domain/deadlines.js';
import type { Handover } from '../domain/handover-types.js';
import { finishDocument, openDocument, type FontChoice, type PdfFacts } from './document-frame.js';
import { formatValue, renderObject, sourceKey, type FormRenderer } from './form-sections.js';
import type { Label, LabelBook } from './label-book.js';
import { medicationWarningText } from './medication-warnings.js';
import { dateTime, phrase, type Lang } from './phrases.js';

export interface ConsentRow {
  personRef: string;
  audience: string;
  social: boolean;
  health: boolean;
  /** A recorded consent change decided it, not the signed document. */
  changed: boolean;
}

export type { CompletenessGap };

export interface CoordinatingDepartmentPdfInput {
  lang: Lang;
  facts: PdfFacts;
  /** The department's view: health screenings without consent are already replaced by a marker. */
  document: Handover;
  withheld: readonly string[];
  deadlines: readonly Deadline[];
  completenessScore: number;
  /** Gaps in sections the department may see (none about withheld health). */
  gaps: readonly CompletenessGap[];
  consents: readonly ConsentRow[];
  /** The legal rule behind the health-assessment deadline. */
  offerRule?: { text: Label; legalReference: Label };
  /** A record handed on to the municipality the persons moved to: the PDF says so first. */
  handedOn?: { fromMunicipalityCode: string; toMunicipalityCode: string; transferredOn: string; movedOn: string; reason?: string };
}

type Obj = Record<string, unknown>;
const AUDIENCE_ORDER = ['coordinating-department', 'gp', 'health-visitors', 'school-psychology'];

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
  return `${type}${flag.date ? ` (${flag.date})` : ''}: ${personLabel(doc, flag.personRef)}. ${flag.description}`;
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
  const reason = [g.reason ? book.value([...path, 'reason'], g.reason) : '', g.reasonText ?? '', g.expectedBy ? `${phrase('expectedBy', lang)} ${g.expectedBy}` : ''].filter(Boolean).join('; ');
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

function renderCover(r: FormRenderer, input: CoordinatingDepartmentPdfInput): void {
  const { flow, book, lang } = r;
  const doc = input.document;
  const asOf = input.facts.receivedAt.slice(0, 10);
  const sender = doc.sender as Handover['sender'] & { contact?: Obj };
  const arrival = doc.expectedArrival as Handover['expectedArrival'] & { note?: string };

  flow.heading(phrase('titleCoordinating', lang), 1);
  if (input.facts.versionStatus && input.facts.versionStatus !== 'current') {
    flow.notice(`${phrase('versionStatus', lang)}: ${phrase(input.facts.versionStatus === 'withdrawn' ? 'statusWithdrawn' : 'statusSuperseded', lang)}`, 'alert', { face: 'bold' });
  }
  if (input.handedOn) {
    const h = input.handedOn;
    const municipality = (code: string) => book.value(['recipient', 'municipalityCode'], code);
    flow.notice(phrase('handedOn', lang, { from: municipality(h.fromMunicipalityCode), to: municipality(h.toMunicipalityCode), at: h.transferredOn, movedOn: h.movedOn, persons: doc.persons.map((p) => personName(doc, p.personRef)).join(', ') }), 'info', { face: 'bold' });
    if (h.reason) flow.notice(phrase('handedOnReason', lang, { reason: h.reason }), 'info');
  }
  const readdressing = (doc.recipient as { readdressing?: Obj }).readdressing;
  // A re-addressed version says from where and why, in the schema's own words.
  if (readdressing) flow.notice(`${book.field(['recipient', 'readdressing'])}. ${formatValue(r, readdressing, ['recipient', 'readdressing'])}`, 'info', { face: 'bold' });
  flow.fields([
    [phrase('recipient', lang), book.value(['recipient', 'municipalityCode'], doc.recipient.municipalityCode)],
    [phrase('sender', lang), [sender.organisationName, sender.unit].filter(Boolean).join(', ')],
    ...(sender.contact ? ([[book.field(['sender', 'contact']), Object.values(sender.contact).map(String).join(', ')]] as [string, string][]) : []),
    [phrase('receivedAt', lang), dateTime(input.facts.receivedAt, lang)],
    [book.field(['integrationResponsibilityFrom']), doc.integrationResponsibilityFrom],
    [book.field(['expectedArrival']), [arrival.date, book.value(['expectedArrival', 'mode'], arrival.mode), arrival.place, arrival.note].filter(Boolean).join(' · ')],
  ]);

  flow.heading(phrase('householdAtAGlance', lang), 2);
  const p0 = ['persons', 0, 'socialInformation', 'identity'] as const;
  flow.table(
    [
      { header: phrase('person', lang), weight: 9 },
      { header: phrase('name', lang), weight: 20 },
      { header: book.field([...p0, 'nameInOriginalScript']), weight: 20 },
      { header: book.field([...p0, 'dateOfBirth']), weight: 16 },
      { header: book.field([...p0, 'sex']), weight: 9 },
      { header: book.field(['persons', 0, 'socialInformation', 'residence', 'legalBasis']), weight: 26 },
    ],
    doc.persons.map((p, i) => {
      const id = p.socialInformation.identity;
      // A birth date known to the year or month (1.2) allows two ages: both are shown.
      const ages = agesOn(id.dateOfBirth, asOf);
      const age = `${ages.youngest === ages.oldest ? ages.youngest : `${ages.youngest}-${ages.oldest}`} ${phrase('years', lang)}`;
      return [
        p.personRef,
        nameOf(id),
        id.nameInOriginalScript ?? '',
        `${formatPartialDate(id.dateOfBirth, lang)}${id.dateOfBirthEstimated ? ` (${phrase('estimated', lang)})` : ''}, ${age}`,
        book.value(['persons', i, 'socialInformation', 'identity', 'sex'], id.sex),
        book.value(['persons', i, 'socialInformation', 'residence', 'legalBasis'], p.socialInformation.residence.legalBasis),
      ];
    }),
  );
  if (doc.household.relations.length > 0) {
    const withNotes = doc.household.relations.some((rel) => rel.note);
    flow.table(
      [
        { header: phrase('person', lang), weight: withNotes ? 22 : 30 },
        { header: book.field(['household', 'relations', 0, 'type']), weight: withNotes ? 14 : 20 },
        { header: phrase('toPerson', lang), weight: withNotes ? 22 : 30 },
        ...(withNotes ? [{ header: book.field(['household', 'relations', 0, 'note']), weight: 30 }] : []),
      ],
      doc.household.relations.map((rel, i) => [
        personLabel(doc, rel.from),
        book.value(['household', 'relations', i, 'type'], rel.type),
        personLabel(doc, rel.to),
        ...(withNotes ? [rel.note ?? ''] : []),
      ]),
    );
  }
  const living = doc.household.livingArrangements as (Obj & { personRefs: string[] })[];
  if (living.length > 0) {
    flow.fields(living.map((l) => [phrase('livesWith', lang), `${l.personRefs.join(', ')}${l.note ? ` (${String(l.note)})` : ''}`]));
  }

  flow.heading(phrase('urgent', lang), 2);
  const warnings = medicationWarnings(doc);
  if (doc.urgentFlags.length === 0 && warnings.length === 0) flow.paragraph(phrase('noUrgentFlags', lang));
  doc.urgentFlags.forEach((f, i) => flow.notice(urgentFlagText(book, doc, f, i, input.withheld), 'alert'));
  for (const w of warnings) flow.notice(`${personLabel(doc, w.personRef)}: ${medicationWarningText(w, lang)}`, 'warning');

  flow.heading(phrase('deadlines', lang), 2);
  flow.table(
    [
      { header: phrase('date', lang), weight: 14 },
      { header: phrase('person', lang), weight: 24 },
      { header: phrase('what', lang), weight: 32 },
      { header: phrase('detail', lang), weight: 30 },
    ],
    input.deadlines.map((d) => {
      const [what, detail] = deadlineText(d, lang);
      return [d.date, personLabel(doc, d.personRef), what, detail];
    }),
  );
  if (input.offerRule) flow.paragraph(`${input.offerRule.text[lang]} (${input.offerRule.legalReference[lang]})`, { size: 8 });

  flow.heading(phrase('completeness', lang), 2);
  flow.paragraph(phrase('completenessScore', lang, { score: input.completenessScore }), { face: 'bold' });
  if (input.gaps.length === 0) flow.paragraph(phrase('completenessNone', lang));
  else {
    flow.paragraph(phrase('completenessIntro', lang));
    flow.table(
      [
        { header: phrase('person', lang), weight: 18 },
        { header: phrase('section', lang), weight: 30 },
        { header: phrase('status', lang), weight: 16 },
        { header: phrase('reason', lang), weight: 36 },
      ],
      input.gaps.map((g) => gapRow(book, doc, g)),
    );
  }

  flow.heading(phrase('consentStatus', lang), 2);
  const audiences = AUDIENCE_ORDER.filter((a) => input.consents.some((c) => c.audience === a));
  const consentCell = (c: ConsentRow | undefined) => {
    if (!c) return phrase('none', lang);
    const scopes = [c.social ? phrase('scopeSocial', lang) : '', c.health ? phrase('scopeHealth', lang) : ''].filter(Boolean);
    return `${scopes.length ? scopes.join(', ') : phrase('none', lang)}${c.changed ? ' *' : ''}`;
  };
  flow.table(
    [{ header: phrase('person', lang), weight: 22 }, ...audiences.map((a) => ({ header: book.value(['consents', 0, 'audiences', 0], a), weight: 78 / Math.max(audiences.length, 1) }))],
    doc.persons.map((p) => [personLabel(doc, p.personRef), ...audiences.map((a) => consentCell(input.consents.find((c) => c.personRef === p.personRef && c.audience === a)))]),
  );
  if (input.consents.some((c) => c.changed)) flow.paragraph(`* ${phrase('consentChanged', lang)}`, { size: 8 });

  flow.heading(phrase('attachments', lang), 2);
  if (doc.attachments.length === 0) flow.paragraph(phrase('noAttachments', lang));
  else {
    const a0 = ['attachments', 0] as const;
    flow.table(
      [
        { header: book.field([...a0, 'filename']), weight: 24 },
        { header: book.field([...a0, 'category']), weight: 20 },
        { header: book.field([...a0, 'description']), weight: 34 },
        { header: phrase('person', lang), weight: 10 },
        { header: phrase('size', lang), weight: 12 },
      ],
      doc.attachments.map((a, i) => [a.filename, book.value(['attachments', i, 'category'], a.category), (a as { description?: string }).description ?? '', a.personRef, `${a.size} B`]),
      { size: 8 },
    );
    // Each digest whole on one line (64 monospaced characters at 7 pt), so it can be compared and copied.
    flow.table(
      [
        { header: book.field([...a0, 'filename']), weight: 30 },
        { header: phrase('attachmentDigests', lang), weight: 70, face: 'mono' },
      ],
      doc.attachments.map((a) => [a.filename, a.sha256]),
      { size: 7 },
    );
  }
}

function renderPerson(r: FormRenderer, input: CoordinatingDepartmentPdfInput, index: number): void {
  const { flow, lang } = r;
  const person = input.document.persons[index]!;
  const id = person.socialInformation.identity;
  flow.newPage();
  flow.heading(`${phrase('person', lang)} ${person.personRef}: ${nameOf(id)}${id.nameInOriginalScript ? ` (${id.nameInOriginalScript})` : ''}`, 1);
  flow.heading(phrase('socialInformation', lang), 2);
  renderObject(r, person.socialInformation as unknown as Obj, ['persons', index, 'socialInformation'], 3, new Set(['personRef']));
  flow.heading(phrase('healthScreening', lang), 2);
  if (input.withheld.includes(person.personRef)) {
    flow.notice(phrase('healthWithheld', lang, { audience: phrase('audienceCoordinatingLower', lang) }), 'alert');
    return;
  }
  const hs = person.healthScreening as unknown as Obj;
  renderObject({ ...r, defaultSource: sourceKey(hs.screening) }, hs, ['persons', index, 'healthScreening'], 3, new Set(['personRef']));
}

export async function renderCoordinatingDepartmentPdf(fonts: FontChoice, book: LabelBook, input: CoordinatingDepartmentPdfInput): Promise<Uint8Array> {
  const { lang, document: doc } = input;
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
  renderCover(r, input);
  doc.persons.forEach((_, i) => renderPerson(r, input, i));
  return finishDocument(pdf, flow, frame);
}
