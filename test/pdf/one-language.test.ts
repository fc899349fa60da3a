/**
 * PDFs that read as one language: the text of both PDFs of every valid fixture, in Danish and in
 * English, is checked against the words of the other language (every label and value label of
 * the schemas, every phrase of the PDFs, the legal rules they quote). A Danish PDF holds no English label or phrase, an
 * English one no Danish, except where the document itself says it (names, notes, quotes).
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_ASSESSMENT_OFFER_RULES } from '../../src/domain/deadlines.js';
import { allPhrases, type Lang } from '../../src/pdf/phrases.js';
import { createPdfRenderer, type PdfRenderer } from '../../src/pdf/pdf-renderer.js';
import { renderDocumentFile } from '../../src/services/render-pdf.js';
import { readSchemaFiles } from '../../src/validation/schema-files.js';
import { createStandard, type Standard } from '../../src/validation/standard.js';
import { validHandoverNames } from '../helpers/fixtures.js';
import { pdfText } from '../helpers/pdf-reader.js';

let standard: Standard;
let pdf: PdfRenderer;
beforeAll(() => {
  standard = createStandard();
  pdf = createPdfRenderer((v) => standard.catalogue('handover', v));
});

/** Every {da, en} pair the schemas carry (x-label, x-enum-labels), walked from the published files. */
function schemaLabels(): Record<Lang, string>[] {
  const out: Record<Lang, string>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'x-label' && v && typeof v === 'object') out.push(v as Record<Lang, string>);
      else if (k === 'x-enum-labels' && v && typeof v === 'object') out.push(...(Object.values(v) as Record<Lang, string>[]));
      else walk(v);
    }
  };
  readSchemaFiles().forEach((f) => walk(f.schema));
  return out;
}

/** Every string the document itself holds (names, notes, free text): those may be in any language. */
function ownStrings(doc: unknown): string[] {
  if (typeof doc === 'string') return [doc];
  if (Array.isArray(doc)) return doc.flatMap(ownStrings);
  if (doc && typeof doc === 'object') return Object.values(doc).flatMap(ownStrings);
  return [];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The phrase as a whole word (or words) in the text, whitespace as pdftotext may break it. */
const asWords = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'u');

/** The words of language `other` that are not also words of the PDF's language: what must not appear. */
function foreignWords(lang: Lang): string[] {
  const other: Lang = lang === 'da' ? 'en' : 'da';
  const pairs = [...schemaLabels(), ...allPhrases(), ...HEALTH_ASSESSMENT_OFFER_RULES.flatMap((r) => [r.text, r.legalReference])];
  const own = new Set(pairs.map((p) => p[lang].toLowerCase()));
  // Placeholders ({x}) are cut out: the fixed words around them are what is checked.
  const pieces = pairs.flatMap((p) => p[other].split(/\{\w+\}/)).map((s) => s.trim().replace(/^[.,:;()]+|[.,:;()]+$/g, '').trim());
  return [...new Set(pieces)].filter((w) => w.length >= 4 && !own.has(w.toLowerCase()));
}

describe('a PDF in one language holds no words of the other', () => {
  const cases = validHandoverNames().flatMap((name) => (['coordinating-department', 'gp'] as const).flatMap((audience) => (['da', 'en'] as const).map((lang) => [name, audience, lang] as const)));

  it.each(cases)('%s for %s in %s', async (name, audience, lang) => {
    const bytes = fs.readFileSync(`fixtures/valid/${name}`);
    const text = pdfText(await renderDocumentFile({ standard, pdf }, bytes, { audience, lang }));
    // What the document itself says (names, notes, quotes) is taken out first: it may be in any language.
    const own = ownStrings(JSON.parse(bytes.toString('utf8')))
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => s.length >= 3)
      .sort((a, b) => b.length - a.length);
    // Then each of their words: a value wrapped in a table cell comes out of pdftotext interleaved with its neighbours' lines ("Læge, Center 2027-01-15 No Sandholm").
    const words = [...new Set(own.flatMap((s) => s.split(/\s+/)).map((w) => w.replace(/^[.,:;()]+|[.,:;()]+$/g, '')).filter((w) => w.length >= 3))];
    const whole = own.reduce((t, s) => t.split(s).join(' \u2022 '), text);
    const rest = words.reduce((t, w) => t.replace(new RegExp(asWords(w).source, 'gu'), ' \u2022 '), whole);
    const found = foreignWords(lang).filter((w) => asWords(w).test(rest));
    expect(found, `${lang === 'da' ? 'English' : 'Danish'} words in the ${lang} PDF`).toEqual([]);
  });
});

/** The words of the PDF's own language its tables may use as headers (labels and phrases), long enough to be broken. */
function headerWords(lang: Lang): string[] {
  const pairs = [...schemaLabels(), ...allPhrases()];
  return [...new Set(pairs.flatMap((p) => p[lang].split(/[\s/(),.:;{}]+/)).filter((w) => /^\p{L}{6,}$/u.test(w)))];
}

describe('table headers break between words, never inside one', () => {
  const cases = validHandoverNames().flatMap((name) => (['coordinating-department', 'gp'] as const).flatMap((audience) => (['da', 'en'] as const).map((lang) => [name, audience, lang] as const)));

  it.each(cases)('%s for %s in %s', async (name, audience, lang) => {
    const text = pdfText(await renderDocumentFile({ standard, pdf }, fs.readFileSync(`fixtures/valid/${name}`), { audience, lang }));
    const broken = headerWords(lang).filter((w) => {
      for (let k = 2; k <= w.length - 2; k++) if (asWords(`${w.slice(0, k)} ${w.slice(k)}`).test(text)) return true;
      return false;
    });
    expect(broken).toEqual([]);
  });
});

describe('codes read as words where people expect words', () => {
  it('names the script of a name in the original script, with its code, in the PDF language', async () => {
    const bytes = fs.readFileSync('fixtures/valid/06-ptsd-medication-runs-out.json');
    const da = pdfText(await renderDocumentFile({ standard, pdf }, bytes, { audience: 'coordinating-department', lang: 'da' }));
    const en = pdfText(await renderDocumentFile({ standard, pdf }, bytes, { audience: 'coordinating-department', lang: 'en' }));
    expect(da).toContain('Skriftsystem arabisk (Arab)');
    expect(en).toMatch(/Arabic \(Arab\)/);
    expect(da).not.toMatch(/Skriftsystem Arab(?! )/);
    // Languages and countries were named already; they stay so.
    expect(da).toContain('persisk (fa)');
    expect(en).toContain('Persian (fa)');
  });
});
