/**
 * Looks at an attachment's bytes as they stream past: what type the magic bytes say it is,
 * whether it also carries HTML/script (a polyglot), and whether a PDF has active content
 * (JavaScript, launch actions). Declared media types are never trusted on their own.
 */

export type SniffedType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'unknown';

export interface Inspection {
  sniffedType: SniffedType;
  /** Markup or script found in the first bytes of a non-HTML type. */
  polyglot: boolean;
  /** PDF names that run code or programs when the file is opened. */
  activeContent: string[];
}

const HEAD_BYTES = 1024;
const PDF_ACTIVE = ['/JavaScript', '/JS', '/Launch', '/EmbeddedFile', '/RichMedia', '/SubmitForm', '/ImportData'];
const MARKUP = /<\s*(html|script|body|iframe|svg|object|embed)\b/i;
/** Longest pattern, so a name split across two chunks is still seen. */
const OVERLAP = Math.max(...PDF_ACTIVE.map((p) => p.length));

/** The media type a file's first bytes show (PDF, JPEG, PNG, ...), and whether they carry markup or PDF actions. */
export function sniff(head: Uint8Array): SniffedType {
  const b = head;
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'application/pdf';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return 'unknown';
}

export class ContentInspector {
  private head = Buffer.alloc(0);
  private tail = '';
  private readonly active = new Set<string>();

  update(chunk: Buffer): void {
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    // latin1 maps bytes 1:1 to characters, so ASCII names in binary PDFs are found as-is.
    const text = this.tail + chunk.toString('latin1');
    for (const name of PDF_ACTIVE) {
      // "/JS" must not match inside "/JSomething"; check the following character.
      let at = text.indexOf(name);
      while (at !== -1) {
        const next = text.charCodeAt(at + name.length);
        if (Number.isNaN(next) || !/[A-Za-z0-9]/.test(String.fromCharCode(next))) this.active.add(name);
        at = text.indexOf(name, at + 1);
      }
    }
    this.tail = text.slice(-OVERLAP);
  }

  result(): Inspection {
    const sniffedType = sniff(this.head);
    return {
      sniffedType,
      polyglot: sniffedType !== 'unknown' && MARKUP.test(this.head.toString('latin1')),
      activeContent: sniffedType === 'application/pdf' ? [...this.active].sort() : [],
    };
  }
}
