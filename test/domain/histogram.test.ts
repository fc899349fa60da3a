/**
 * The figures' samples as histograms (domain/histogram.ts): the median and percentiles of a
 * histogram are those of the sample it was made of, kept or read back from its stored pairs.
 */
import { describe, expect, it } from 'vitest';
import { addHistogram, histogramFromPairs, histogramOf, histogramPairs, maxOf, medianOf, observations, percentileOf } from '../../src/domain/histogram.js';

/** The same statistics counted on the sorted sample, as the figures did before the histograms. */
const sortedMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sortedPercentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)]!;

describe('a sample kept as a histogram', () => {
  it('gives the median (the mean of the two middle values for an even count), the nearest-rank p90 and the largest value of its sample', () => {
    for (const sample of [[5], [3, 1], [20, 20, 35, 10, 20, 60], [7, 7, 7, 7, 8, 100, 1, 1, 2, 2, 2]]) {
      const h = histogramOf(sample);
      expect(observations(h)).toBe(sample.length);
      expect(medianOf(h)).toBe(sortedMedian(sample));
      expect(percentileOf(h, 0.9)).toBe(sortedPercentile(sample, 0.9));
      expect(maxOf(h)).toBe(Math.max(...sample));
    }
  });

  it('keeps each value once, ascending, and reads back the same from its stored pairs; two add up to their samples together', () => {
    const h = histogramOf([20, 20, 35, 10, 20]);
    expect(histogramPairs(h)).toEqual({ values: [10, 20, 35], counts: [1, 3, 1] });
    const back = histogramFromPairs([10, 20, 35], [1, 3, 1]);
    expect(histogramPairs(back)).toEqual(histogramPairs(h));
    expect(medianOf(addHistogram(back, histogramOf([35, 35, 35])))).toBe(sortedMedian([20, 20, 35, 10, 20, 35, 35, 35]));
  });

  it('has no median of nothing', () => {
    expect(() => medianOf(new Map())).toThrow(RangeError);
  });
});
