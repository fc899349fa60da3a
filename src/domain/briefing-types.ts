/** What the caseworker's briefing is made of (briefing.ts builds it): persons, groups, topics, lines and tables, and what it is built from. */
import type { Deadline } from './deadlines.js';
import type { Handover } from './handover-types.js';
import type { MedicationWarning } from './critical-medications.js';

export type BriefingLang = 'da' | 'en';
type Obj = Record<string, unknown>;

/** The labels the briefing reads (the PDFs' label book has exactly these): one source for page and PDF. */
export interface BriefingLabels {
  readonly lang: BriefingLang;
  field(path: readonly (string | number)[]): string;
  value(path: readonly (string | number)[], value: unknown): string;
  hasLabel(path: readonly (string | number)[]): boolean;
  order(path: readonly (string | number)[]): number;
}

/** Wording the PDFs already own (deadlines, medication warnings), passed in so that it is said one way. */
export interface BriefingWording {
  labels: BriefingLabels;
  deadline(d: Deadline): [string, string];
  medicationWarning(w: MedicationWarning): string;
}

export interface BriefingLine {
  label: string;
  text: string;
}

/** One section with something to say (findings, or facts such as languages). */
export interface BriefingTopic {
  title: string;
  lines: BriefingLine[];
  /** Entries alike (a child's vaccines) as a table: read across a row, not as one run-on line each. */
  table?: BriefingTable;
}

/** A column per field any entry has, in schema order; a cell per entry and field, in the entry's words ('' where the entry has none). */
export interface BriefingTable {
  columns: string[];
  rows: string[][];
}

export type BriefingGroupKey = 'urgent' | 'health' | 'social' | 'children' | 'language' | 'residence' | 'relations' | 'consents' | 'deadlines' | 'attachments' | 'gp';

export interface BriefingGroup {
  key: BriefingGroupKey;
  title: string;
  topics: BriefingTopic[];
  /** Sections assessed with nothing to note, named so that a blank never reads as "nothing to note". */
  noFindings?: string[];
  /** Sections the sender judged not relevant to the person (an adult's schooling, a man's pregnancy): named, so the reader can tell them from sections missing. */
  notApplicable?: string[];
}

export interface BriefingPerson {
  personRef: string;
  name: string;
  nameInOriginalScript?: string;
  dateOfBirth: string;
  /** Under 18 on the briefing's day by the domain's rule (a birth date known to the year or month counts as a child while it may be one). */
  isChild: boolean;
  /** Born, age, sex, legal basis in one line. */
  summary: string;
  /** Health withheld for want of consent: said instead of the health group. */
  healthWithheld?: string;
  groups: BriefingGroup[];
  /** Sections not assessed or declined, one line each with the reason. */
  notAssessed: BriefingLine[];
}

export interface BriefingGp {
  personRef: string;
  practiceName: string;
  assignedOn: string;
  /** The GP's signed result in words, or why it is withheld. */
  result?: BriefingLine[];
}

export interface BriefingInput {
  /** The department's view: health already replaced by a marker where consent is missing. */
  document: Handover;
  withheld: readonly string[];
  deadlines: readonly Deadline[];
  medicationWarnings: readonly MedicationWarning[];
  /** `changed`: a consent change recorded after the handover decided it, not the signed document. */
  consents: readonly { personRef: string; audience: string; social: boolean; health: boolean; changed?: boolean }[];
  /**
   * The GP practices assigned and their results; absent where they are not known (a file rendered
   * offline): then nothing is said of a GP. `assignment` is absent where the reader has assigned
   * no practice yet but a result exists (a record handed on: the GP assigned by the municipality
   * it came from returned it).
   */
  gp?: readonly { personRef: string; assignment?: { practiceId: string; practiceName: string; assignedAt: string }; result?: { receivedAt: string; document?: Obj } }[];
  /** The day ages are counted on. */
  asOf: string;
  completenessScore: number;
}

export interface Briefing {
  lang: BriefingLang;
  /** The household at a glance: sender, arrival, integration responsibility, completeness. */
  header: BriefingLine[];
  persons: BriefingPerson[];
}
