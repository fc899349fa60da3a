/**
 * The caseworker's briefing: a handover as the coordinating department reads it, per person and
 * findings first (urgent matters, health within consent, social, children, language, relations,
 * consents, deadlines, attachments, GP), with sections not assessed gathered compactly with their
 * reasons. Built once in words, from the schemas' labels, for the web page and the PDF alike, so
 * both always say the same.
 */
import { ageOn, agesOn } from './dates.js';
import { readableDate } from './partial-dates.js';
import { personName } from './person-name.js';
import type { Handover, HandoverPerson, Medication } from './handover-types.js';
import { medicationOrder } from './critical-medications.js';
import { BRIEFING_PHRASES, type BriefingPhrase } from './briefing-words.js';
import type { Briefing, BriefingGroupKey, BriefingInput, BriefingLabels, BriefingLang, BriefingLine, BriefingPerson, BriefingTable, BriefingTopic, BriefingWording } from './briefing-types.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const SECTION_STATUSES = new Set(['findings', 'no-findings', 'not-assessed', 'declined', 'not-applicable']);
const STATUS_FIELDS = new Set(['status', 'reason', 'reasonText', 'expectedBy', 'declinedOn', 'source', 'personRef']);
/** Where each part of the forms belongs in the briefing; a part not named here goes to its form's group, in schema order. */
const GROUP_OF: Record<string, BriefingGroupKey> = {
  childcareAndSchool: 'children',
  unaccompaniedMinor: 'children',
  child: 'children',
  languages: 'language',
  identity: 'residence',
  residence: 'residence',
};
/** Health first as a doctor reads it: conditions, pregnancy, infections, medications, allergies, mental health. */
const HEALTH_ORDER = ['physicalConditions', 'pregnancy', 'infectiousDiseases', 'medications', 'allergies', 'mentalHealth', 'functionalLimitations', 'ongoingTreatments', 'vaccinations', 'dental'];
const SKIP = new Set(['personRef']);
const UNKNOWN_SUFFIX = 'Unknown';

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSection = (v: unknown): v is Obj & { status: string } => isObject(v) && typeof v.status === 'string' && SECTION_STATUSES.has(v.status);

