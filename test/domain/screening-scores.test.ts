import { describe, expect, it } from 'vitest';
import { checkScreeningScores, scorePcPtsd5, scoreRhs15 } from '../../src/domain/screening-scores.js';

describe('RHS-15', () => {
  it('is positive at an items 1-14 total of 12 even with a low thermometer', () => {
    const items = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    expect(scoreRhs15(items, 0)).toEqual({ total14: 12, total13: 12, positive13: true, positive: true });
  });
  it('is negative at 11 with a thermometer of 4', () => {
    const items = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    expect(scoreRhs15(items, 4)).toMatchObject({ total14: 11, positive: false });
  });
  it('is positive on the distress thermometer alone (5 or more)', () => {
    expect(scoreRhs15(Array(14).fill(0), 5).positive).toBe(true);
  });
  it('derives RHS-13 from items 1-13 with its own cut-off of 11', () => {
    const items = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 4, 4];
    expect(scoreRhs15(items, 0)).toEqual({ total14: 14, total13: 10, positive13: false, positive: true });
  });
  it('refuses anything but 14 item answers', () => {
    expect(() => scoreRhs15([1, 2], 0)).toThrow('exactly 14');
  });
});

describe('PC-PTSD-5', () => {
  it('scores 0 and negative without trauma exposure', () => {
    expect(scorePcPtsd5(false, undefined, 3)).toEqual({ score: 0, positive: false });
  });
  it('counts yes answers against the recorded cut-point', () => {
    expect(scorePcPtsd5(true, [true, true, true, false, false], 3)).toEqual({ score: 3, positive: true });
    expect(scorePcPtsd5(true, [true, true, true, false, false], 4)).toEqual({ score: 3, positive: false });
  });
});

describe('checkScreeningScores', () => {
  it('names each submitted figure that disagrees with the answers', () => {
    const entry = { instrument: 'RHS-15', items: Array(14).fill(1), distressThermometer: 2, total14: 13, total13: 13, positive: false };
    expect(checkScreeningScores(entry, '/s/0')).toEqual([
      { pointer: '/s/0/total14', keyword: 'rhs15Score', message: 'does not match the item answers (computed: 14)' },
      { pointer: '/s/0/positive', keyword: 'rhs15Score', message: 'does not match the item answers (computed: true)' },
    ]);
  });
});
