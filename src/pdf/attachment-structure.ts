/**
 * Reads a PDF attachment with a real parser (pdf-lib) and reports what could make it active:
 * every action dictionary and what triggers it, and the names that carry scripts or embedded
 * programs, with names decoded and object streams inflated, so that `/Java#53cript` or a
 * catalog compressed into an object stream is seen as a reader would see it. The domain rule
 * (activeContentOf) decides what is refused.
 */
import { PDFArray, PDFDict, PDFInvalidObject, PDFName, PDFParser, PDFRawStream, PDFRef, type PDFContext, type PDFObject } from 'pdf-lib';
import { ACTIVE_NAMES, type PdfStructure } from '../domain/content-inspection.js';

/** Objects parsed between yields to the event loop: a large attachment does not stall other requests. */
const OBJECTS_PER_TICK = 200;
/** Nesting deeper than any real PDF needs; deeper is refused rather than walked. */
const MAX_DEPTH = 64;

const ACTIVE = new Set<string>(ACTIVE_NAMES);
/** Names that say "active" as a value (a /Type or /Subtype), not only as a key. */
const ACTIVE_VALUES = new Set(['EmbeddedFile', 'RichMedia']);

/**
 * A name as a reader decodes it. pdf-lib decodes `#XX` only with upper-case hex digits; readers
 * take both cases, so what is left (`#4c`) is decoded here too.
 */
function nameOf(name: PDFName): string {
  return Buffer.from(name.asBytes())
    .toString('latin1')
    .replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A dictionary's entry by its decoded key (a key may be escaped in either case). */
function entry(dict: PDFDict, key: string): PDFObject | undefined {
  for (const [k, v] of dict.entries()) if (nameOf(k) === key) return v;
  return undefined;
}

/** What the parser finds in the file: see PdfStructure. Never throws: a file it cannot read is reported unreadable. */
export async function inspectPdfStructure(bytes: Uint8Array): Promise<PdfStructure> {
  const structure: PdfStructure = { actions: [], activeNames: [], oddTriggers: [] };
  let context: PDFContext;
  try {
    // The parser scans every object in the file, referenced or not, and expands object streams into them.
    context = await PDFParser.forBytesWithOptions(bytes, OBJECTS_PER_TICK, false).parseDocument();
  } catch {
    return { ...structure, unreadable: 'not a PDF the parser can read' };
  }
  if (context.trailerInfo.Encrypt) return { ...structure, unreadable: 'encrypted' };
  const names = new Set<string>();
  const problems = new Set<string>();
  const resolve = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? context.lookup(o) : o);
  const kindOf = (action: PDFObject | undefined): string | undefined => {
    const s = action instanceof PDFDict ? entry(action, 'S') : undefined;
    return s instanceof PDFName ? nameOf(s) : undefined;
  };

  /** An /OpenAction (an action, or a destination array) or one entry of an /AA dictionary. */
  const trigger = (which: 'OpenAction' | 'AA', value: PDFObject | undefined) => {
    const target = resolve(value);
    const kind = kindOf(target);
    if (kind) structure.actions.push({ kind, trigger: which });
    else if (!(which === 'OpenAction' && target instanceof PDFArray)) structure.oddTriggers.push(which);
  };

  const visit = (o: PDFObject | undefined, depth: number): void => {
    if (depth > MAX_DEPTH) {
      problems.add('nested too deeply');
      return;
    }
    if (o instanceof PDFInvalidObject) problems.add('an object the parser could not read');
    else if (o instanceof PDFArray) o.asArray().forEach((v) => visit(v, depth + 1));
    else if (o instanceof PDFRawStream) {
      const type = entry(o.dict, 'Type');
      // pdf-lib expands an object stream it recognises; one still here hides objects from it.
      if (type instanceof PDFName && nameOf(type) === 'ObjStm') problems.add('an object stream the parser could not expand');
      visit(o.dict, depth + 1);
    } else if (o instanceof PDFDict) {
      const kind = kindOf(o);
      if (kind) structure.actions.push({ kind });
      for (const [key, value] of o.entries()) {
        const k = nameOf(key);
        if (ACTIVE.has(k)) names.add(k);
        if (value instanceof PDFName && ACTIVE_VALUES.has(nameOf(value))) names.add(nameOf(value));
        if (k === 'OpenAction') trigger('OpenAction', value);
        if (k === 'AA') {
          const triggers = resolve(value);
          if (triggers instanceof PDFDict) for (const [, action] of triggers.entries()) trigger('AA', action);
          else structure.oddTriggers.push('AA');
        }
        visit(value, depth + 1);
      }
    }
  };
  for (const [, object] of context.enumerateIndirectObjects()) visit(object, 0);
  // The trailer is no indirect object, but names the catalog and may hold a dictionary of its own.
  for (const value of Object.values(context.trailerInfo)) if (value && !(value instanceof PDFRef)) visit(value as PDFObject, 0);
  structure.activeNames = [...names].sort();
  if (problems.size > 0) structure.unreadable = [...problems].sort().join('; ');
  return structure;
}
