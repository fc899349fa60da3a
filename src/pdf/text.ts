/**
 * Text for pdf-lib: picks a font per script, orders mixed left-to-right and right-to-left text
 * with the Unicode bidi algorithm (bidi-js), lets fontkit shape each run (Arabic joining), and
 * wraps lines by measured width. pdf-lib itself draws glyphs left to right and reorders nothing.
 */
import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import { StandardFonts, type PDFDocument, type PDFFont } from 'pdf-lib';
import type { Face, FontKey, FontLibrary, ScriptFamily } from './fonts.js';

// bidi-js ships a UMD bundle whose module.exports is the factory; its typings describe an ES default export.
const bidi = (createRequire(import.meta.url)('bidi-js') as () => Bidi)();

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u;
const ETHIOPIC = /[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F\u{1E7E0}-\u{1E7FF}]/u;
/** Characters that belong to no script: they join the run around them when its font has them. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
/** The scripts fontkit lays out right to left (it then reverses the glyphs itself). */
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

function scriptOf(ch: string): ScriptFamily {
  if (ARABIC.test(ch)) return 'arabic';
  if (ETHIOPIC.test(ch)) return 'ethiopic';
  return 'base';
}

/** What fontkit decides for a run: the first character of a real script sets the direction. */
function fontkitReverses(text: string): boolean {
  for (const ch of text) {
    if (NEUTRAL.test(ch)) continue;
    return RTL_SCRIPT.test(ch);
  }
  return false;
}

const reverse = (s: string) => [...s].reverse().join('');
const BIDI_CONTROL = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Any character of a right-to-left script, or an explicit bidi control. */
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200F\u202B\u202E\u2067\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/** One piece of a line, in visual order, ready for page.drawText. */
export interface ShapedRun {
  font: PDFFont;
  text: string;
  width: number;
}

interface LogicalRun {
  key: FontKey;
  level: number;
  text: string;
}

/**
 * pdf-lib draws glyph ids with their advance widths and ignores glyph positions, so positioning
 * features (kerning, mark placement) are wasted work: they are switched off. Latin ligatures are
 * off too, so that a word's width is the sum of its letters. Arabic keeps its substitutions
 * (joining forms and the lam-alef ligature), which it needs to be readable.
 */
const FEATURES: Record<ScriptFamily, Record<string, boolean>> = {
  base: { kern: false, mark: false, mkmk: false, curs: false, liga: false, clig: false, calt: false },
  arabic: { kern: false, mark: false, mkmk: false, curs: false },
  ethiopic: { kern: false, mark: false, mkmk: false, curs: false },
};

interface VisualRun {
  key: FontKey;
  text: string;
  /** Width at size 1; scales linearly with the size. */
  unitWidth: number;
}

/** Fonts embedded in one document (only those used), with measuring and line shaping. */
export class DocumentText {
  private readonly embedded = new Map<FontKey, PDFFont>();
  private readonly runCache = new Map<string, VisualRun[]>();
  private readonly widthCache = new Map<string, number>();

  private constructor(private readonly doc: PDFDocument, private readonly library: FontLibrary) {}

  /** When set, the document uses pdf-lib's standard fonts (WinAnsi only): the benchmark's lower bound. */
  private charset: Set<number> | undefined;

  /**
   * Helvetica and Courier, not embedded: the cheapest text pdf-lib can draw. They cannot show
   * names in other scripts (those characters become "?"), so this is for measuring only.
   */
  static async withStandardFonts(doc: PDFDocument): Promise<DocumentText> {
    const t = new DocumentText(doc, undefined as unknown as FontLibrary);
    const fonts: [FontKey, StandardFonts][] = [['base-regular', StandardFonts.Helvetica], ['base-bold', StandardFonts.HelveticaBold], ['base-mono', StandardFonts.Courier]];
    for (const [key, name] of fonts) t.embedded.set(key, await doc.embedFont(name));
    t.charset = new Set(t.embedded.get('base-regular')!.getCharacterSet());
    return t;
  }

