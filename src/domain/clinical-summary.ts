/**
 * The GP's clinical summary of one person: the health screening as a doctor reads it (problem
 * list, medications with must-not-interrupt and supply end first, allergies, infections with
 * their tests and results, screening scores, vaccinations per vaccine, pregnancy with its week
 * today, referrals), language and interpreter, urgent matters and deadlines, the household members
 * whose consent covers the GP, and the sections not assessed compactly with their reasons. Worded
 * with the briefing's labels and lines (domain/briefing.ts), so the GP's page and PDF say what the
 * caseworker's do.
 */
import { briefingPhrase, findingTopics, linesOf, relationSentence } from './briefing.js';
import type { BriefingLine, BriefingTopic, BriefingWording } from './briefing-types.js';
import { CLINICAL_PHRASES, type ClinicalPhrase } from './clinical-summary-words.js';
import type { MedicationWarning } from './critical-medications.js';
import { agesOn } from './dates.js';
import { MEDICATION_DEADLINES, type Deadline } from './deadlines.js';
import type { Handover } from './handover-types.js';
import { readableDate } from './partial-dates.js';
import { personName } from './person-name.js';
import { pregnancyWeekOn, type PregnancyFacts } from './pregnancy.js';

type Lang = 'da' | 'en';
type Obj = Record<string, unknown>;
type Path = (string | number)[];

export type ClinicalSectionKey = 'problems' | 'medications' | 'allergies' | 'tests' | 'screenings' | 'vaccinations' | 'pregnancy' | 'referrals' | 'other';
const SECTION_KEYS: readonly ClinicalSectionKey[] = ['problems', 'medications', 'allergies', 'tests', 'screenings', 'vaccinations', 'pregnancy', 'referrals', 'other'];

/** Where each part of the health screening belongs for a doctor; parts not named are "other", in schema order. */
const SECTION_OF: Record<string, ClinicalSectionKey> = {
  physicalConditions: 'problems',
  functionalLimitations: 'problems',
  ongoingTreatments: 'problems',
  dental: 'problems',
  'mentalHealth.traumaExposure': 'problems',
  'mentalHealth.diagnoses': 'problems',
  'mentalHealth.psychiatricTreatment': 'problems',
  medications: 'medications',
  allergies: 'allergies',
  infectiousDiseases: 'tests',
  'mentalHealth.screenings': 'screenings',
  vaccinations: 'vaccinations',
  pregnancy: 'pregnancy',
  'mentalHealth.traumaRehabilitationReferral': 'referrals',
  conclusion: 'referrals',
};
const SECTION_STATUSES = new Set(['findings', 'no-findings', 'not-assessed', 'declined', 'not-applicable']);

export interface ClinicalSection {
  key: ClinicalSectionKey;
  title: string;
  topics: BriefingTopic[];
  /** Parts assessed with nothing found, named so that a blank never reads as "nothing to note". */
  noFindings?: string[];
}

export interface ClinicalSummary {
  lang: Lang;
  title: string;
  personRef: string;
  name: string;
  nameInOriginalScript?: string;
  /** Born, age, sex in one line. */
  summary: string;
  urgent: BriefingLine[];
  deadlines: BriefingLine[];
  language: BriefingLine[];
  sections: ClinicalSection[];
  /** The other household members whose consent covers the GP, each with how they are related. */
  household: BriefingLine[];
  /** Parts not assessed or declined, one line each with the reason. */
  notAssessed: BriefingLine[];
  /** The headings of the parts above and the household's note, in the summary's language, so the page and the PDF name them alike. */
  headings: Record<'urgent' | 'deadlines' | 'language' | 'household' | 'householdNote' | 'notAssessed' | 'noFindings' | 'resultTask', string>;
}

export interface ClinicalSummaryInput {
  document: Handover;
  personRef: string;
  /** The persons of the household whose consent covers the GP (the person summarised among them). */
  visiblePersonRefs: readonly string[];
  deadlines: readonly Deadline[];
  medicationWarnings: readonly MedicationWarning[];
  /** The day the pregnancy's week and the age are counted on. */
  asOf: string;
}

