/**
 * Every valid handover fixture rendered for both audiences and both languages, read back with
 * poppler: the facts a caseworker or GP needs are in the text, consent decides what is not, every
 * page renders and carries its footer, no word lies outside the page, and the bytes are stable.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasConsent } from '../../src/domain/consent.js';
import { readableDate } from '../../src/domain/partial-dates.js';
import { computeDeadlines } from '../../src/domain/deadlines.js';
import type { Handover } from '../../src/domain/handover-types.js';
import { createPdfRenderer, type PdfRenderer } from '../../src/pdf/pdf-renderer.js';
import { renderDocumentFile } from '../../src/services/render-pdf.js';
import { createStandard, type Standard } from '../../src/validation/standard.js';
import { readValidFixture, validHandoverNames } from '../helpers/fixtures.js';
import { pdfInfo, pdfPageTexts, pdfText, renderPages, wordBoxes } from '../helpers/pdf-reader.js';

type Doc = Handover & Record<string, any>;
type Lang = 'da' | 'en';

let standard: Standard;
let pdf: PdfRenderer;
beforeAll(() => {
  standard = createStandard();
  pdf = createPdfRenderer((v) => standard.catalogue('handover', v));
});

// The newest common schema labels every reason of every version (1.2 adds not-in-protocol).
const common = JSON.parse(fs.readFileSync('schemas/common/1.2/common.schema.json', 'utf8'));
const reasonLabel = (reason: string, lang: Lang): string => common.$defs.notAssessedReason['x-enum-labels'][reason][lang];

const render = (name: string, audience: 'coordinating-department' | 'gp', lang: Lang) =>
  renderDocumentFile({ standard, pdf }, fs.readFileSync(`fixtures/valid/${name}`), { audience, lang });

// A person with one name (1.2 noFamilyName) is named by it alone.
const fullName = (p: Doc['persons'][number]) => [p.socialInformation.identity.givenNames, p.socialInformation.identity.familyName].filter(Boolean).join(' ');
const medications = (p: Doc['persons'][number]) => (p.healthScreening.medications.status === 'findings' ? (p.healthScreening.medications.entries ?? []) : []);
/**
 * The supply end as printed: the date as the pages write it, or (1.1) "not known (<reason>)" under
 * the same label (the department's PDF says it as the briefing does; the GP's PDF as "Not known: <reason>").
 * Only the reason's first word is compared: a cell may wrap.
 */
const supplyEnd = (m: { supplyLastsUntil?: string; supplyLastsUntilUnknown?: string }, lang: Lang, audience: 'coordinating-department' | 'gp'): string => {
  if (m.supplyLastsUntil) return readableDate(m.supplyLastsUntil, lang);
  const reason = reasonLabel(m.supplyLastsUntilUnknown!, lang).split(' ')[0];
  if (audience === 'gp') return `${lang === 'da' ? 'Ukendt' : 'Not known'}: ${reason}`;
  return `${lang === 'da' ? 'ikke kendt' : 'not known'} (${reason}`;
};
const healthFor = (doc: Doc, personRef: string, audience: 'coordinating-department' | 'gp') => hasConsent(doc.consents, [], personRef, audience, 'health');

/** Sections not assessed, anywhere in a person's form part, with their reasons. */
function notAssessed(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  const here = (value as any).status === 'not-assessed' ? [(value as any).reason as string] : [];
  return [...here, ...Object.values(value).flatMap(notAssessed)];
}

function expectWellFormed(bytes: Uint8Array, doc: Doc, lang: Lang) {
  const info = pdfInfo(bytes);
  const pages = Number(info.Pages);
  expect(pages).toBeGreaterThan(0);
  const rendered = renderPages(bytes);
  expect(rendered).toEqual({ pages, stderr: '', status: 0 });
  // Every page: handover id, version, digest (the offline file's), page x of y.
  const texts = pdfPageTexts(bytes);
  expect(texts).toHaveLength(pages);
  texts.forEach((text, i) => {
    expect(text).toContain(doc.handoverId);
    expect(text).toContain(lang === 'da' ? `Side ${i + 1} af ${pages}` : `Page ${i + 1} of ${pages}`);
    expect(text).toMatch(/SHA-256[^:]*: [0-9a-f]{64}/);
  });
  // No word outside the page, none in the margins' outer half.
  const boxes = wordBoxes(bytes);
  for (const w of boxes.words) {
    const page = boxes.pages[w.page - 1]!;
    expect(w.xMin, `${w.word} on page ${w.page}`).toBeGreaterThanOrEqual(20);
    expect(w.xMax, `${w.word} on page ${w.page}`).toBeLessThanOrEqual(page.width - 20);
    expect(w.yMin, `${w.word} on page ${w.page}`).toBeGreaterThanOrEqual(10);
    expect(w.yMax, `${w.word} on page ${w.page}`).toBeLessThanOrEqual(page.height - 10);
  }
  expect(info.CreationDate).not.toBe('');
  return { pages, text: pdfText(bytes), info };
}