  /** Embeds the given fonts (subset: only the glyphs drawn end up in the file). */
  static async for(doc: PDFDocument, library: FontLibrary, fonts: readonly FontKey[]): Promise<DocumentText> {
    doc.registerFontkit(library.fontkit);
    const t = new DocumentText(doc, library);
    for (const key of fonts) {
      const family = key.split('-')[0] as ScriptFamily;
      t.embedded.set(key, await doc.embedFont(library.bytes(key), { subset: true, features: FEATURES[family] }));
    }
    return t;
  }

  private font(key: FontKey): PDFFont {
    return this.embedded.get(key)!;
  }

  private unitWidth(key: FontKey, text: string): number {
    const cacheKey = `${key}\u0000${text}`;
    let w = this.widthCache.get(cacheKey);
    if (w === undefined) {
      w = this.font(key).widthOfTextAtSize(text, 1);
      this.widthCache.set(cacheKey, w);
    }
    return w;
  }

  /** Splits text into runs of one bidi level and one font, in logical order. */
  private logicalRuns(text: string, face: Face, levels: Uint8Array | undefined): LogicalRun[] {
    const runs: LogicalRun[] = [];
    let index = 0;
    for (const ch of text) {
      const level = levels ? (levels[index] ?? 0) : 0;
      index += ch.length;
      // Bidi controls have done their work once levels are resolved (UAX #9, X9); drawn, they would show as gaps.
      if (BIDI_CONTROL.test(ch)) continue;
      const last = runs.at(-1);
      let key: FontKey = `${scriptOf(ch)}-${face}`;
      if (last && last.level === level && last.key !== key && NEUTRAL.test(ch) && this.library.hasGlyph(last.key, ch.codePointAt(0)!)) key = last.key;
      // A script whose font was not embedded (not in the document's text sample) falls back to the base font.
      if (!this.embedded.has(key)) key = `base-${face}`;
      if (last && last.level === level && last.key === key) last.text += ch;
      else runs.push({ key, level, text: ch });
    }
    return runs;
  }

  private visualRuns(text: string, face: Face): VisualRun[] {
    const cacheKey = `${face}\u0000${text}`;
    const cached = this.runCache.get(cacheKey);
    if (cached) return cached;
    let runs: LogicalRun[];
    if (this.charset) {
      const charset = this.charset;
      const encodable = [...text].map((ch) => (charset.has(ch.codePointAt(0)!) ? ch : '?')).join('');
      const visual = [{ key: `base-${face}` as FontKey, text: encodable, unitWidth: this.unitWidth(`base-${face}`, encodable) }];
      this.runCache.set(cacheKey, visual);
      return visual;
    }
    // Text without any right-to-left character needs no bidi pass (nearly all of it).
    if (!RTL_CHAR.test(text)) {
      runs = this.logicalRuns(text, face, undefined);
    } else {
      const embedding = bidi.getEmbeddingLevels(text, 'ltr');
      // Mirror brackets in right-to-left runs, then reverse runs level by level (UAX #9, L2).
      const mirrored = bidi.getMirroredCharactersMap(text, embedding.levels);
      const chars = text.split('');
      for (const [i, ch] of mirrored) chars[i] = ch;
      runs = this.logicalRuns(chars.join(''), face, embedding.levels);
      const levels = runs.map((r) => r.level);
      const maxLevel = Math.max(...levels);
      const minOdd = Math.min(...levels.filter((l) => l % 2 === 1), maxLevel + 1);
      for (let level = maxLevel; level >= minOdd; level--) {
        for (let i = 0; i < runs.length; ) {
          if (runs[i]!.level < level) {
            i++;
            continue;
          }
          let j = i;
          while (j < runs.length && runs[j]!.level >= level) j++;
          runs.splice(i, j - i, ...runs.slice(i, j).reverse());
          i = j;
        }
      }
      // fontkit reverses a run whose script is right to left; make every run come out in visual order.
      runs = runs.map((r) => ((r.level % 2 === 1) !== fontkitReverses(r.text) ? { ...r, text: reverse(r.text) } : r));
    }
    const visual = runs.map((r) => ({ key: r.key, text: r.text, unitWidth: this.unitWidth(r.key, r.text) }));
    this.runCache.set(cacheKey, visual);
    return visual;
  }

