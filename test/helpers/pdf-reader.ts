/** Reads PDFs back the way a user's tools do: poppler's pdftotext, pdftoppm and pdfinfo. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function withFile<T>(bytes: Uint8Array, fn: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, bytes);
    return fn(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Unicode bidi controls that pdftotext wraps right-to-left text in. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text of every page, bidi controls removed and whitespace collapsed, so facts can be found with `includes`. */
export function pdfText(bytes: Uint8Array): string {
  return withFile(bytes, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
    .replace(BIDI_CONTROLS, '')
    .replace(/\s+/g, ' ');
}

/** The text of each page separately (pdftotext ends every page with a form feed). */
export function pdfPageTexts(bytes: Uint8Array): string[] {
  const raw = withFile(bytes, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  return raw
    .split('\f')
    .slice(0, -1)
    .map((p) => p.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' '));
}

export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const out = withFile(bytes, (file) => execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' }));
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

/** Renders every page to PNG; returns how many rendered, and anything poppler complained about. */
export function renderPages(bytes: Uint8Array, dpi = 24): { pages: number; stderr: string; status: number | null } {
  return withFile(bytes, (file, dir) => {
    const r = spawnSync('pdftoppm', ['-r', String(dpi), '-png', file, path.join(dir, 'page')], { encoding: 'utf8' });
    return { pages: fs.readdirSync(dir).filter((f) => f.endsWith('.png')).length, stderr: r.stderr, status: r.status };
  });
}

export interface WordBox {
  page: number;
  word: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word with its bounding box (pdftotext -bbox), and each page's size. */
export function wordBoxes(bytes: Uint8Array): { pages: { width: number; height: number }[]; words: WordBox[] } {
  const html = withFile(bytes, (file) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  const pages: { width: number; height: number }[] = [];
  const words: WordBox[] = [];
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]) });
    else words.push({ page: pages.length, word: m[7]!, xMin: Number(m[3]), yMin: Number(m[4]), xMax: Number(m[5]), yMax: Number(m[6]) });
  }
  return { pages, words };
}
