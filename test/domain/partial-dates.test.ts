import { describe, expect, it } from 'vitest';
import { ageOn } from '../../src/domain/dates.js';
import { computeDeadlines } from '../../src/domain/deadlines.js';
import type { Handover } from '../../src/domain/handover-types.js';
import { datePrecision, earliestDay, formatPartialDate, latestDay } from '../../src/domain/partial-dates.js';
import { personName } from '../../src/domain/person-name.js';
import { checkScreeningScores } from '../../src/domain/screening-scores.js';
import { readValidFixture } from '../helpers/fixtures.js';

describe('dates at the precision they are known (1.2)', () => {
  it('renders a date as written, in the reader\'s language, never inventing a day or month', () => {
    expect(formatPartialDate('2024-09', 'da')).toBe('september 2024');
    expect(formatPartialDate('2024-09', 'en')).toBe('September 2024');
    expect(formatPartialDate('2024', 'da')).toBe('2024');
    expect(formatPartialDate('2024-09-15', 'en')).toBe('2024-09-15');
    expect(['2024', '2024-09', '2024-09-15'].map(datePrecision)).toEqual(['year', 'month', 'day']);
  });

  it('knows the first and last day a partial date can mean (leap years included)', () => {
    expect([earliestDay('2024'), latestDay('2024')]).toEqual(['2024-01-01', '2024-12-31']);
    expect([earliestDay('2024-02'), latestDay('2024-02'), latestDay('2025-02')]).toEqual(['2024-02-01', '2024-02-29', '2025-02-28']);
    expect(latestDay('2024-09-15')).toBe('2024-09-15');
  });

  it('counts the youngest age a birth year allows, so a possible child is never taken for an adult', () => {
    expect(ageOn('2009', '2026-12-10')).toBe(16);
    expect(ageOn('2008-12', '2026-12-10')).toBe(17);
    expect(ageOn('2008-12', '2026-12-31')).toBe(18);
  });

  it('puts the 18th birthday of a child born in a known year on its earliest possible day, and says so', () => {
    const doc = readValidFixture<Handover>('12-v1-2-iom-family-as-written');
    const turns18 = computeDeadlines(doc).filter((d) => d.kind === 'turns-18');
    expect(turns18).toEqual([
      { personRef: 'Q3', kind: 'turns-18', date: '2030-03-01', detail: 'date of birth known to the month: earliest possible date', birthDatePrecision: 'month' },
      { personRef: 'Q4', kind: 'turns-18', date: '2034-01-01', detail: 'date of birth known to the year: earliest possible date', birthDatePrecision: 'year' },
    ]);
  });
});

describe('a person with one name (1.2)', () => {
  it('is named by that name alone, never with the given name repeated or "undefined"', () => {
    const doc = readValidFixture<Handover>('12-v1-2-iom-family-as-written');
    expect(doc.persons.map((p) => personName(p.socialInformation.identity))).toEqual(['Esperance Mukendi', 'Kabongo', 'Divine Mukendi', 'Patrick Mukendi']);
  });
});

describe('screening totals without the item answers (1.2)', () => {
  const pointer = '/persons/0/healthScreening/mentalHealth/screenings/entries/0';
  it('derives the RHS-15 result from the totals by the same rule as from the items', () => {
    expect(checkScreeningScores({ instrument: 'RHS-15', total14: 15, distressThermometer: 2, positive: true } as { instrument: string }, pointer)).toEqual([]);
    expect(checkScreeningScores({ instrument: 'RHS-15', total14: 11, distressThermometer: 4, positive: true } as { instrument: string }, pointer)).toEqual([
      { pointer: `${pointer}/positive`, keyword: 'rhs15Score', message: 'does not match the totals (computed: false)' },
    ]);
  });

  it('takes a PC-PTSD-5 score without answers against its cut-point', () => {
    expect(checkScreeningScores({ instrument: 'PC-PTSD-5', traumaExposure: true, cutPoint: 4, score: 4, positive: true } as { instrument: string }, pointer)).toEqual([]);
    expect(checkScreeningScores({ instrument: 'PC-PTSD-5', traumaExposure: true, cutPoint: 4, score: 3, positive: true } as { instrument: string }, pointer)).toEqual([
      { pointer: `${pointer}/positive`, keyword: 'pcPtsd5Score', message: 'does not match the score (computed: false)' },
    ]);
  });
});