  /** The runs of one line in visual (left-to-right drawing) order. */
  shape(text: string, face: Face, size: number): ShapedRun[] {
    return this.visualRuns(text, face).map((r) => ({ font: this.font(r.key), text: r.text, width: r.unitWidth * size }));
  }

  width(text: string, face: Face, size: number): number {
    let w = 0;
    for (const r of this.visualRuns(text, face)) w += r.unitWidth;
    return w * size;
  }

  /**
   * Breaks text into lines no wider than maxWidth at spaces. A word alone wider than a line breaks
   * after a hyphen or slash of its own ("ATC-" "kode", "journaler/" "oplysninger"), and only
   * then, as a last resort, is hyphenated (see hyphenate).
   */
  wrap(text: string, face: Face, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    const space = this.width(' ', face, size);
    for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
      const words = paragraph.split(/ +/).filter((w) => w.length > 0);
      let line = '';
      let lineWidth = 0;
      for (const word of words) {
        // Words are measured once each; a line is as wide as its words and the spaces between.
        const w = this.width(word, face, size);
        if (line && lineWidth + space + w <= maxWidth) {
          line += ` ${word}`;
          lineWidth += space + w;
          continue;
        }
        if (line) lines.push(line);
        if (w <= maxWidth) {
          line = word;
          lineWidth = w;
          continue;
        }
        line = '';
        lineWidth = 0;
        const pieces = breakableParts(word).flatMap((part) => (this.width(part, face, size) <= maxWidth ? [part] : hyphenate(part, (s) => this.width(s, face, size) <= maxWidth)));
        for (const piece of pieces) {
          const pw = this.width(piece, face, size);
          // Pieces ending in a hyphen were cut to fit a line of their own.
          if (line && (lineWidth + pw > maxWidth || line.endsWith('\u00ad'))) {
            lines.push(line.replace(/\u00ad$/, '-'));
            line = '';
            lineWidth = 0;
          }
          line += piece;
          lineWidth += pw;
        }
        line = line.replace(/\u00ad$/, '-');
      }
      lines.push(line);
    }
    return lines;
  }
}

/** A word's parts that may end a line: after its own hyphens, slashes and underscores (file names), between letters or digits. */
export function breakableParts(word: string): string[] {
  return word.split(/(?<=[\p{L}\p{N}][-/_])(?=[\p{L}\p{N}])/u);
}

const VOWEL = /[aeiouyæøåäöüéèáàíóú]/i;
const LETTER = /\p{L}/u;

/**
 * The last resort for a word wider than its column: cut into pieces that fit with a hyphen,
 * each cut before a consonant that starts a syllable ("Hyper-tension", "enhe-der") where one
 * fits, at least two letters on either side; a piece that must be cut ends in a soft hyphen
 * (U+00AD), which wrap draws as "-" at the line's end.
 */
export function hyphenate(word: string, fits: (s: string) => boolean): string[] {
  const chars = [...word];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    if (fits(chars.slice(start).join(''))) {
      pieces.push(chars.slice(start).join(''));
      break;
    }
    let cut = -1;
    let syllable = -1;
    for (let k = start + 1; k < chars.length; k++) {
      if (!fits(`${chars.slice(start, k).join('')}-`)) break;
      cut = k;
      const [a, b, c] = [chars[k - 1]!, chars[k]!, chars[k + 1] ?? ''];
      const boundary = LETTER.test(a) && LETTER.test(b) && !VOWEL.test(b) && (VOWEL.test(c) || !VOWEL.test(a));
      if (boundary && k - start >= 2 && chars.length - k >= 2) syllable = k;
    }
    // Not even one character fits with a hyphen: it goes on a line of its own.
    const at = syllable !== -1 ? syllable : cut !== -1 ? cut : start + 1;
    pieces.push(`${chars.slice(start, at).join('')}${at < chars.length ? '\u00ad' : ''}`);
    start = at;
  }
  return pieces;
}
