/**
 * The names of the standard's codes (language ISO 639, country ISO 3166-1, script ISO 15924, ATC, ICD-10) in Danish
 * and English: the one place a code is named ("arabisk (ar)") and found by name ("arabisk",
 * "metfor", "diabet"), for the sender's form, the review page, the GP's page, the caseworker's
 * briefing and the PDFs alike. Languages and countries come from maintained packages (CLDR-based
 * i18n-iso-countries and @cospired/i18n-iso-languages, MIT) plus the ISO 639-3 languages they lack;
 * scripts, ATC and ICD-10 are curated subsets (code-lists/, each naming its source and licence). A code not
 * in a list is still a valid code: it is shown as itself.
 */
import countriesDa from 'i18n-iso-countries/langs/da.json' with { type: 'json' };
import countriesEn from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import languagesDa from '@cospired/i18n-iso-languages/langs/da.json' with { type: 'json' };
import languagesEn from '@cospired/i18n-iso-languages/langs/en.json' with { type: 'json' };
import languageCodes from '@cospired/i18n-iso-languages/codes.json' with { type: 'json' };
import iso6393 from './code-lists/languages-639-3.json' with { type: 'json' };
import atcList from './code-lists/atc.json' with { type: 'json' };
import icd10List from './code-lists/icd10.json' with { type: 'json' };
import scriptList from './code-lists/scripts-15924.json' with { type: 'json' };

/** The code lists of the standard's common definitions. */
export type CodeList = 'language' | 'country' | 'script' | 'atc' | 'icd10';
export type CodeLang = 'da' | 'en';

export interface CodeEntry {
  code: string;
  da: string;
  en: string;
  /** Other names a person may search by (e.g. "Syria" beside "Syrian Arab Republic"). */
  aliases?: string[];
}

/** How the schema writes each list's codes (ISO 639 in small letters, the others in capitals), and the pattern a typed code must have. */
const SHAPE: Record<CodeList, { write(s: string): string; pattern: RegExp }> = {
  language: { write: (s) => s.toLowerCase(), pattern: /^[a-z]{2,3}$/ },
  country: { write: (s) => s.toUpperCase(), pattern: /^[A-Z]{2}$/ },
  script: { write: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(), pattern: /^[A-Z][a-z]{3}$/ },
  atc: { write: (s) => s.toUpperCase(), pattern: /^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$/ },
  icd10: { write: (s) => s.toUpperCase(), pattern: /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/ },
};

type Names = Record<string, string | string[]>;
const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function countries(): CodeEntry[] {
  const da = countriesDa.countries as Names;
  const en = countriesEn.countries as Names;
  return Object.keys(en).map((code) => {
    const aliases = [...all(da[code]).slice(1), ...all(en[code]).slice(1)];
    return { code, da: first(da[code]) ?? first(en[code])!, en: first(en[code])!, ...(aliases.length ? { aliases } : {}) };
  });
}

function languages(): CodeEntry[] {
  const da = languagesDa.languages as Record<string, string>;
  const en = languagesEn.languages as Record<string, string>;
  const iso6391 = Object.keys(en).map((code) => ({ code, da: da[code] ?? en[code]!, en: en[code]! }));
  return [...iso6391, ...iso6393.codes];
}

let lists: Record<CodeList, { entries: CodeEntry[]; byCode: Map<string, CodeEntry> }> | undefined;

/** The lists, built on first use (a page that shows no code pays nothing). */
function listOf(list: CodeList) {
  if (!lists) {
    const index = (entries: CodeEntry[]) => ({ entries, byCode: new Map(entries.map((e) => [e.code, e])) });
    lists = { language: index(languages()), country: index(countries()), script: index(scriptList.codes), atc: index(atcList.codes), icd10: index(icd10List.codes) };
  }
  return lists[list];
}

/** ISO 639-2 (B or T) codes of languages that have an ISO 639-1 code: "ara" is named as "ar" is. */
let alpha3: Map<string, string> | undefined;
function languageAlias(code: string): string | undefined {
  if (!alpha3) {
    alpha3 = new Map();
    for (const [a2, b, t] of languageCodes as string[][]) {
      alpha3.set(b!, a2!);
      alpha3.set(t!, a2!);
    }
  }
  return alpha3.get(code);
}

function entryOf(list: CodeList, code: string): CodeEntry | undefined {
  const { byCode } = listOf(list);
  const found = byCode.get(code);
  if (found || list !== 'language') return found;
  const a2 = languageAlias(code);
  return a2 ? byCode.get(a2) : undefined;
}

/** A code's name in the language asked for, if the list knows it. */
export function codeName(list: CodeList, code: string, lang: CodeLang): string | undefined {
  return entryOf(list, code)?.[lang];
}

/** A code as a reader should see it: "arabisk (ar)", "metformin (A10BA02)"; the code alone when the list does not know it. */
export function codeText(list: CodeList, code: string, lang: CodeLang): string {
  const name = codeName(list, code, lang);
  return name ? `${name} (${code})` : code;
}

/** Letters compared without case or accents ("Tigré" = "tigre"); æ, ø stay themselves. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/**
 * The entries whose code or Danish or English name (or alias) matches what was typed, best first:
 * the code itself, then names starting with it, then names with a word starting with it, then
 * codes starting with it, then names containing it.
 */
export function searchCodes(list: CodeList, query: string, limit = 12): CodeEntry[] {
  const q = fold(query);
  if (!q) return [];
  const scored: { entry: CodeEntry; score: number }[] = [];
  for (const entry of listOf(list).entries) {
    const code = entry.code.toLowerCase();
    const names = [entry.da, entry.en, ...(entry.aliases ?? [])].map(fold);
    let score: number;
    if (code === q) score = 0;
    else if (names.some((n) => n.startsWith(q))) score = 1;
    else if (names.some((n) => n.split(/[\s,()/-]+/).some((w) => w.startsWith(q)))) score = 2;
    else if (code.startsWith(q)) score = 3;
    else if (names.some((n) => n.includes(q))) score = 4;
    else continue;
    scored.push({ entry, score });
  }
  scored.sort((a, b) => a.score - b.score || a.entry.code.length - b.entry.code.length || a.entry.code.localeCompare(b.entry.code));
  return scored.slice(0, limit).map((s) => s.entry);
}

/**
 * The code a person meant by what they typed, in the schema's spelling: a code in any case ("AR",
 * "ar"), or a Danish or English name written out ("Arabisk"); undefined when it is neither. A
 * well-formed code the list does not hold is taken as it is (the lists are not the standard).
 */
export function codeFromTyped(list: CodeList, typed: string): string | undefined {
  const text = typed.trim();
  if (!text) return undefined;
  const written = SHAPE[list].write(text);
  const shapedAsCode = SHAPE[list].pattern.test(written);
  if (shapedAsCode && entryOf(list, written)) return written;
  // A name first, then a code the list lacks: "Odia" is a script's name, though shaped as its code would be.
  const q = fold(text);
  const byName = listOf(list).entries.find((e) => [e.da, e.en, ...(e.aliases ?? [])].some((n) => fold(n) === q) || fold(`${e.da} (${e.code})`) === q || fold(`${e.en} (${e.code})`) === q);
  return byName?.code ?? (shapedAsCode ? written : undefined);
}
