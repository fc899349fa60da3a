/** A deadline's place in the list: ordered by day, then feed entry, then its order in the version; the day read back from the place. */
import { describe, expect, it } from 'vitest';
import { dayOfPosition, deadlinePosition, feedSeqOfPosition, firstPositionOn } from '../../src/domain/deadline-positions.js';
import { deadlineDocuments } from '../../src/storage/deadline-index.js';

describe('deadline places', () => {
  it('orders by day first, then feed entry, then the order in the version, and gives the day and entry back', () => {
    const places = [
      deadlinePosition('2027-03-15', 1, 0),
      deadlinePosition('2027-03-15', 1, 1),
      deadlinePosition('2027-03-15', 99_999_999, 999),
      deadlinePosition('2027-03-16', 0, 0),
      deadlinePosition('2199-12-31', 5, 3),
    ];
    expect([...places].sort((a, b) => a - b)).toEqual(places);
    for (const p of places) expect(Number.isSafeInteger(p)).toBe(true);
    expect(dayOfPosition(places[2]!)).toBe('2027-03-15');
    expect(feedSeqOfPosition(places[2]!)).toBe(99_999_999);
    expect(dayOfPosition(places[4]!)).toBe('2199-12-31');
    expect(firstPositionOn('2027-03-16')).toBe(places[3]);
    expect(() => deadlinePosition('2027-03-15', 100_000_000, 0)).toThrow(RangeError);
    expect(() => deadlinePosition('2027-03-15', 1, 1_000)).toThrow(RangeError);
  });

  it('files a version under one slot per day, in the feed bucket of its entry', () => {
    const deadlines = [
      { personRef: 'P1', kind: 'health-assessment-offer' as const, date: '2027-03-15' },
      { personRef: 'P2', kind: 'health-assessment-offer' as const, date: '2027-03-15' },
      { personRef: 'P2', kind: 'turns-18' as const, date: '2027-04-02' },
    ];
    const persons = [{ personRef: 'P1', name: 'Amina Hassan' }, { personRef: 'P2', name: 'Yusuf Hassan' }];
    // P1 gave the coordinating department her health; P2 only his social information.
    const consents = [
      { personRef: 'P1', audiences: ['coordinating-department', 'gp'], scopes: ['social', 'health'], givenOn: '2026-11-01' },
      { personRef: 'P2', audiences: ['coordinating-department'], scopes: ['social'], givenOn: '2026-11-01' },
    ];
    const at = (feedSeq: number) => deadlineDocuments({ handoverId: 'h', version: 2, municipalityCode: '751', summary: { deadlines, persons, consents } }, feedSeq);
    expect(at(99).rows.map((r) => [r.personName, r.healthConsent])).toEqual([['Amina Hassan', true], ['Yusuf Hassan', false], ['Yusuf Hassan', false]]);
    expect(at(99).rows.map((r) => r.slot)).toEqual(['751:2027-03-15:0', '751:2027-03-15:0', '751:2027-04-02:0']);
    expect(at(100).rows.map((r) => r.slot)).toEqual(['751:2027-03-15:1', '751:2027-03-15:1', '751:2027-04-02:1']);
    expect(at(100).rows.map((r) => r._id)).toEqual(['h:2:0', 'h:2:1', 'h:2:2']);
    expect(at(250).index).toEqual([
      { _id: 'd:751:2027-03-15', year: '751:2027' },
      { _id: 's:751:2027-03-15:2', day: '751:2027-03-15', bucket: 2 },
      { _id: 'd:751:2027-04-02', year: '751:2027' },
      { _id: 's:751:2027-04-02:2', day: '751:2027-04-02', bucket: 2 },
    ]);
  });
});
