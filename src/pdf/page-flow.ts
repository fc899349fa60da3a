/**
 * Lays content out top to bottom over as many A4 pages as it needs: headings kept with what
 * follows, wrapped paragraphs, label/value rows, tables whose header repeats on every page they
 * continue on, and notices. Nothing is drawn outside the content box: text wraps, and rows too
 * tall for the rest of a page continue on the next.
 */
import type { PDFDocument, PDFPage, RGB } from 'pdf-lib';
import type { Face } from './fonts.js';
import { columnWidths } from './column-widths.js';
import { A4, COLORS, type Column, type Margins, type TextStyle, type Tone } from './page-style.js';
import type { DocumentText } from './text.js';


const LEADING = 1.3;

/** A heading or caption waiting to be drawn together with the first lines of what follows it. */
interface Pending {
  /** Space above it, left out at the top of a page. */
  before: number;
  height: number;
  draw: () => void;
}

export class PageFlow {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  /** Headings are drawn only when what follows them is: they never stand alone at the foot of a page. */
  private pending: Pending[] = [];

  constructor(
    private readonly doc: PDFDocument,
    readonly text: DocumentText,
    private readonly margins: Margins,
    private readonly base: { size: number } = { size: 9 },
  ) {
    this.newPage();
  }

  get left(): number {
    return this.margins.left;
  }

  get contentWidth(): number {
    return A4[0] - this.margins.left - this.margins.right;
  }

  private get bottom(): number {
    return this.margins.bottom;
  }

  private get remaining(): number {
    return this.y - this.bottom;
  }

  private get atTop(): boolean {
    return this.y >= A4[1] - this.margins.top;
  }

  newPage(): void {
    this.drawPending(0);
    this.addPage();
  }