describe.each(validHandoverNames())('%s', (name) => {
  const doc = readValidFixture<Doc>(name);

  describe.each(['da', 'en'] as const)('in %s', (lang) => {
    it('coordinating department: household, names in their scripts, deadlines, not-assessed reasons, medication within consent', async () => {
      const bytes = await render(name, 'coordinating-department', lang);
      const { text, info } = expectWellFormed(bytes, doc, lang);
      expect(info.Author).toContain(doc.sender.organisationName);
      expect(info.Title).toContain(doc.handoverId.slice(0, 8));
      expect(text).toContain(lang === 'da' ? 'Overdragelse af borgere til kommunen' : 'Handover of residents to the municipality');
      for (const p of doc.persons) {
        expect(text).toContain(fullName(p));
        if (p.socialInformation.identity.nameInOriginalScript) expect(text).toContain(p.socialInformation.identity.nameInOriginalScript);
        const withConsent = healthFor(doc, p.personRef, 'coordinating-department');
        for (const m of medications(p)) {
          // Medication names are health information: shown only with consent, the date always (as a deadline).
          if (withConsent) expect(text).toContain(m.name);
          expect(text).toContain(supplyEnd(m, lang, 'coordinating-department'));
        }
        if (!withConsent) expect(text).toContain(lang === 'da' ? 'Helbredsoplysninger vises ikke' : 'Health information is not shown');
        const visible = withConsent ? p : { ...p, healthScreening: {} };
        for (const reason of notAssessed(visible)) expect(text).toContain(reasonLabel(reason, lang));
      }
      // Dates as the pages write them, one format per language: no ISO date in what the PDF says.
      for (const d of computeDeadlines(doc)) expect(text).toContain(readableDate(d.date, lang));
      expect(text.replace(/Overdragelse [0-9a-f-]{36}|Handover [0-9a-f-]{36}/g, '')).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
      for (const a of doc.attachments) expect(text).toContain(a.sha256);
    });

    it('GP: the health summary of consenting persons only, and no social information', async () => {
      const bytes = await render(name, 'gp', lang);
      const { text } = expectWellFormed(bytes, doc, lang);
      expect(text).not.toContain(lang === 'da' ? 'Socialoplysninger' : 'Social information');
      for (const label of lang === 'da' ? ['Boligbehov', 'Uddannelse', 'Udlændingesagsnummer', 'Egne mål'] : ['Housing', 'Education', 'Immigration Service case', 'own goals']) expect(text).not.toContain(label);
      for (const p of doc.persons) {
        const si = p.socialInformation as any;
        if (si.identity.immigrationServiceCaseNumber) expect(text).not.toContain(si.identity.immigrationServiceCaseNumber);
        if (healthFor(doc, p.personRef, 'gp')) {
          expect(text).toContain(fullName(p));
          if (si.identity.nameInOriginalScript) expect(text).toContain(si.identity.nameInOriginalScript);
          for (const m of medications(p)) expect(text).toContain(m.name);
          for (const m of medications(p)) expect(text).toContain(supplyEnd(m, lang, 'gp'));
          const offer = computeDeadlines(doc).find((d) => d.personRef === p.personRef && d.kind === 'health-assessment-offer');
          if (offer) expect(text).toContain(readableDate(offer.date, lang));
          // How to return the result, in a doctor's words: no API paths or schema versions.
          expect(text).toContain(lang === 'da' ? 'resultatskemaet på personens side' : "the result form on the person's page");
          for (const apiWord of ['/v1/', 'POST', 'version 1.0', 'health-assessment-result']) expect(text).not.toContain(apiWord);
        } else {
          expect(text).not.toContain(si.identity.givenNames);
          for (const m of medications(p)) expect(text).not.toContain(m.name);
          expect(text).toContain(`${p.personRef}:`);
        }
      }
    });
  });
});

