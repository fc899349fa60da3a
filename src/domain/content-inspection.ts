/**
 * What an attachment is and whether it may be stored: the type its magic bytes show, markup
 * anywhere in its bytes (a polyglot a browser could sniff as HTML), and, from the facts a PDF
 * parser found (pdf/attachment-structure.ts), whether a PDF runs code, programs or requests.
 * Declared media types are never trusted on their own; the rules here are pure.
 */

export type SniffedType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'unknown';

export interface Inspection {
  sniffedType: SniffedType;
  /** Markup or script found anywhere in the bytes of a non-HTML type. */
  polyglot: boolean;
  /** What makes a PDF active (an action kind and where it is), or why it could not be checked. */
  activeContent: string[];
}

/**
 * What a PDF parser found in a file, names decoded (`/Java#53cript` is JavaScript), object
 * streams inflated: every action dictionary (`/S`) and where it sits, and the names that carry
 * scripts, embedded programs or forms whatever dictionary holds them.
 */
export interface PdfStructure {
  /** The parser could not read the file (or it is encrypted): its actions cannot be checked. */
  unreadable?: string;
  /** Each action found: its kind (`/S`), and the trigger that runs it without a click, if any. */
  actions: { kind: string; trigger?: 'OpenAction' | 'AA' }[];
  /** Keys and types that hold active content wherever they appear (JS, JavaScript, EmbeddedFile, RichMedia, XFA). */
  activeNames: string[];
  /** An /OpenAction or /AA entry that is not an action dictionary or a destination (so it cannot be judged). */
  oddTriggers: string[];
}

/** Action kinds refused wherever they are: they run script or programs, send or fetch data, or play embedded media. */
export const REFUSED_ACTIONS = ['JavaScript', 'Launch', 'SubmitForm', 'ImportData', 'ResetForm', 'Rendition', 'RichMediaExecute', 'GoToE', 'Movie', 'Sound'] as const;
/** The only action a file may run on its own (on opening, or an additional action): going to a page of itself. */
const AUTOMATIC_ALLOWED = new Set(['GoTo']);
/** Names that carry active content in whatever dictionary they appear. */
export const ACTIVE_NAMES = ['JS', 'JavaScript', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA'] as const;

/**
 * Why a PDF is refused, in words, or nothing: every refused action kind, any action other than
 * going to a page that runs without a click (/OpenAction, /AA: a URI opened on reading is a
 * request the reader did not make), names that carry script, and a file that cannot be read.
 */
export function activeContentOf(s: PdfStructure): string[] {
  const found = new Set<string>();
  if (s.unreadable) found.add(`unreadable (${s.unreadable}), so its actions cannot be checked`);
  const refused = new Set<string>(REFUSED_ACTIONS);
  for (const a of s.actions) {
    if (refused.has(a.kind)) found.add(`/${a.kind} action`);
    if (a.trigger && !AUTOMATIC_ALLOWED.has(a.kind)) found.add(`/${a.trigger} running /${a.kind}`);
  }
  for (const n of s.activeNames) found.add(`/${n}`);
  for (const t of s.oddTriggers) found.add(`/${t} that is not a plain action`);
  return [...found].sort();
}

const MARKUP = /<\s*(html|script|body|iframe|svg|object|embed)\b/i;
/** Longer than any markup match, so a tag split across two chunks is still seen. */
const OVERLAP = 32;

/** The media type a file's first bytes show (PDF, JPEG, PNG, ...). */
export function sniff(head: Uint8Array): SniffedType {
  const b = head;
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'application/pdf';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return 'unknown';
}

const HEAD_BYTES = 8;

/**
 * Reads a file's bytes as they stream past: its type from the first bytes, markup anywhere (a
 * browser sniffs far past the first kilobyte), and, for a PDF, the whole file kept for the parser
 * (bounded by the attachment size limit the upload enforces).
 */
export class ContentInspector {
  private head = Buffer.alloc(0);
  private tail = '';
  private markup = false;
  private readonly chunks: Buffer[] = [];

  update(chunk: Buffer): void {
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    // Only a PDF is parsed: other types' bytes are not kept once their first bytes say what they are.
    if (this.head.length < HEAD_BYTES || this.sniffedType === 'application/pdf') this.chunks.push(chunk);
    else this.chunks.length = 0;
    if (this.markup) return;
    // latin1 maps bytes 1:1 to characters, so ASCII markup in binary files is found as-is.
    const text = this.tail + chunk.toString('latin1');
    this.markup = MARKUP.test(text);
    this.tail = text.slice(-OVERLAP);
  }

  get sniffedType(): SniffedType {
    return sniff(this.head);
  }

  /** The whole file, for a PDF parser (only a PDF's bytes are worth parsing). */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** The inspection, given what the PDF parser found (for a PDF; other types have no actions). */
  result(structure?: PdfStructure): Inspection {
    const sniffedType = this.sniffedType;
    return {
      sniffedType,
      polyglot: sniffedType !== 'unknown' && this.markup,
      activeContent: sniffedType !== 'application/pdf' ? [] : structure ? activeContentOf(structure) : ['not checked by a PDF parser'],
    };
  }
}
