/**
 * Layout a reader can trust: table text breaks between words (or after a word's own hyphen or
 * slash), columns are sized to their longest word first, a word wider than any column is
 * hyphenated as the last resort; headings and list captions stay with their first rows however
 * the content before them falls on the page. Read back with poppler.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, type PdfRenderer } from '../../src/pdf/pdf-renderer.js';
import { renderDocumentFile } from '../../src/services/render-pdf.js';
import { createStandard, type Standard } from '../../src/validation/standard.js';
import { pdfPageTexts, pdfText, wordBoxes } from '../helpers/pdf-reader.js';

type Doc = Record<string, any>;
let standard: Standard;
let pdf: PdfRenderer;
beforeAll(() => {
  standard = createStandard();
  pdf = createPdfRenderer((v) => standard.catalogue('handover', v));
});

const fixture = (name: string): Doc => JSON.parse(fs.readFileSync(`fixtures/valid/${name}.json`, 'utf8'));
const render = (doc: Doc, audience: 'coordinating-department' | 'gp', lang: 'da' | 'en') => renderDocumentFile({ standard, pdf }, Buffer.from(JSON.stringify(doc)), { audience, lang });

/** The 1.1 family with every medication column filled, a long diagnosis and a dose in units. */
function familyWithLongMedication(): Doc {
  const doc = fixture('09-v1-1-iom-family-what-is-known');
  const [first, second] = doc.persons[0].healthScreening.medications.entries;
  Object.assign(first, { strength: '100 mg', prescriber: 'IOM-læge, Kampala', indication: 'Hypertension og kronisk obstruktiv lungesygdom' });
  Object.assign(second, { strength: '500 mg', prescriber: 'Egen læge i lejren', indication: 'Hypertension', dose: '10 internationale enheder' });
  return doc;
}

/** Words of the text that were cut without a hyphen: "Styrk e" for "Styrke" (a break after a word's own -, / or _ is allowed). */
function brokenWords(text: string, words: readonly string[]): string[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return words.filter((w) => {
    for (let k = 2; k <= w.length - 1; k++) {
      if (/[-/_]/.test(w[k - 1]!)) continue;
      if (new RegExp(`(?<![\\p{L}\\p{N}])${escape(w.slice(0, k))} ${escape(w.slice(k))}(?![\\p{L}\\p{N}])`, 'u').test(text)) return true;
    }
    return false;
  });
}

describe('table text breaks between words', () => {
  it('keeps every word of the Danish medicine table whole (ATC-kode, Styrke, enheder, Hypertension) in both PDFs', async () => {
    const doc = familyWithLongMedication();
    const entries = doc.persons[0].healthScreening.medications.entries as Doc[];
    const cellWords = entries.flatMap((e) => Object.values(e).filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(/[\s,]+/)));
    const words = [...new Set(['Præparat', 'ATC-kode', 'Styrke', 'Dosis', 'Hyppighed', 'Indikation', 'Ordineret', 'Medicin', 'rækker', 'afbrydes', 'journaler/oplysninger', 'ufuldstændige', ...cellWords])].filter((w) => w.length >= 4);
    for (const audience of ['coordinating-department', 'gp'] as const) {
      const text = pdfText(await render(doc, audience, 'da'));
      for (const whole of ['ATC-kode', 'Styrke', 'internationale enheder', 'Hypertension og kronisk obstruktiv lungesygdom']) expect(text, audience).toContain(whole);
      expect(brokenWords(text, words), audience).toEqual([]);
    }
  });

  it('keeps the attachments’ digest table’s headers whole (Filnavn, Størrelse) in Danish, beside a long file name and the digests', async () => {
    const doc = fixture('09-v1-1-iom-family-what-is-known');
    doc.attachments[0].filename = 'IOM_Migration_Health_Assessment_Mukendi_Esperance_2026-09-02_oversat.pdf';
    const text = pdfText(await render(doc, 'coordinating-department', 'da'));
    for (const header of ['Filnavn', 'Person', 'Størrelse']) expect(text).toContain(` ${header} `);
    expect(brokenWords(text, ['Størrelse', 'Filnavn', ...doc.attachments.map((a: Doc) => a.filename)])).toEqual([]);
    for (const a of doc.attachments) expect(text).toContain(a.sha256);
  });

  it('hyphenates a word wider than any column only as the last resort, between syllables', async () => {
    const doc = familyWithLongMedication();
    const long = 'Hydrochlorthiazidkaliumchloridkombinationspræparatet';
    doc.persons[0].healthScreening.medications.entries[1].name = long;
    // The GP's PDF has the medicines as a table (the department's PDF says them as the briefing page does).
    const { words } = wordBoxes(await render(doc, 'gp', 'da'));
    // In the table the word stands in its column, one piece a line, each but the last ending in a hyphen.
    const first = words.findIndex((w) => w.word.startsWith('Hydro') && w.word.endsWith('-'));
    expect(first).not.toBe(-1);
    const column = words.filter((w, i) => i >= first && w.page === words[first]!.page && Math.abs(w.xMin - words[first]!.xMin) < 0.5);
    const pieces: string[] = [];
    for (const w of column) {
      pieces.push(w.word);
      if (!w.word.endsWith('-')) break;
    }
    expect(pieces.join('').replace(/-/g, '')).toBe(long);
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    for (const piece of pieces) expect(piece.replace(/-$/, '').length).toBeGreaterThanOrEqual(2);
    // The other columns keep their words whole beside it.
    expect(brokenWords(pdfText(await render(doc, 'gp', 'da')), ['ATC-kode', 'Styrke', 'Hypertension', 'internationale', 'enheder'])).toEqual([]);
  });
});

/** The English PDF's headings of a health screening and the caption of its lists. */
const HEADINGS = ['Health screening', 'Physical conditions', 'Infectious-disease screening', 'Vaccinations', 'Allergies', 'Dental', 'Mental health', 'Trauma exposure', 'Screening instruments', 'Medications', 'Ongoing treatments and referrals', 'Entries', 'Status'];

describe('headings stay with what follows them', () => {
  it('never leaves a heading or a list’s caption alone at the foot of a page, wherever the content before it ends', async () => {
    const alone: string[] = [];
    // A single woman with two diseases; her housing wishes at lengths that move everything after them down half a line at a time.
    for (let extra = 0; extra < 60; extra++) {
      const doc = fixture('01-single-adult-asylum-centre');
      const person = doc.persons[0];
      person.socialInformation.identity.sex = 'female';
      person.socialInformation.housing.wishes += ' og tæt på skole'.repeat(extra * 2);
      person.healthScreening.physicalConditions.entries = [
        { icd10: 'I10', description: 'Hypertension', status: 'chronic', treatment: 'Amlodipin' },
        { icd10: 'E11.9', description: 'Type 2-diabetes', status: 'chronic', treatment: 'Metformin' },
      ];
      const pages = pdfPageTexts(await render(doc, 'coordinating-department', 'en'));
      pages.forEach((page, i) => {
        const body = page.replace(/Handover [0-9a-f-]{36} · version.*$/, '').trim();
        // A heading or caption with nothing of its own after it on its page.
        for (const heading of HEADINGS) if (body.endsWith(` ${heading}`)) alone.push(`${extra}: "${heading}" alone at the foot of page ${i + 1}`);
      });
    }
    expect(alone).toEqual([]);
  }, 120_000);
});
