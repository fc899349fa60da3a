/**
 * The embedded fonts: DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic with the Persian
 * letters; regular, bold, mono) and Noto Sans Ethiopic (Tigrinya, Amharic), which DejaVu lacks.
 * Files come from npm font packages, licences inside them (DejaVu: Bitstream Vera licence; Noto:
 * SIL OFL 1.1). Each file is read and parsed once per process; every document reuses the parsed
 * font (parsing costs more than laying out a whole page).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

export type Face = 'regular' | 'bold' | 'mono';
export type ScriptFamily = 'base' | 'arabic' | 'ethiopic';
export type FontKey = `${ScriptFamily}-${Face}`;

type FontkitFont = ReturnType<typeof fontkit.create>;

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/**
 * Why DejaVu and not Noto: pdf-lib's subsetting (fontkit 1.x) drops most Latin glyphs of Noto Sans
 * (pdf-lib issue #1232), and Noto Sans Arabic builds letters from a shared skeleton plus dots, so
 * text copied out of the PDF reads زهرا as رهرا. DejaVu subsets correctly, and each Arabic letter
 * is one glyph that maps back to its character. Arabic gets its own key for its shaping features.
 */
function fontFiles(): Record<FontKey, string> {
  const dejavu = path.join(packageDir('dejavu-fonts-ttf'), 'ttf');
  const ethiopic = packageDir('@expo-google-fonts/noto-sans-ethiopic');
  return {
    'base-regular': path.join(dejavu, 'DejaVuSans.ttf'),
    'base-bold': path.join(dejavu, 'DejaVuSans-Bold.ttf'),
    'base-mono': path.join(dejavu, 'DejaVuSansMono.ttf'),
    'arabic-regular': path.join(dejavu, 'DejaVuSans.ttf'),
    'arabic-bold': path.join(dejavu, 'DejaVuSans-Bold.ttf'),
    'arabic-mono': path.join(dejavu, 'DejaVuSansMono.ttf'),
    'ethiopic-regular': path.join(ethiopic, '400Regular', 'NotoSansEthiopic_400Regular.ttf'),
    'ethiopic-bold': path.join(ethiopic, '700Bold', 'NotoSansEthiopic_700Bold.ttf'),
    'ethiopic-mono': path.join(ethiopic, '400Regular', 'NotoSansEthiopic_400Regular.ttf'),
  };
}

/**
 * Text that needs no shaping: Latin, Greek and Cyrillic letters, digits and punctuation, without
 * combining marks. Its glyphs are the cmap's glyphs, one per character.
 */
const SIMPLE_TEXT = /^[\u0020-\u007E\u00A0-\u02FF\u0370-\u03FF\u0400-\u04FF\u1E00-\u1EFF\u2010-\u2027\u2030-\u205E\u20AC\u2116\u2122]*$/u;
const LAYOUT_CACHE_LIMIT = 50_000;

/**
 * The parsed font as pdf-lib sees it, with a memo in front of layout: pdf-lib lays out every
 * string it measures or draws, and fontkit's OpenType pass costs far more than the drawing. Labels
 * and values repeat across pages and documents; simple text skips the OpenType pass altogether.
 */
function withLayoutCache(font: FontkitFont): FontkitFont {
  const memo = new Map<string, unknown>();
  const layout = (text: string, features?: unknown) => {
    const key = features ? `${Object.keys(features as object).join(',')}\u0000${text}` : text;
    let run = memo.get(key);
    if (run === undefined) {
      run = SIMPLE_TEXT.test(text) ? { glyphs: font.glyphsForString(text) } : font.layout(text, features as never);
      if (memo.size >= LAYOUT_CACHE_LIMIT) memo.clear();
      memo.set(key, run);
    }
    return run;
  };
  return new Proxy(font, {
    get(target, prop) {
      if (prop === 'layout') return layout;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface FontLibrary {
  /** The bytes handed to pdf-lib's embedFont; the parsed font is found again by identity. */
  bytes(key: FontKey): Uint8Array;
  /** Whether the font has a glyph for a code point (used to keep spaces and digits in one run). */
  hasGlyph(key: FontKey, codePoint: number): boolean;
  /** A fontkit for pdf-lib's registerFontkit that returns the already parsed font. */
  readonly fontkit: Fontkit;
}

/** Reads and parses every font once. */
export function loadFontLibrary(): FontLibrary {
  const files = fontFiles();
  const bytesByKey = new Map<FontKey, Uint8Array>();
  const parsedByBytes = new Map<Uint8Array, FontkitFont>();
  const parsedByPath = new Map<string, { bytes: Uint8Array; font: FontkitFont }>();
  for (const [key, file] of Object.entries(files) as [FontKey, string][]) {
    let entry = parsedByPath.get(file);
    if (!entry) {
      const bytes = new Uint8Array(fs.readFileSync(file));
      entry = { bytes, font: fontkit.create(bytes) };
      parsedByPath.set(file, entry);
      parsedByBytes.set(bytes, entry.font);
    }
    bytesByKey.set(key, entry.bytes);
  }
  const shared = new Map<Uint8Array, FontkitFont>();
  for (const [bytes, font] of parsedByBytes) shared.set(bytes, withLayoutCache(font));
  const cachingFontkit: Fontkit = {
    create: (data: Uint8Array) => shared.get(data) ?? fontkit.create(data),
  } as unknown as Fontkit;
  return {
    bytes: (key) => bytesByKey.get(key)!,
    hasGlyph: (key, cp) => parsedByBytes.get(bytesByKey.get(key)!)!.hasGlyphForCodePoint(cp),
    fontkit: cachingFontkit,
  };
}
