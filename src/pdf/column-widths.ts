/** How wide each column of a table is (page-flow.ts): every word whole where the columns can all be, the headers readable, the table as wide as its box. */
import type { Face } from './fonts.js';
import type { Column } from './page-style.js';
import { breakableParts } from './text.js';

/** The columns' widths for these rows in `width` points, `pad` each side of a cell, words measured by `measure`. */
export function columnWidths(columns: readonly Column[], rows: readonly (readonly string[])[], o: { width: number; pad: number; measure: (word: string, face: Face) => number }): number[] {
  const total = columns.reduce((s, c) => s + c.weight, 0);
  const width = o.width;
  // Text breaks between words, never inside one: each column is at least as wide as the longest
  // word of its header and cells; where the columns cannot all be, those that cost least are, the
  // others as wide as the longest part a word may break into after its own hyphen or slash
  // ("journaler/" "oplysninger"); hyphenation (text.ts) is the last resort.
  const minimums = (split: (word: string) => string[]) =>
    columns.map((c, i) => {
      const longest = (text: string, face: Face) => Math.max(0, ...text.split(/\s+/).flatMap(split).map((w) => o.measure(w, face)));
      return Math.max(longest(c.header, 'bold'), ...rows.map((r) => longest(r[i] ?? '', c.face ?? 'regular'))) + 2 * o.pad + 0.5;
    });
  const whole = minimums((w) => [w]);
  const least = minimums(breakableParts);
  let sum = least.reduce((s, m) => s + m, 0);
  for (const i of columns.map((_, i) => i).sort((a, b) => whole[a]! - least[a]! - (whole[b]! - least[b]!))) {
    if (sum + whole[i]! - least[i]! > width) break;
    sum += whole[i]! - least[i]!;
    least[i] = whole[i]!;
  }
  return sum <= width ? fitHeaders(columns.map((c) => (c.weight / total) * width), least) : capWidest(least, width);
}

/**
 * When not every column can be as wide as its longest word, the widest are cut down to one width,
 * just enough for the table to fit: the fewest columns (those with the longest words) hyphenate,
 * and the others keep every word whole (a wide column never starves its neighbours).
 */
function capWidest(minimums: readonly number[], width: number): number[] {
  const sorted = [...minimums].sort((a, b) => b - a);
  let rest = sorted.reduce((s, m) => s + m, 0);
  let cap = 0;
  for (let k = 1; k <= sorted.length; k++) {
    rest -= sorted[k - 1]!;
    cap = (width - rest) / k;
    if (k === sorted.length || cap >= sorted[k]!) break;
  }
  return minimums.map((m) => Math.min(m, cap));
}

/**
 * Widens columns narrower than their header's longest word, taking the width from the columns
 * that have room to spare, in proportion to that room (the table keeps its total width).
 */
function fitHeaders(widths: readonly number[], minimums: readonly number[]): number[] {
  const deficit = widths.reduce((s, w, i) => s + Math.max(0, minimums[i]! - w), 0);
  const room = widths.map((w, i) => Math.max(0, w - minimums[i]!));
  const spare = room.reduce((s, r) => s + r, 0);
  if (deficit === 0 || spare === 0) return [...widths];
  const take = Math.min(deficit, spare);
  return widths.map((w, i) => (w < minimums[i]! ? w + (minimums[i]! - w) * (take / deficit) : w - room[i]! * (take / spare)));
}
