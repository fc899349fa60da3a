import { describe, expect, it } from 'vitest';
import { completenessReport } from '../../src/domain/completeness.js';
import type { Handover } from '../../src/domain/handover-types.js';
import { createStandard } from '../../src/validation/standard.js';
import { readValidFixture } from '../helpers/fixtures.js';

const specs = createStandard().personSections('1.0');

describe('completeness report', () => {
  it('knows every section of both forms from the schemas (8 social, 23 health)', () => {
    expect(specs.filter((s) => s.section)).toHaveLength(31);
  });

  it('lists the IOM family\'s not-assessed sections with their reasons and scores them low', () => {
    const report = completenessReport(readValidFixture<Handover>('03-un-quota-family-iom'), specs);
    expect(report.score).toBeLessThan(60);
    const q1 = report.persons[0]!;
    expect(q1.issues).toContainEqual({ personRef: 'Q1', pointer: '/persons/0/healthScreening/physicalConditions', kind: 'not-assessed', reason: 'records-unreliable', reasonText: 'IOM-rapporten beskriver kun den aktuelle undersøgelse' });
    expect(q1.issues).toContainEqual({ personRef: 'Q1', pointer: '/persons/0/healthScreening/mentalHealth/traumaExposure', kind: 'not-assessed', reason: 'not-senders-remit', reasonText: 'IOM har ikke spurgt ind til traumer' });
    expect(q1.sections.notAssessed).toBeGreaterThan(10);
  });

  it('scores a well-documented handover high and names the recommended fields still empty', () => {
    const doc = readValidFixture<Handover>('01-single-adult-asylum-centre');
    expect(completenessReport(doc, specs).score).toBeGreaterThan(90);
    delete (doc.persons[0]!.socialInformation.education as Record<string, unknown>).yearsOfSchooling;
    const report = completenessReport(doc, specs);
    expect(report.persons[0]!.issues).toContainEqual({ personRef: 'P1', pointer: '/persons/0/socialInformation/education/yearsOfSchooling', kind: 'recommended-missing', field: 'yearsOfSchooling' });
  });

  it('counts a declined section as answered but reports it', () => {
    const doc = readValidFixture<Handover>('01-single-adult-asylum-centre');
    const before = completenessReport(doc, specs).persons[0]!;
    (doc.persons[0]!.healthScreening as Record<string, unknown>).recordsFromAbroad = { status: 'declined', declinedOn: '2026-10-20' };
    const after = completenessReport(doc, specs).persons[0]!;
    expect(after.sections.declined).toBe(1);
    expect(after.sections.answered).toBe(before.sections.answered + 1);
    expect(after.issues).toContainEqual({ personRef: 'P1', pointer: '/persons/0/healthScreening/recordsFromAbroad', kind: 'declined' });
  });
});