  private addPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - this.margins.top;
  }

  /** Starts a new page unless `height` (and any heading waiting for it) still fits on this one. */
  ensure(height: number): void {
    if (this.pending.length > 0) this.drawPending(height);
    else if (height > this.remaining && !this.atTop) this.addPage();
  }

  /**
   * Draws the waiting headings where `next` (the height of the first lines that follow them) fits
   * under them: on this page if all fit, else at the top of the next.
   */
  private drawPending(next: number): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    const height = pending.reduce((s, p, i) => s + p.height + (i > 0 || !this.atTop ? p.before : 0), 0);
    if (height + next > this.remaining && !this.atTop) this.addPage();
    for (const p of pending) {
      if (!this.atTop) this.y -= p.before;
      p.draw();
    }
  }

  space(height: number): void {
    if (this.remaining > height) this.y -= height;
    else this.newPage();
  }

  /** Draws one already-wrapped line with its top at `top`. */
  private drawLine(line: string, x: number, top: number, face: Face, size: number, color: RGB): void {
    let cursor = x;
    const baseline = top - size;
    for (const run of this.text.shape(line, face, size)) {
      this.page.drawText(run.text, { x: cursor, y: baseline, size, font: run.font, color });
      cursor += run.width;
    }
  }

  heading(text: string, level: 1 | 2 | 3 | 4): void {
    const size = [0, 15, 12.5, 10.5, 9.5][level]!;
    const before = [0, 10, 12, 8, 6][level]!;
    const lines = this.text.wrap(text, 'bold', size, this.contentWidth);
    const after = level <= 2 ? 4 : 2;
    // Drawn with the first lines of what follows (see drawPending), never alone at a page's foot.
    this.pending.push({
      before,
      height: lines.length * size * LEADING + after,
      draw: () => {
        for (const line of lines) {
          this.drawLine(line, this.left, this.y, 'bold', size, COLORS.text);
          this.y -= size * LEADING;
        }
        if (level <= 2) this.page.drawLine({ start: { x: this.left, y: this.y + 2 }, end: { x: this.left + this.contentWidth, y: this.y + 2 }, thickness: level === 1 ? 1.2 : 0.6, color: COLORS.rule });
        this.y -= after;
      },
    });
  }

  /** A bold line that introduces a table or list: kept with its first rows, as a heading is. */
  caption(text: string, size = 8.5): void {
    const lines = this.text.wrap(text, 'bold', size, this.contentWidth);
    this.pending.push({
      before: 0,
      height: lines.length * size * LEADING + 2,
      draw: () => {
        for (const line of lines) {
          this.drawLine(line, this.left, this.y, 'bold', size, COLORS.text);
          this.y -= size * LEADING;
        }
        this.y -= 2;
      },
    });
  }

  paragraph(text: string, style: TextStyle & { indent?: number } = {}): void {
    const face = style.face ?? 'regular';
    const size = style.size ?? this.base.size;
    const indent = style.indent ?? 0;
    const lines = this.text.wrap(text, face, size, this.contentWidth - indent);
    // A heading above keeps up to three lines of the paragraph with it.
    this.drawPending(Math.min(lines.length, 3) * size * LEADING);
    for (const line of lines) {
      this.ensure(size * LEADING);
      this.drawLine(line, this.left + indent, this.y, face, size, style.color ?? COLORS.text);
      this.y -= size * LEADING;
    }
    this.y -= 2;
  }

  /** Label/value rows: the label in a narrow muted column, the value beside it. */
  fields(rows: readonly (readonly [string, string])[], options: { indent?: number; labelShare?: number; valueFace?: Face } = {}): void {
    const indent = options.indent ?? 0;
    const width = this.contentWidth - indent;
    const labelWidth = width * (options.labelShare ?? 0.32);
    this.rows(
      [
        { header: '', weight: labelWidth, face: 'regular' },
        { header: '', weight: width - labelWidth, face: options.valueFace ?? 'regular' },
      ],
      rows.map(([l, v]) => [l, v]),
      { indent, header: false, muteFirst: true, rules: false },
    );
  }

  table(columns: readonly Column[], rows: readonly (readonly string[])[], options: { indent?: number; size?: number } = {}): void {
    this.rows(columns, rows, { indent: options.indent ?? 0, header: true, muteFirst: false, rules: true, ...(options.size ? { size: options.size } : {}) });
  }

  private rows(
    columns: readonly Column[],
    rows: readonly (readonly string[])[],
    options: { indent: number; header: boolean; muteFirst: boolean; rules: boolean; size?: number },
  ): void {
    const size = options.size ?? this.base.size;
    const lineHeight = size * LEADING;
    const pad = options.rules ? 3 : 1.5;
    const width = this.contentWidth - options.indent;
    const widths = columnWidths(columns, rows, { width, pad, measure: (word, face) => this.text.width(word, face, size) });
    const xs = widths.map((_, i) => this.left + options.indent + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const headerLines = columns.map((c, i) => this.text.wrap(c.header, 'bold', size, widths[i]! - 2 * pad));
    const headerHeight = Math.max(...headerLines.map((l) => l.length)) * lineHeight + 2 * pad;

    const drawHeader = () => {
      if (!options.header) return;
      this.page.drawRectangle({ x: xs[0]!, y: this.y - headerHeight, width, height: headerHeight, color: COLORS.headerFill });
      headerLines.forEach((lines, i) => lines.forEach((line, n) => this.drawLine(line, xs[i]! + pad, this.y - pad - n * lineHeight, 'bold', size, COLORS.text)));
      this.y -= headerHeight;
    };

    // Header plus the first row (up to three lines) must fit, or the table (and its heading) starts on the next page.
    const firstRow = rows[0] ? Math.min(3, Math.max(1, ...columns.map((c, i) => this.text.wrap(rows[0]![i] ?? '', c.face ?? 'regular', size, widths[i]! - 2 * pad).length))) : 1;
    this.ensure((options.header ? headerHeight : 0) + firstRow * lineHeight + 2 * pad);
    drawHeader();
    for (const row of rows) {
      let cells = columns.map((c, i) => this.text.wrap(row[i] ?? '', c.face ?? 'regular', size, widths[i]! - 2 * pad));
      while (cells.some((c) => c.length > 0)) {
        const tallest = Math.max(...cells.map((c) => c.length));
        let fit = Math.floor((this.remaining - 2 * pad) / lineHeight);
        // Move a row that would be cut to its next page whole, unless it alone is taller than a page.
        if (fit < Math.min(tallest, 3)) {
          this.addPage();
          drawHeader();
          fit = Math.floor((this.remaining - 2 * pad) / lineHeight);
        }
        const take = Math.min(tallest, Math.max(fit, 1));
        const height = take * lineHeight + 2 * pad;
        cells.forEach((lines, i) => {
          const face = columns[i]!.face ?? 'regular';
          const color = options.muteFirst && i === 0 ? COLORS.muted : COLORS.text;
          lines.slice(0, take).forEach((line, n) => this.drawLine(line, xs[i]! + pad, this.y - pad - n * lineHeight, face, size, color));
        });
        this.y -= height;
        if (options.rules) this.page.drawLine({ start: { x: xs[0]!, y: this.y }, end: { x: xs[0]! + width, y: this.y }, thickness: 0.4, color: COLORS.rule });
        cells = cells.map((c) => c.slice(take));
      }
    }
    this.y -= 4;
  }

  /** A boxed message with a coloured bar: missing consent, sections not assessed, urgent matters. */
  notice(text: string, tone: Tone, options: { indent?: number; face?: Face } = {}): void {
    const indent = options.indent ?? 0;
    const size = this.base.size;
    const lineHeight = size * LEADING;
    const pad = 4;
    const face = options.face ?? 'regular';
    const x = this.left + indent;
    const width = this.contentWidth - indent;
    const [bar, fill] = tone === 'alert' ? [COLORS.alert, COLORS.alertFill] : tone === 'warning' ? [COLORS.warning, COLORS.warningFill] : [COLORS.info, COLORS.infoFill];
    let lines = this.text.wrap(text, face, size, width - 3 * pad - 3);
    this.ensure(Math.min(lines.length, 3) * lineHeight + 2 * pad + 4);
    while (lines.length > 0) {
      const fit = Math.max(1, Math.floor((this.remaining - 2 * pad) / lineHeight));
      const chunk = lines.slice(0, fit);
      const height = chunk.length * lineHeight + 2 * pad;
      this.page.drawRectangle({ x, y: this.y - height, width, height, color: fill });
      this.page.drawRectangle({ x, y: this.y - height, width: 3, height, color: bar });
      chunk.forEach((line, n) => this.drawLine(line, x + 3 + 2 * pad, this.y - pad - n * lineHeight, face, size, COLORS.text));
      this.y -= height + 4;
      lines = lines.slice(fit);
      if (lines.length > 0) this.addPage();
    }
  }

  /** Draws on every page once the page count is known (headers and footers). */
  stamp(draw: (page: PDFPage, index: number, total: number, drawText: (text: string, x: number, top: number, style: TextStyle & { align?: 'left' | 'right'; maxWidth?: number }) => void) => void): void {
    // A heading with nothing after it is still drawn (before the page count is taken).
    this.drawPending(0);
    this.pages.forEach((page, index) => {
      const drawText = (text: string, x: number, top: number, style: TextStyle & { align?: 'left' | 'right'; maxWidth?: number }) => {
        const face = style.face ?? 'regular';
        const maxWidth = style.maxWidth ?? this.contentWidth;
        // Header and footer lines shrink to fit rather than lose their end; below 5 pt they wrap and keep the first line.
        let size = style.size ?? 7;
        while (size > 5 && this.text.width(text, face, size) > maxWidth) size -= 0.25;
        const [line = ''] = this.text.wrap(text, face, size, maxWidth);
        const width = this.text.width(line, face, size);
        const previous = this.page;
        this.page = page;
        this.drawLine(line, style.align === 'right' ? x - width : x, top, face, size, style.color ?? COLORS.muted);
        this.page = previous;
      };
      draw(page, index, this.pages.length, drawText);
    });
  }
}
