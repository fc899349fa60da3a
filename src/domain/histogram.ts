/**
 * A sample kept as each distinct value once with how often it occurred: its size is the number
 * of distinct values, not of observations, so the figures' counters stay small however many
 * handovers a day brings (issue 31.5), and medians and percentiles are still those of the sample.
 */
export type Histogram = Map<number, number>;

/** Adds `n` observations of a value (in place). */
export function addValue(h: Histogram, value: number, n = 1): Histogram {
  if (n > 0) h.set(value, (h.get(value) ?? 0) + n);
  return h;
}

/** The histogram of a list of values. */
export const histogramOf = (values: readonly number[]): Histogram => values.reduce((h, v) => addValue(h, v), new Map<number, number>());

/** Adds every observation of `from` to `into` (in place). */
export function addHistogram(into: Histogram, from: Histogram): Histogram {
  for (const [value, n] of from) addValue(into, value, n);
  return into;
}

/** How many observations it holds. */
export const observations = (h: Histogram): number => [...h.values()].reduce((a, b) => a + b, 0);

/** As stored: the values ascending and, at the same index, how often each occurred. */
export function histogramPairs(h: Histogram): { values: number[]; counts: number[] } {
  const values = [...h.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((v) => h.get(v)!) };
}

/** Back from the stored pairs (a missing count reads as none). */
export function histogramFromPairs(values: readonly number[] = [], counts: readonly number[] = []): Histogram {
  const h: Histogram = new Map();
  values.forEach((v, i) => addValue(h, v, counts[i] ?? 0));
  return h;
}

/** The value at 0-based `rank` of the observations in ascending order. */
function valueAtRank(h: Histogram, rank: number): number {
  let seen = 0;
  for (const value of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(value)!;
    if (rank < seen) return value;
  }
  throw new RangeError(`rank ${rank} of ${seen} observations`);
}

/** The median: the middle observation, or the mean of the two middle ones for an even count. */
export function medianOf(h: Histogram): number {
  const n = observations(h);
  return n % 2 === 1 ? valueAtRank(h, (n - 1) / 2) : (valueAtRank(h, n / 2 - 1) + valueAtRank(h, n / 2)) / 2;
}

/** The p-th percentile by the nearest-rank method: a value that occurred. */
export const percentileOf = (h: Histogram, p: number): number => valueAtRank(h, Math.max(0, Math.ceil(p * observations(h)) - 1));

/** The largest value observed. */
export const maxOf = (h: Histogram): number => Math.max(...h.keys());

/** How many observations satisfy the test. */
export const countWhere = (h: Histogram, test: (value: number) => boolean): number => [...h].reduce((n, [value, count]) => (test(value) ? n + count : n), 0);