export function clinicalPhrase(key: ClinicalPhrase, lang: Lang, values: Record<string, string | number> = {}): string {
  return CLINICAL_PHRASES[key][lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSection = (v: unknown): v is Obj & { status: string } => isObject(v) && typeof v.status === 'string' && SECTION_STATUSES.has(v.status);

interface Collected {
  topics: Map<ClinicalSectionKey, BriefingTopic[]>;
  noFindings: Map<ClinicalSectionKey, string[]>;
  notAssessed: BriefingLine[];
}

/** Walks the health screening part by part (groups such as infections and mental health by their parts), sorting each into the doctor's sections. */
function collect(w: BriefingWording, c: Collected, obj: Obj, path: Path, name: string, titlePrefix: string, asOf: string): void {
  const l = w.labels;
  const keys = Object.keys(obj)
    .filter((k) => k !== 'personRef')
    .sort((a, b) => l.order([...path, a]) - l.order([...path, b]));
  for (const key of keys) {
    const value = obj[key];
    if (!isObject(value)) continue;
    const at = [...path, key];
    const dotted = name ? `${name}.${key}` : key;
    const section = SECTION_OF[dotted] ?? SECTION_OF[name] ?? 'other';
    const title = `${titlePrefix}${l.field(at)}`;
    if (!isSection(value)) {
      if (Object.values(value).some(isSection)) collect(w, c, value, at, dotted, `${title} › `, asOf);
      else c.topics.get(section)!.push({ title, lines: linesOf(l, value, at, l.field(at)) });
      continue;
    }
    if (value.status === 'findings') {
      // Vaccines read as a table, one row a vaccine (status, dose, when, where), not one run-on line each.
      const topics = findingTopics(l, value, at, title, section === 'vaccinations');
      if (key === 'pregnancy') {
        const week = pregnancyWeekOn(value as PregnancyFacts, asOf);
        if (week !== undefined) topics[0]!.lines.unshift({ label: clinicalPhrase('pregnancyToday', l.lang, { date: readableDate(asOf, l.lang) }), text: clinicalPhrase('pregnancyWeek', l.lang, { weeks: week }) });
      }
      c.topics.get(section)!.push(...topics);
    } else if (value.status === 'no-findings') c.noFindings.get(section)!.push(title);
    // Tests taken are facts whatever the section concluded: a negative IGRA, a result still pending.
    if (value.status !== 'findings' && Array.isArray(value.tests) && value.tests.length > 0) c.topics.get(section)!.push({ title, lines: linesOf(l, { tests: value.tests }, at, l.field(at)) });
    if (value.status === 'not-assessed' || value.status === 'declined') {
      const reason = [
        value.status === 'declined' ? briefingPhrase('declined', l.lang) : value.reason ? l.value([...at, 'reason'], value.reason) : briefingPhrase('notAssessed', l.lang),
        typeof value.reasonText === 'string' ? value.reasonText : '',
        typeof value.expectedBy === 'string' ? briefingPhrase('expectedBy', l.lang, { date: readableDate(value.expectedBy, l.lang) }) : '',
      ].filter(Boolean);
      c.notAssessed.push({ label: title, text: reason.join('; ') });
    }
  }
}

/** One person's clinical summary for the GP, in the wording's language. The caller decides consent: this person's, and who else may be named. */
export function buildClinicalSummary(w: BriefingWording, input: ClinicalSummaryInput): ClinicalSummary | undefined {
  const l = w.labels;
  const doc = input.document;
  const index = doc.persons.findIndex((p) => p.personRef === input.personRef);
  if (index < 0) return undefined;
  const person = doc.persons[index]!;
  const id = person.socialInformation.identity;
  const base = ['persons', index, 'socialInformation'] as const;

  const c: Collected = { topics: new Map(SECTION_KEYS.map((k) => [k, []])), noFindings: new Map(SECTION_KEYS.map((k) => [k, []])), notAssessed: [] };
  collect(w, c, person.healthScreening as unknown as Obj, ['persons', index, 'healthScreening'], '', '', input.asOf);

  const urgent = [
    ...doc.urgentFlags.map((f, i) => ({ f, i })).filter(({ f }) => f.personRef === input.personRef).map(({ f, i }) => ({ label: `${l.value(['urgentFlags', i, 'type'], f.type)}${f.date ? ` (${readableDate(f.date, l.lang)})` : ''}`, text: f.description })),
    ...input.medicationWarnings.filter((m) => m.personRef === input.personRef).map((m) => ({ label: briefingPhrase('medicationWarning', l.lang), text: w.medicationWarning(m) })),
  ];
  const deadlines = input.deadlines
    .filter((d) => d.personRef === input.personRef && (d.kind === 'health-assessment-offer' || MEDICATION_DEADLINES.has(d.kind)))
    .map((d) => {
      const [what, detail] = w.deadline(d);
      return { label: readableDate(d.date, l.lang), text: [what, detail].filter(Boolean).join(' – ') };
    });
  const languages = person.socialInformation.languages as unknown as Obj;
  // Another member is named only where that member's consent covers the GP, so a relation to anyone else is left out.
  const visible = new Set(input.visiblePersonRefs);
  const household = doc.household.relations
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => (r.from === input.personRef && visible.has(r.to)) || (r.to === input.personRef && visible.has(r.from)))
    .map(({ r, i }) => {
      const other = r.from === input.personRef ? r.to : r.from;
      const born = doc.persons.find((p) => p.personRef === other)?.socialInformation.identity.dateOfBirth;
      return { label: `${personName(doc.persons.find((p) => p.personRef === other)!.socialInformation.identity)}${born ? ` (${briefingPhrase('born', l.lang).toLocaleLowerCase(l.lang)} ${readableDate(born, l.lang)})` : ''}`, text: relationSentence(l, doc, i) };
    });

  const ages = agesOn(id.dateOfBirth, input.asOf);
  const age = ages.youngest === ages.oldest ? ages.youngest : `${ages.youngest}-${ages.oldest}`;
  const summary = [
    `${briefingPhrase('born', l.lang)} ${readableDate(id.dateOfBirth, l.lang)}${id.dateOfBirthEstimated ? ` (${briefingPhrase('estimated', l.lang)})` : ''}, ${briefingPhrase('age', l.lang, { age })}`,
    l.value([...base, 'identity', 'sex'], id.sex),
  ].join(' · ');
  return {
    lang: l.lang,
    title: clinicalPhrase('title', l.lang),
    personRef: input.personRef,
    name: personName(id),
    ...(id.nameInOriginalScript ? { nameInOriginalScript: id.nameInOriginalScript } : {}),
    summary,
    urgent,
    deadlines,
    language: linesOf(l, languages, [...base, 'languages'], l.field([...base, 'languages'])),
    sections: SECTION_KEYS.map((key) => ({
      key,
      title: clinicalPhrase(`section_${key}`, l.lang),
      topics: c.topics.get(key)!,
      ...(c.noFindings.get(key)!.length > 0 ? { noFindings: c.noFindings.get(key)! } : {}),
    })).filter((s) => s.topics.length > 0 || s.noFindings),
    household,
    notAssessed: c.notAssessed,
    headings: {
      urgent: clinicalPhrase('urgent', l.lang),
      deadlines: clinicalPhrase('deadlines', l.lang),
      language: clinicalPhrase('language', l.lang),
      household: clinicalPhrase('household', l.lang),
      householdNote: clinicalPhrase('householdNote', l.lang),
      notAssessed: clinicalPhrase('notAssessed', l.lang),
      noFindings: clinicalPhrase('noFindings', l.lang),
      resultTask: clinicalPhrase('resultTask', l.lang),
    },
  };
}
