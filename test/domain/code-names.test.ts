// The one place codes are named and found by name: the form, the review page, the briefing, the GP's summary and the PDFs all read it.
import { describe, expect, it } from 'vitest';
import { codeFromTyped, codeText, searchCodes } from '../../src/domain/code-names.js';
import atc from '../../src/domain/code-lists/atc.json' with { type: 'json' };
import icd10 from '../../src/domain/code-lists/icd10.json' with { type: 'json' };
import scripts from '../../src/domain/code-lists/scripts-15924.json' with { type: 'json' };
import iso6393 from '../../src/domain/code-lists/languages-639-3.json' with { type: 'json' };

const ATC = /^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$/;
const ICD10 = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

describe('code names', () => {
  it('finds codes by Danish or English names and by the code, best match first', () => {
    expect(searchCodes('language', 'arabisk')[0]?.code).toBe('ar');
    expect(searchCodes('language', 'Arabic')[0]?.code).toBe('ar');
    expect(searchCodes('language', 'dari')[0]?.code).toBe('prs');
    expect(searchCodes('language', 'AR')[0]?.code).toBe('ar');
    expect(searchCodes('country', 'syr')[0]?.code).toBe('SY');
    expect(searchCodes('country', 'Syria')[0]?.code).toBe('SY');
    expect(searchCodes('atc', 'metfor').map((e) => e.code)).toEqual(['A10BA02']);
    // A premixed insulin, as elderly diabetics arrive on (a tester could only store plain human insulin).
    expect(searchCodes('atc', 'mixtard').map((e) => e.code)).toEqual(['A10AD01']);
    expect(searchCodes('atc', 'insulin').map((e) => e.code)).toEqual(expect.arrayContaining(['A10AB01', 'A10AC01', 'A10AD01', 'A10AD05', 'A10AE04', 'A10AE05', 'A10AE06']));
    expect(searchCodes('icd10', 'diabet').map((e) => e.code)).toEqual(expect.arrayContaining(['E10.9', 'E11.9', 'O24.4']));
    expect(searchCodes('icd10', 'ptsd')[0]?.code).toBe('F43.1');
    expect(searchCodes('atc', '')).toEqual([]);
  });

  it('finds a medicine by the name on its box and the sequelae of a war injury by their words (nurse trial: neither was found)', () => {
    expect(searchCodes('atc', 'panodil').map((e) => e.code)).toEqual(['N02BE01']);
    expect(searchCodes('atc', 'Zoloft').map((e) => e.code)).toEqual(['N06AB06']);
    expect(searchCodes('atc', 'seroquel').map((e) => e.code)).toEqual(['N05AH04']);
    // Stored and shown as the substance, whatever name found it.
    expect(codeText('atc', 'N02BE01', 'da')).toBe('paracetamol (N02BE01)');
    expect(searchCodes('icd10', 'T93')[0]?.code).toBe('T93');
    expect(searchCodes('icd10', 'følger efter').map((e) => e.code)).toEqual(expect.arrayContaining(['T90', 'T91', 'T92', 'T93', 'T94', 'T95']));
    expect(searchCodes('icd10', 'amputer').map((e) => e.code)).toEqual(['Z89.2', 'Z89.5', 'Z89.6', 'Z89.9']);
    expect(searchCodes('icd10', 'kørestol')[0]?.code).toBe('Z99.3');
  });

  it('shows a code as "name (code)" in Danish or English, an ISO 639-2 code by its language, and an unknown code as itself', () => {
    expect(codeText('language', 'ar', 'da')).toBe('arabisk (ar)');
    expect(codeText('language', 'ar', 'en')).toBe('Arabic (ar)');
    expect(codeText('language', 'ara', 'da')).toBe('arabisk (ara)');
    expect(codeText('language', 'prs', 'da')).toBe('dari (prs)');
    expect(codeText('country', 'SY', 'da')).toBe('Syrien (SY)');
    expect(codeText('atc', 'A10BA02', 'da')).toBe('metformin (A10BA02)');
    expect(codeText('icd10', 'E11.9', 'da')).toBe('Type 2-diabetes uden komplikationer (E11.9)');
    expect(codeText('icd10', 'E11.9', 'en')).toBe('Type 2 diabetes mellitus without complications (E11.9)');
    expect(codeText('icd10', 'Z99.2', 'da')).toBe('Z99.2');
  });

  it('takes what a person types as the code the schema stores: any case, or a name written out', () => {
    expect(['AR', 'ar', 'Arabisk', 'arabic', ' arabisk (ar) '].map((s) => codeFromTyped('language', s))).toEqual(['ar', 'ar', 'ar', 'ar', 'ar']);
    expect(['sy', 'Syrien', 'SY'].map((s) => codeFromTyped('country', s))).toEqual(['SY', 'SY', 'SY']);
    expect(codeFromTyped('atc', 'a10ba02')).toBe('A10BA02');
    expect(codeFromTyped('icd10', 'e11.9')).toBe('E11.9');
    expect(codeFromTyped('language', 'arab')).toBeUndefined();
    expect(codeFromTyped('language', '')).toBeUndefined();
  });

  it('curated lists hold well-formed, unique codes with a Danish and an English name, and name their source', () => {
    for (const [file, pattern] of [[atc, ATC], [icd10, ICD10], [iso6393, /^[a-z]{3}$/], [scripts, /^[A-Z][a-z]{3}$/]] as const) {
      expect(file.source.length).toBeGreaterThan(50);
      const codes = file.codes.map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const c of file.codes) {
        expect(c.code).toMatch(pattern);
        expect(c.da.length * c.en.length).toBeGreaterThan(0);
        // A trade name is a search aid beside one substance only.
        for (const alias of (c as { aliases?: string[] }).aliases ?? []) expect(alias.trim()).toBe(alias);
      }
    }
  });

  it('a script (ISO 15924) is found and shown by its name: "arabisk", "tigrinya", "Odia" and "arab" are Arab, Ethi, Orya and Arab', () => {
    expect(searchCodes('script', 'arabi').map((e) => e.code)).toEqual(['Arab']);
    expect(searchCodes('script', 'tigrinya').map((e) => e.code)).toEqual(['Ethi']);
    expect(codeFromTyped('script', 'arabisk')).toBe('Arab');
    expect(codeFromTyped('script', 'arab')).toBe('Arab');
    // Shaped as a code would be, but a name: the script it names.
    expect(codeFromTyped('script', 'Odia')).toBe('Orya');
    expect(codeFromTyped('script', 'Zzzz')).toBe('Zzzz');
    expect(codeText('script', 'Arab', 'da')).toBe('arabisk (Arab)');
    expect(codeText('script', 'Cyrl', 'en')).toBe('Cyrillic (Cyrl)');
  });
});
