/**
 * The GP's PDF: for each person assigned to the practice and covered by GP consent, the health
 * summary only (identity, language and interpreter need, urgent matters, what the GP is asked to
 * do, then the health screening, most clinical first). A person without GP consent appears only
 * as a notice with their person reference. No social information.
 */
import { medicationWarnings } from '../domain/critical-medications.js';
import { MEDICATION_DEADLINES, type Deadline } from '../domain/deadlines.js';
import type { Handover } from '../domain/handover-types.js';
import { pregnancyWeekOn, type PregnancyFacts } from '../domain/pregnancy.js';
import { readableDate } from '../domain/partial-dates.js';
import { deadlineText, personName } from './coordinating-department.pdf.js';
import { finishDocument, openDocument, type FontChoice, type PdfFacts } from './document-frame.js';
import { formatValue, renderObject, sourceKey, type FormRenderer } from './form-sections.js';
import type { Label, LabelBook } from './label-book.js';
import { medicationWarningText } from './medication-warnings.js';
import { phrase, type Lang } from './phrases.js';

export interface GpPdfInput {
  lang: Lang;
  facts: PdfFacts;
  document: Handover;
  /** The persons this GP may see, and whether consent covers the GP for each. */
  persons: readonly { personRef: string; consent: boolean }[];
  deadlines: readonly Deadline[];
  offerRule?: { text: Label; legalReference: Label };
  /** Version of the health-assessment-result form the GP returns. */
  resultFormVersion: string;
}

type Obj = Record<string, unknown>;

/** What a GP looks for first. Sections not named here follow in schema order. */
const GP_ORDER = ['screening', 'medications', 'allergies', 'physicalConditions', 'infectiousDiseases', 'vaccinations', 'mentalHealth', 'ongoingTreatments', 'functionalLimitations', 'pregnancy', 'child', 'conclusion'];

function renderGpPerson(r: FormRenderer, input: GpPdfInput, personRef: string): void {
  const { flow, book, lang } = r;
  const doc = input.document;
  const index = doc.persons.findIndex((p) => p.personRef === personRef);
  const person = doc.persons[index]!;
  const si = person.socialInformation as unknown as Obj & { identity: Obj; languages: Obj };
  const id = person.socialInformation.identity;
  const base = ['persons', index, 'socialInformation'] as const;

  flow.heading(`${personRef}: ${personName(doc, personRef)}${id.nameInOriginalScript ? ` (${id.nameInOriginalScript})` : ''}`, 1);
  flow.heading(phrase('identity', lang), 3);
  const identityKeys = ['givenNames', 'familyName', 'noFamilyName', 'nameInOriginalScript', 'dateOfBirth', 'dateOfBirthEstimated', 'sex', 'cprNumber'];
  flow.fields(identityKeys.filter((k) => si.identity[k] !== undefined).map((k) => [book.field([...base, 'identity', k]), formatValue(r, si.identity[k], [...base, 'identity', k])]));
  const relations = doc.household.relations.map((rel, i) => ({ rel, i })).filter(({ rel }) => rel.from === personRef || rel.to === personRef);
  if (relations.length > 0) {
    // The household as the GP needs it: who is who to this person, with the sender's note (a
    // carer, a guardian, a parent abroad); other persons by reference, named only when the GP may see them.
    const other = (ref: string) => (input.persons.some((p) => p.personRef === ref && p.consent) ? `${ref}: ${personName(doc, ref)}` : ref);
    const withNotes = relations.some(({ rel }) => rel.note);
    flow.heading(phrase('relations', lang), 3);
    flow.table(
      [
        { header: phrase('person', lang), weight: 25 },
        { header: book.field(['household', 'relations', 0, 'type']), weight: 15 },
        { header: phrase('toPerson', lang), weight: 25 },
        ...(withNotes ? [{ header: book.field(['household', 'relations', 0, 'note']), weight: 35 }] : []),
      ],
      relations.map(({ rel, i }) => [other(rel.from), book.value(['household', 'relations', i, 'type'], rel.type), other(rel.to), ...(withNotes ? [rel.note ?? ''] : [])]),
    );
  }
  flow.heading(phrase('languageAndInterpreter', lang), 3);
  const languageKeys = ['motherTongue', 'dialect', 'otherLanguages', 'interpreter', 'literacyOwnLanguage', 'danishLevel'];
  flow.fields(languageKeys.filter((k) => si.languages[k] !== undefined).map((k) => [book.field([...base, 'languages', k]), formatValue(r, si.languages[k], [...base, 'languages', k])]));

  const flags = doc.urgentFlags.map((f, i) => ({ f, i })).filter(({ f }) => f.personRef === personRef);
  if (flags.length > 0) {
    flow.heading(phrase('urgentForPerson', lang), 3);
    for (const { f, i } of flags) flow.notice(`${book.value(['urgentFlags', i, 'type'], f.type)}${f.date ? ` (${readableDate(f.date, lang)})` : ''}: ${f.description}`, 'alert');
  }
  for (const w of medicationWarnings(doc).filter((x) => x.personRef === personRef)) flow.notice(medicationWarningText(w, lang), 'warning');

  flow.heading(phrase('gpTask', lang), 3);
  const offer = input.deadlines.find((d) => d.personRef === personRef && d.kind === 'health-assessment-offer');
  if (offer) flow.notice(phrase('gpTaskOffer', lang, { date: readableDate(offer.date, lang), rule: input.offerRule ? `${input.offerRule.text[lang]} (${input.offerRule.legalReference[lang]})` : '' }), 'info');
  const medicationDeadlines = input.deadlines.filter((d) => d.personRef === personRef && MEDICATION_DEADLINES.has(d.kind));
  if (medicationDeadlines.length > 0) {
    flow.table(
      [
        { header: phrase('date', lang), weight: 15 },
        { header: phrase('what', lang), weight: 35 },
        { header: phrase('detail', lang), weight: 50 },
      ],
      medicationDeadlines.map((d) => [readableDate(d.date, lang), ...deadlineText(d, lang)]),
    );
  }
  flow.paragraph(phrase('gpTaskReturn', lang, { version: input.resultFormVersion, handoverId: doc.handoverId, personRef }), { size: 8.5 });

  flow.heading(phrase('healthScreening', lang), 2);
  const hs = person.healthScreening as unknown as Obj;
  const path = ['persons', index, 'healthScreening'];
  const rest = Object.keys(hs).filter((k) => k !== 'personRef' && !GP_ORDER.includes(k)).sort((a, b) => book.order([...path, a]) - book.order([...path, b]));
  for (const key of [...GP_ORDER.filter((k) => k in hs), ...rest]) {
    renderObject({ ...r, defaultSource: sourceKey(hs.screening) }, { [key]: hs[key] }, path, 3);
    if (key === 'pregnancy') renderPregnancyToday(r, hs.pregnancy as PregnancyFacts & { status: string }, input.facts.receivedAt.slice(0, 10));
  }
}

