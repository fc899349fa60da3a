import { describe, expect, it } from 'vitest';
import { addMonths, addYears, ageOn, daysBetween } from '../../src/domain/dates.js';
import { criticalGroupOf, medicationWarnings } from '../../src/domain/critical-medications.js';
import { computeDeadlines, offerRuleOn } from '../../src/domain/deadlines.js';
import type { Handover } from '../../src/domain/handover-types.js';
import { readValidFixture } from '../helpers/fixtures.js';

describe('calendar arithmetic', () => {
  it('adds months without overflowing short months', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2028-08-31', 6)).toBe('2029-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-12-01', 6)).toBe('2027-06-01');
  });
  it('puts the 18th birthday of someone born on 29 February on 28 February', () => {
    expect(addYears('2008-02-29', 18)).toBe('2026-02-28');
  });
  it('computes ages and day distances', () => {
    expect(ageOn('2009-03-14', '2027-03-13')).toBe(17);
    expect(ageOn('2009-03-14', '2027-03-14')).toBe(18);
    expect(daysBetween('2026-12-01', '2026-12-11')).toBe(10);
  });
});

describe('health-assessment offer rules (data with effective dates)', () => {
  it('applies the 2013 rule (3 months) before 1 July 2016 and the current rule (6 months) after', () => {
    expect(offerRuleOn('2014-05-01')).toMatchObject({ id: 'ial-15d-2013', months: 3 });
    expect(offerRuleOn('2016-06-30')).toMatchObject({ id: 'ial-15d-2013' });
    expect(offerRuleOn('2016-07-01')).toMatchObject({ id: 'ial-15d-2016', months: 6 });
    expect(offerRuleOn('2012-12-31')).toBeUndefined();
  });

  it('takes the rule in force on the date integration responsibility starts', () => {
    const doc = readValidFixture<Handover>('01-single-adult-asylum-centre');
    const offer = (d: Handover) => computeDeadlines(d).find((x) => x.kind === 'health-assessment-offer');
    expect(offer(doc)).toMatchObject({ personRef: 'P1', date: '2027-06-01', ruleId: 'ial-15d-2016', mandatory: false });
    expect(offer({ ...doc, integrationResponsibilityFrom: '2015-01-15' })).toMatchObject({ date: '2015-04-15', ruleId: 'ial-15d-2013', mandatory: true });
  });

  it('makes the offer mandatory for UN quota refugees (§ 8)', () => {
    const doc = readValidFixture<Handover>('03-un-quota-family-iom');
    const offers = computeDeadlines(doc).filter((d) => d.kind === 'health-assessment-offer');
    expect(offers).toHaveLength(4);
    expect(offers.every((o) => o.mandatory && o.date === '2027-06-10')).toBe(true);
  });
});

describe('computeDeadlines', () => {
  it('finds medication that runs out 10 days after arrival, flagged as must-not-interrupt, first in date order', () => {
    const doc = readValidFixture<Handover>('06-ptsd-medication-runs-out');
    const deadlines = computeDeadlines(doc);
    expect(deadlines[0]).toEqual({ personRef: 'T1', kind: 'medication-supply-ends', date: '2026-12-11', detail: 'Quetiapin', critical: true });
    expect(deadlines[1]).toEqual({ personRef: 'T1', kind: 'medication-supply-ends', date: '2026-12-11', detail: 'Sertralin', critical: true });
    expect(daysBetween(doc.expectedArrival.date, deadlines[0]!.date)).toBe(10);
  });

  it('lists a medication whose supply end is not known (1.1) as "supply end unknown" on the arrival date, critical by its ATC group', () => {
    const doc = readValidFixture<Handover>('09-v1-1-iom-family-what-is-known');
    const medication = computeDeadlines(doc).filter((d) => d.kind.startsWith('medication'));
    expect(medication).toEqual([
      // Lamotrigine (N03A, antiepileptic): whether it may be interrupted is not known either, so the ATC group decides.
      { personRef: 'Q1', kind: 'medication-supply-unknown', date: doc.expectedArrival.date, detail: 'Lamotrigin', critical: true },
      // Paracetamol, stated as interruptible: listed, not critical.
      { personRef: 'Q1', kind: 'medication-supply-unknown', date: doc.expectedArrival.date, detail: 'Paracetamol', critical: false },
    ]);
  });

  it('finds an unaccompanied minor turning 18 within 4 months, and the § 9c(3) permit ending', () => {
    const doc = readValidFixture<Handover>('04-unaccompanied-minor-turning-18');
    const kinds = computeDeadlines(doc).map((d) => `${d.kind} ${d.date}`);
    expect(kinds).toContain('turns-18 2027-03-14');
    expect(kinds).toContain('temporary-permit-ends 2027-03-14');
    expect(daysBetween(doc.integrationResponsibilityFrom, '2027-03-14')).toBeLessThan(122);
  });

  it('lists turns-18 for children only, and permits for everyone, sorted by date', () => {
    const doc = readValidFixture<Handover>('02-family-of-five-blind-child');
    const deadlines = computeDeadlines(doc);
    expect(deadlines.filter((d) => d.kind === 'turns-18').map((d) => d.personRef).sort()).toEqual(['F3', 'F4', 'F5']);
    expect(deadlines.filter((d) => d.kind === 'permit-expires')).toHaveLength(5);
    const dates = deadlines.map((d) => d.date);
    expect([...dates].sort()).toEqual(dates);
  });
});

describe('medications that must not run out (ATC groups)', () => {
  it('knows the groups where an interruption is dangerous', () => {
    expect(['N05AH04', 'N05AN01', 'N06AB06', 'B01AF01', 'A10AB05', 'N03AX09', 'J05AR03', 'J04AC01'].map(criticalGroupOf)).toEqual([
      'psychiatric',
      'psychiatric',
      'psychiatric',
      'anticoagulant',
      'insulin',
      'antiepileptic',
      'hiv',
      'tuberculosis',
    ]);
    expect([criticalGroupOf('N02BE01'), criticalGroupOf('J05AB01'), criticalGroupOf(undefined)]).toEqual([undefined, undefined, undefined]);
  });

  it('warns about a candidate whose supply end or must-not-interrupt flag is not known, and not about the rest', () => {
    expect(medicationWarnings(readValidFixture<Handover>('09-v1-1-iom-family-what-is-known'))).toEqual([
      { personRef: 'Q1', name: 'Lamotrigin', atc: 'N03AX09', group: 'antiepileptic', supplyEndUnknown: true, mustNotInterruptUnknown: true },
    ]);
    // Every fact known (1.0 documents always): no warning; the deadline list carries the dates.
    expect(medicationWarnings(readValidFixture<Handover>('06-ptsd-medication-runs-out'))).toEqual([]);
  });
});