export function briefingPhrase(key: BriefingPhrase, lang: BriefingLang, values: Record<string, string | number> = {}): string {
  return BRIEFING_PHRASES[key][lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

/** The person's name as the forms give it. */
export function personNameOf(doc: Pick<Handover, 'persons'>, personRef: string): string {
  const id = doc.persons.find((p) => p.personRef === personRef)?.socialInformation.identity;
  return id ? personName(id) : personRef;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A scalar by its label; a date as every page writes dates in the reader's language ("6. december 2026"). */
function scalarText(l: BriefingLabels, path: Path, value: unknown): string {
  const text = l.value(path, value);
  return ISO_DAY.test(text) ? readableDate(text, l.lang) : text;
}

/** A value as one line: scalars by their label, lists joined, flat objects as "label: value; ...", facts not known with their reason. */
function textOf(l: BriefingLabels, value: unknown, path: Path): string {
  if (Array.isArray(value)) return value.map((v, i) => textOf(l, v, [...path, i])).join(', ');
  if (isObject(value)) {
    return Object.keys(value)
      .filter((k) => k !== 'personRef')
      .sort((a, b) => l.order([...path, a]) - l.order([...path, b]))
      .map((k) => {
        const fact = k.endsWith(UNKNOWN_SUFFIX) ? k.slice(0, -UNKNOWN_SUFFIX.length) : undefined;
        if (fact && value[fact] === undefined && l.hasLabel([...path, fact])) return `${l.field([...path, fact])}: ${briefingPhrase('notKnown', l.lang)} (${l.value([...path, k], value[k])})`;
        return `${l.field([...path, k])}: ${textOf(l, value[k], [...path, k])}`;
      })
      .join('; ');
  }
  return scalarText(l, path, value);
}

/** Entries of one list as a table: a fact stated as not known stands in the fact's column ("ikke kendt (Ingen journaler)"). */
export function tableOf(l: BriefingLabels, items: readonly Obj[], path: Path): BriefingTable {
  const at = (k: string) => [...path, 0, k];
  const factOf = (k: string) => (k.endsWith(UNKNOWN_SUFFIX) && l.hasLabel(at(k.slice(0, -UNKNOWN_SUFFIX.length))) ? k.slice(0, -UNKNOWN_SUFFIX.length) : k);
  const keys = [...new Set(items.flatMap((item) => Object.keys(item).filter((k) => k !== 'personRef').map(factOf)))].sort((a, b) => l.order(at(a)) - l.order(at(b)));
  return {
    columns: keys.map((k) => l.field(at(k))),
    rows: items.map((item, i) =>
      keys.map((k) => {
        if (item[k] !== undefined) return textOf(l, item[k], [...path, i, k]);
        const unknown = item[`${k}${UNKNOWN_SUFFIX}`];
        return unknown !== undefined ? `${briefingPhrase('notKnown', l.lang)} (${l.value([...path, i, `${k}${UNKNOWN_SUFFIX}`], unknown)})` : '';
      }),
    ),
  };
}

/** A section with findings as topics: its facts as lines and, tabulated (vaccines), each list of entries as a table, a row an entry. */
export function findingTopics(l: BriefingLabels, value: Obj, at: Path, title: string, tabulated: boolean): BriefingTopic[] {
  const lists = tabulated ? Object.keys(value).filter((k) => Array.isArray(value[k]) && (value[k] as unknown[]).some(isObject)) : [];
  const lines = linesOf(l, Object.fromEntries(Object.entries(value).filter(([k]) => !lists.includes(k))), at, l.field(at));
  const tables = lists.map((k) => ({ title: `${title} › ${l.field([...at, k])}`, lines: [], table: tableOf(l, value[k] as Obj[], [...at, k]) }));
  return [...(lines.length > 0 || tables.length === 0 ? [{ title, lines }] : []), ...tables];
}

/** The lines of a section with findings (or of a group of facts): each field by its label, each list item on a line of its own. */
export function linesOf(l: BriefingLabels, obj: Obj, path: Path, title: string): BriefingLine[] {
  const lines: BriefingLine[] = [];
  const section = isSection(obj);
  const keys = Object.keys(obj)
    .filter((k) => !(section ? STATUS_FIELDS.has(k) : k === 'personRef' || k === 'source') && !(k.endsWith(UNKNOWN_SUFFIX) && obj[k.slice(0, -UNKNOWN_SUFFIX.length)] === undefined && l.hasLabel([...path, k.slice(0, -UNKNOWN_SUFFIX.length)])))
    .sort((a, b) => l.order([...path, a]) - l.order([...path, b]));
  for (const key of keys) {
    const value = obj[key];
    const at = [...path, key];
    if (Array.isArray(value) && value.some(isObject)) {
      const items = (value as Obj[]).map((item, i) => ({ item, i }));
      if (path.at(-1) === 'medications') items.sort((a, b) => medicationOrder(a.item as unknown as Medication, b.item as unknown as Medication));
      // A section's own entries are named by the section ("Medicin: Metformin ..."), other lists by their field.
      for (const { item, i } of items) lines.push({ label: key === 'entries' ? title : l.field(at), text: textOf(l, item, [...at, i]) });
    } else if (isObject(value) && !isSection(value) && Object.values(value).some((v) => isObject(v) || Array.isArray(v))) {
      for (const line of linesOf(l, value, at, l.field(at))) lines.push({ label: `${l.field(at)} › ${line.label}`, text: line.text });
    } else {
      lines.push({ label: l.field(at), text: textOf(l, value, at) });
    }
  }
  // A fact stated as not known stands where the fact would be.
  for (const key of Object.keys(obj).filter((k) => k.endsWith(UNKNOWN_SUFFIX))) {
    const fact = key.slice(0, -UNKNOWN_SUFFIX.length);
    if (obj[fact] === undefined && l.hasLabel([...path, fact])) lines.push({ label: l.field([...path, fact]), text: `${briefingPhrase('notKnown', l.lang)} (${l.value([...path, key], obj[key])})` });
  }
  return lines;
}

interface Walk {
  topics: Map<BriefingGroupKey, BriefingTopic[]>;
  noFindings: Map<BriefingGroupKey, string[]>;
  notApplicable: Map<BriefingGroupKey, string[]>;
  notAssessed: BriefingLine[];
}

/** Walks one form's parts: sections by status, groups of sections (infectious diseases, mental health) part by part. */
function walk(l: BriefingLabels, w: Walk, obj: Obj, path: Path, group: BriefingGroupKey, titlePrefix: string): void {
  const keys = Object.keys(obj)
    .filter((k) => !SKIP.has(k))
    .sort((a, b) => {
      const ha = HEALTH_ORDER.indexOf(a);
      const hb = HEALTH_ORDER.indexOf(b);
      return (ha < 0 ? 99 : ha) - (hb < 0 ? 99 : hb) || l.order([...path, a]) - l.order([...path, b]);
    });
  // A form's own free text and facts (the social worker's notes) stand as a topic of their own, never dropped.
  const facts = keys.filter((k) => !isObject(obj[k]) && obj[k] !== undefined);
  if (facts.length > 0) w.topics.get(group)!.push({ title: titlePrefix ? titlePrefix.slice(0, -' › '.length) : l.field(path), lines: facts.map((k) => ({ label: l.field([...path, k]), text: textOf(l, obj[k], [...path, k]) })) });
  for (const key of keys) {
    const value = obj[key];
    if (!isObject(value)) continue;
    const at = [...path, key];
    const g = titlePrefix ? group : (GROUP_OF[key] ?? group);
    const title = `${titlePrefix}${l.field(at)}`;
    if (isSection(value)) {
      if (value.status === 'findings') w.topics.get(g)!.push(...findingTopics(l, value, at, title, key === 'vaccinations'));
      else if (value.status === 'no-findings') w.noFindings.get(g)!.push(title);
      else if (value.status === 'not-applicable') w.notApplicable.get(g)!.push(title);
      if (value.status !== 'findings' && Array.isArray(value.tests) && value.tests.length > 0) {
        // Tests taken are facts whatever the section concluded: a negative IGRA, a result still pending.
        w.topics.get(g)!.push({ title, lines: linesOf(l, { tests: value.tests }, at, l.field(at)) });
      }
      if (value.status === 'not-assessed' || value.status === 'declined') {
        const reason = [
          value.status === 'declined' ? briefingPhrase('declined', l.lang) : value.reason ? l.value([...at, 'reason'], value.reason) : briefingPhrase('notAssessed', l.lang),
          typeof value.reasonText === 'string' ? value.reasonText : '',
          typeof value.expectedBy === 'string' ? briefingPhrase('expectedBy', l.lang, { date: readableDate(value.expectedBy, l.lang) }) : '',
        ].filter(Boolean);
        w.notAssessed.push({ label: title, text: reason.join('; ') });
      }
      continue;
    }
    if (Object.values(value).some(isSection)) walk(l, w, value, at, g, `${title} › `);
    else w.topics.get(g)!.push({ title, lines: linesOf(l, value, at, l.field(at)) });
  }
}

export function relationSentence(l: BriefingLabels, doc: Handover, i: number): string {
  const rel = doc.household.relations[i]!;
  const type = l.value(['household', 'relations', i, 'type'], rel.type).toLocaleLowerCase(l.lang);
  const sentence = briefingPhrase(/ (af|of|for|til|to)$/.test(type) ? 'relationBare' : 'relation', l.lang, { from: personNameOf(doc, rel.from), type, to: personNameOf(doc, rel.to) });
  return rel.note ? `${sentence} (${rel.note})` : sentence;
}

function consentLines(l: BriefingLabels, input: BriefingInput, personRef: string): BriefingLine[] {
  return input.consents
    .filter((c) => c.personRef === personRef)
    .map((c) => {
      const scopes = [c.social ? l.value(['consents', 0, 'scopes', 0], 'social') : '', c.health ? l.value(['consents', 0, 'scopes', 0], 'health') : ''].filter(Boolean);
      const text = scopes.length > 0 ? scopes.join(', ') : briefingPhrase('mayNotSee', l.lang);
      return { label: l.value(['consents', 0, 'audiences', 0], c.audience), text: c.changed ? `${text} (${briefingPhrase('consentChanged', l.lang)})` : text };
    });
}

function gpTopics(l: BriefingLabels, input: BriefingInput, personRef: string): BriefingTopic[] {
  if (!input.gp) return [];
  const gp = input.gp.find((g) => g.personRef === personRef);
  const assigned = gp?.assignment ? briefingPhrase('gpAssignedOn', l.lang, { practice: gp.assignment.practiceName, date: readableDate(gp.assignment.assignedAt.slice(0, 10), l.lang) }) : briefingPhrase('gpNotAssigned', l.lang);
  const topics: BriefingTopic[] = [{ title: briefingPhrase('gpAssignment', l.lang), lines: [{ label: briefingPhrase('gpPractice', l.lang), text: assigned }] }];
  if (!gp) return topics; // not assigned, nothing returned: the one line says it all
  if (!gp.result) topics.push({ title: briefingPhrase('gpResult', l.lang), lines: [{ label: briefingPhrase('status', l.lang), text: briefingPhrase('gpNoResult', l.lang) }] });
  else if (!gp.result.document) topics.push({ title: briefingPhrase('gpResult', l.lang), lines: [{ label: briefingPhrase('receivedOn', l.lang), text: `${readableDate(gp.result.receivedAt.slice(0, 10), l.lang)}; ${briefingPhrase('gpResultWithheld', l.lang)}` }] });
  else {
    const r = gp.result.document;
    const lines: BriefingLine[] = [{ label: briefingPhrase('receivedOn', l.lang), text: readableDate(gp.result.receivedAt.slice(0, 10), l.lang) }];
    // Returned by another practice than the one assigned now (a record handed on): say which.
    const from = r.gpPractice as { organisationId?: string; name?: string } | undefined;
    if (from?.name && from.organisationId !== gp.assignment?.practiceId) lines.push({ label: briefingPhrase('gpPractice', l.lang), text: from.name });
    for (const key of ['doctor', 'offeredOn', 'outcome', 'performedOn', 'functionalConsiderations'] as const) {
      if (r[key] !== undefined) lines.push({ label: briefingPhrase(`result_${key}`, l.lang), text: key === 'outcome' ? briefingPhrase(`outcome_${String(r[key])}` as BriefingPhrase, l.lang) : scalarText(l, [], r[key]) });
    }
    const conclusion = r.conclusion as { summary?: string; entries?: { what: string }[] } | undefined;
    if (conclusion?.summary) lines.push({ label: briefingPhrase('result_conclusion', l.lang), text: conclusion.summary });
    for (const e of conclusion?.entries ?? []) lines.push({ label: briefingPhrase('result_followUp', l.lang), text: e.what });
    topics.push({ title: briefingPhrase('gpResult', l.lang), lines });
  }
  return topics;
}

function briefPerson(w: BriefingWording, input: BriefingInput, p: HandoverPerson, index: number): BriefingPerson {
  const l = w.labels;
  const doc = input.document;
  const id = p.socialInformation.identity;
  const groupKeys: BriefingGroupKey[] = ['urgent', 'health', 'social', 'children', 'language', 'residence', 'relations', 'consents', 'deadlines', 'attachments', 'gp'];
  const state: Walk = { topics: new Map(groupKeys.map((k) => [k, []])), noFindings: new Map(groupKeys.map((k) => [k, []])), notApplicable: new Map(groupKeys.map((k) => [k, []])), notAssessed: [] };
  const withheld = input.withheld.includes(p.personRef);

  const urgent = [
    // Where health is withheld, the flag's kind and date (a pregnancy's term) would say what consent withholds: only that a matter is urgent is said.
    ...doc.urgentFlags
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => f.personRef === p.personRef)
      .map(({ f, i }) => (withheld ? { label: briefingPhrase('urgentMatter', l.lang), text: briefingPhrase('withheld', l.lang) } : { label: `${l.value(['urgentFlags', i, 'type'], f.type)}${f.date ? ` (${readableDate(f.date, l.lang)})` : ''}`, text: f.description })),
    ...input.medicationWarnings.filter((m) => m.personRef === p.personRef).map((m) => ({ label: briefingPhrase('medicationWarning', l.lang), text: w.medicationWarning(m) })),
  ];
  if (urgent.length > 0) state.topics.get('urgent')!.push({ title: briefingPhrase('group_urgent', l.lang), lines: urgent });

  walk(l, state, p.socialInformation as unknown as Obj, ['persons', index, 'socialInformation'], 'social', '');
  if (!withheld) walk(l, state, p.healthScreening as unknown as Obj, ['persons', index, 'healthScreening'], 'health', '');

  const relations = doc.household.relations.map((r, i) => ({ r, i })).filter(({ r }) => r.from === p.personRef || r.to === p.personRef);
  if (relations.length > 0) state.topics.get('relations')!.push({ title: briefingPhrase('group_relations', l.lang), lines: relations.map(({ i }) => ({ label: l.field(['household', 'relations', i, 'type']), text: relationSentence(l, doc, i) })) });
  const consents = consentLines(l, input, p.personRef);
  if (consents.length > 0) state.topics.get('consents')!.push({ title: briefingPhrase('whoMaySee', l.lang), lines: consents });
  const deadlines = input.deadlines.filter((d) => d.personRef === p.personRef);
  if (deadlines.length > 0) {
    state.topics.get('deadlines')!.push({
      title: briefingPhrase('group_deadlines', l.lang),
      lines: deadlines.map((d) => {
        const [what, detail] = w.deadline(d);
        return { label: readableDate(d.date, l.lang), text: [what, detail].filter(Boolean).join(' – ') };
      }),
    });
  }
  const attachments = doc.attachments.map((a, i) => ({ a, i })).filter(({ a }) => a.personRef === p.personRef);
  if (attachments.length > 0) {
    state.topics.get('attachments')!.push({
      title: briefingPhrase('group_attachments', l.lang),
      lines: attachments.map(({ a, i }) => ({ label: l.value(['attachments', i, 'category'], a.category), text: [a.filename, a.description].filter(Boolean).join(' – ') })),
    });
  }
  state.topics.set('gp', gpTopics(l, input, p.personRef));

  // A birth date known to the year or month (1.2) is written as known and allows two ages: both are said.
  const ages = agesOn(id.dateOfBirth, input.asOf);
  const age = ages.youngest === ages.oldest ? ages.youngest : `${ages.youngest}-${ages.oldest}`;
  const summary = [
    `${briefingPhrase('born', l.lang)} ${readableDate(id.dateOfBirth, l.lang)}${id.dateOfBirthEstimated ? ` (${briefingPhrase('estimated', l.lang)})` : ''}, ${briefingPhrase('age', l.lang, { age })}`,
    l.value(['persons', index, 'socialInformation', 'identity', 'sex'], id.sex),
    l.value(['persons', index, 'socialInformation', 'residence', 'legalBasis'], p.socialInformation.residence.legalBasis),
  ].join(' · ');
  return {
    personRef: p.personRef,
    dateOfBirth: id.dateOfBirth,
    isChild: ageOn(id.dateOfBirth, input.asOf) < 18,
    name: personName(id),
    ...(id.nameInOriginalScript ? { nameInOriginalScript: id.nameInOriginalScript } : {}),
    summary,
    ...(withheld ? { healthWithheld: briefingPhrase('healthWithheld', l.lang) } : {}),
    groups: groupKeys
      .map((key) => ({ key, title: briefingPhrase(`group_${key}`, l.lang), topics: state.topics.get(key)!, ...(state.noFindings.get(key)!.length > 0 ? { noFindings: state.noFindings.get(key)! } : {}), ...(state.notApplicable.get(key)!.length > 0 ? { notApplicable: state.notApplicable.get(key)! } : {}) }))
      // A group with nothing but sections not relevant (an adult's schooling) is left out: said there, it is clutter.
      .filter((g) => g.topics.length > 0 || g.noFindings),
    notAssessed: state.notAssessed,
  };
}

/** The briefing of every person of the handover, in the labels' language. */
export function buildBriefing(wording: BriefingWording, input: BriefingInput): Briefing {
  const l = wording.labels;
  const doc = input.document;
  const arrival = doc.expectedArrival as Handover['expectedArrival'] & { note?: string };
  const contact = (doc.sender as { contact?: Record<string, unknown> }).contact;
  const header: BriefingLine[] = [
    { label: briefingPhrase('municipality', l.lang), text: l.value(['recipient', 'municipalityCode'], doc.recipient.municipalityCode) },
    { label: briefingPhrase('sender', l.lang), text: [doc.sender.organisationName, doc.sender.unit].filter(Boolean).join(', ') },
    // Whom to call with a question about the handover: on the page as on paper.
    ...(contact ? [{ label: l.field(['sender', 'contact']), text: Object.values(contact).map(String).join(', ') }] : []),
    { label: l.field(['expectedArrival']), text: [readableDate(arrival.date, l.lang), l.value(['expectedArrival', 'mode'], arrival.mode), arrival.place, arrival.note].filter(Boolean).join(' · ') },
    { label: l.field(['integrationResponsibilityFrom']), text: readableDate(doc.integrationResponsibilityFrom, l.lang) },
    { label: briefingPhrase('completeness', l.lang), text: briefingPhrase('completenessOf', l.lang, { score: input.completenessScore }) },
  ];
  return { lang: l.lang, header, persons: doc.persons.map((p, i) => briefPerson(wording, input, p, i)) };
}