/** Where the pregnancy is on the day the handover was received (the PDF is a function of the document, so not the reader's today). */
function renderPregnancyToday(r: FormRenderer, pregnancy: PregnancyFacts & { status: string }, on: string): void {
  if (pregnancy.status !== 'findings') return;
  const week = pregnancyWeekOn(pregnancy, on);
  if (week !== undefined) r.flow.notice(phrase('pregnancyOnDate', r.lang, { date: readableDate(on, r.lang), weeks: week }), 'info');
}

export async function renderGpSummaryPdf(fonts: FontChoice, book: LabelBook, input: GpPdfInput): Promise<Uint8Array> {
  const { lang, document: doc } = input;
  const visible = input.persons.filter((p) => p.consent);
  const frame = {
    lang,
    facts: input.facts,
    title: `${phrase('titleGp', lang)} · ${doc.handoverId.slice(0, 8)} · ${phrase('version', lang)} ${doc.version}`,
    audience: phrase('audienceGp', lang),
    author: [doc.sender.organisationName, doc.sender.unit].filter(Boolean).join(', '),
    subject: phrase('titleGp', lang),
    // Only the persons shown decide which script fonts are embedded.
    textSample: JSON.stringify(doc.persons.filter((p) => visible.some((v) => v.personRef === p.personRef))),
  };
  const { doc: pdf, flow } = await openDocument(fonts, frame);
  const r: FormRenderer = { flow, book, lang };
  flow.heading(phrase('titleGp', lang), 1);
  if (input.persons.length === 0) flow.notice(phrase('gpNoPersons', lang), 'info');
  for (const p of input.persons.filter((x) => !x.consent)) flow.notice(phrase('gpNoConsent', lang, { personRef: p.personRef }), 'alert');
  visible.forEach((p, n) => {
    if (n > 0) flow.newPage();
    renderGpPerson(r, input, p.personRef);
  });
  return finishDocument(pdf, flow, frame);
}