describe('stable output', () => {
  it('renders the same bytes for the same input (dates come from the document)', async () => {
    for (const audience of ['coordinating-department', 'gp'] as const) {
      const a = await render('02-family-of-five-blind-child.json', audience, 'da');
      const b = await render('02-family-of-five-blind-child.json', audience, 'da');
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    }
    const info = pdfInfo(await render('02-family-of-five-blind-child.json', 'coordinating-department', 'da'));
    expect(new Date(info.CreationDate!).toISOString()).toBe('2026-11-15T09:30:00.000Z');
  });

  it('continues a long table on the next page with its header repeated', async () => {
    const doc = readValidFixture<Doc>('02-family-of-five-blind-child.json');
    // 20 attachments (the schema's most) with long file names: their digests' table is longer than a page.
    const first = doc.attachments[0]!;
    doc.attachments = Array.from({ length: 20 }, (_, i) => ({ ...first, attachmentRef: `A${i + 1}`, filename: `bilag-${i + 1}-${'meget-langt-filnavn-'.repeat(8)}.pdf` }));
    const bytes = await renderDocumentFile({ standard, pdf }, Buffer.from(JSON.stringify(doc)), { audience: 'coordinating-department', lang: 'da' });
    const pages = pdfPageTexts(bytes);
    const withDigests = pages.filter((p) => /Filnavn Person Størrelse SHA-256/.test(p));
    expect(withDigests.length).toBeGreaterThanOrEqual(2);
    expect(withDigests.join(' ')).toContain('bilag-20-');
    expect(renderPages(bytes).status).toBe(0);
  });
});

describe('hostile text in the forms (reliability case 33)', () => {
  it('renders names with PDF operators, bidi marks, mixed Arabic and digits, and 5,000 characters of notes; the text reads back', async () => {
    const doc = readValidFixture<Doc>('01-single-adult-asylum-centre.json');
    const id = doc.persons[0]!.socialInformation.identity;
    id.givenNames = 'Ahmad (BT) ET \\) /F1 99 Tf <00ff> %%EOF';
    id.nameInOriginalScript = 'أحمد \u200fالحسن 2024 رقم ١٢٣';
    const notes = `START ${'Lang tekst med محمد og 123 tal, Ærø og ÅØ. '.repeat(120)}`.slice(0, 4990) + ' SLUT';
    doc.persons[0]!.socialInformation.notes = notes;
    expect(notes.length).toBe(4995);
    const bytes = await renderDocumentFile({ standard, pdf }, Buffer.from(JSON.stringify(doc)), { audience: 'coordinating-department', lang: 'da' });
    const text = pdfText(bytes);
    expect(text).toContain(id.givenNames);
    for (const token of ['أحمد', 'الحسن', '2024', 'رقم', '١٢٣']) expect(text).toContain(token);
    expect(text).toContain('START Lang tekst med');
    expect(text).toContain('SLUT');
    const pages = Number(pdfInfo(bytes).Pages);
    expect(renderPages(bytes)).toEqual({ pages, stderr: '', status: 0 });
  });
});

describe('the sections not assessed', () => {
  it('names a section first when its reason is its own, and a reason shared by several once with all of them (a tester scanned past the reasons to find the sections)', async () => {
    const text = pdfText(await render('03-un-quota-family-iom.json', 'coordinating-department', 'da')).replace(/\s+/g, ' ');
    expect(text).toContain('Egne mål og ressourcer: Ingen tolk til rådighed');
    expect(text).toContain('Fysiske sygdomme og tilstande: Oplysningerne er ufuldstændige eller upålidelige; IOM-rapporten beskriver kun');
    expect(text).toContain('Ingen journaler/oplysninger: Uddannelse, Arbejde og kompetencer, Allergier');
    expect(text).not.toMatch(/Ingen tolk til rådighed: Egne mål/);
  });
});
