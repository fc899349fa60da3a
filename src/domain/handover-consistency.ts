/**
 * Rules across fields that JSON Schema cannot express: references between persons, attachments
 * and forms, score arithmetic, date order. Run after schema validation, on a schema-valid document.
 */
import type { FieldError } from '../errors.js';
import { addYears } from './dates.js';
import { earliestDay, latestDay } from './partial-dates.js';
import type { Handover } from './handover-types.js';
import { checkScreeningScores } from './screening-scores.js';

function walkAttachmentRefs(value: unknown, pointer: string, out: { pointer: string; ref: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkAttachmentRefs(v, `${pointer}/${i}`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'attachmentRef' && typeof v === 'string') out.push({ pointer: `${pointer}/${k}`, ref: v });
      else walkAttachmentRefs(v, `${pointer}/${k}`, out);
    }
  }
}

/** Whether a date can be the 18th birthday of someone born on a date known to the day, month or year (1.2). */
function isPossible18thBirthday(date: string, dateOfBirth: string): boolean {
  return addYears(earliestDay(dateOfBirth), 18) <= date && date <= addYears(latestDay(dateOfBirth), 18);
}

/** Checks a schema-valid handover for cross-field consistency; returns every problem found. */
export function checkHandoverConsistency(doc: Handover): FieldError[] {
  const errors: FieldError[] = [];
  const add = (pointer: string, keyword: string, message: string) => errors.push({ pointer, keyword, message });

  const known = new Set<string>();
  doc.persons.forEach((p, i) => {
    if (known.has(p.personRef)) add(`/persons/${i}/personRef`, 'uniquePersonRef', 'personRef is used by another person in this handover');
    known.add(p.personRef);
    if (p.socialInformation.personRef !== p.personRef) add(`/persons/${i}/socialInformation/personRef`, 'personRefMatch', 'must equal the person\'s personRef');
    if (p.healthScreening.personRef !== p.personRef) add(`/persons/${i}/healthScreening/personRef`, 'personRefMatch', 'must equal the person\'s personRef');
  });
  const mustKnow = (ref: string, pointer: string) => {
    if (!known.has(ref)) add(pointer, 'knownPersonRef', 'refers to no person in this handover');
  };
  doc.household.relations.forEach((r, i) => {
    mustKnow(r.from, `/household/relations/${i}/from`);
    mustKnow(r.to, `/household/relations/${i}/to`);
    if (r.from === r.to) add(`/household/relations/${i}/to`, 'distinctPersons', 'a relation needs two different persons');
  });
  const housed = new Set<string>();
  doc.household.livingArrangements.forEach((a, i) =>
    a.personRefs.forEach((ref, j) => {
      const pointer = `/household/livingArrangements/${i}/personRefs/${j}`;
      mustKnow(ref, pointer);
      if (housed.has(ref)) add(pointer, 'uniqueLivingArrangement', 'a person can live in only one household unit');
      housed.add(ref);
    }),
  );
  for (const ref of known) if (!housed.has(ref)) add('/household/livingArrangements', 'everyPersonHoused', `person ${ref} is in no living arrangement`);
  doc.consents.forEach((c, i) => mustKnow(c.personRef, `/consents/${i}/personRef`));
  doc.urgentFlags.forEach((f, i) => mustKnow(f.personRef, `/urgentFlags/${i}/personRef`));

  const attachmentRefs = new Set<string>();
  const filenames = new Set<string>();
  doc.attachments.forEach((a, i) => {
    mustKnow(a.personRef, `/attachments/${i}/personRef`);
    if (attachmentRefs.has(a.attachmentRef)) add(`/attachments/${i}/attachmentRef`, 'uniqueAttachmentRef', 'attachmentRef is used twice');
    attachmentRefs.add(a.attachmentRef);
    // Uploaded files are matched to the manifest by file name, so names must be unique.
    if (filenames.has(a.filename)) add(`/attachments/${i}/filename`, 'uniqueFilename', 'another attachment has the same file name');
    filenames.add(a.filename);
  });
  const used: { pointer: string; ref: string }[] = [];
  walkAttachmentRefs(doc.persons, '/persons', used);
  for (const u of used) if (!attachmentRefs.has(u.ref)) add(u.pointer, 'knownAttachmentRef', 'refers to no attachment in the manifest');

  if (doc.supersedes && doc.supersedes.version >= doc.version) add('/supersedes/version', 'supersedesEarlier', 'must name an earlier version than this one');

  doc.persons.forEach((p, i) => {
    const si = p.socialInformation;
    if (si.residence.permitExpiresOn <= si.residence.permitGrantedOn) add(`/persons/${i}/socialInformation/residence/permitExpiresOn`, 'dateOrder', 'must be after permitGrantedOn');
    const uam = si.unaccompaniedMinor;
    if (uam.status === 'findings' && uam.turns18On && !si.identity.dateOfBirthEstimated && !isPossible18thBirthday(uam.turns18On, si.identity.dateOfBirth)) {
      add(`/persons/${i}/socialInformation/unaccompaniedMinor/turns18On`, 'turns18Consistent', 'does not match the date of birth');
    }
    // A permit that ends at the 18th birthday (1.1) carries that date as its expiry date.
    const residence = si.residence;
    if (residence.permitEnds === 'at-18th-birthday' && !si.identity.dateOfBirthEstimated && !isPossible18thBirthday(residence.permitExpiresOn, si.identity.dateOfBirth)) {
      add(`/persons/${i}/socialInformation/residence/permitExpiresOn`, 'turns18Consistent', 'the permit ends at the 18th birthday, which is not this date');
    }
    const screenings = p.healthScreening.mentalHealth.screenings;
    if (screenings.status === 'findings') {
      (screenings.entries ?? []).forEach((entry, j) => {
        errors.push(...checkScreeningScores(entry as { instrument: string }, `/persons/${i}/healthScreening/mentalHealth/screenings/entries/${j}`));
      });
    }
  });
  return errors;
}

interface HealthAssessmentResult {
  offeredOn: string;
  performedOn?: string;
}

/** The cross-field rules of a health-assessment result that its schema cannot state; the errors with their pointers. */
export function checkResultConsistency(doc: HealthAssessmentResult): FieldError[] {
  if (doc.performedOn && doc.performedOn < doc.offeredOn) {
    return [{ pointer: '/performedOn', keyword: 'dateOrder', message: 'must not be before offeredOn' }];
  }
  return [];
}
