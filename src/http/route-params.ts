/** What the read routers share: the handover id from the path, and how a rendered PDF is answered. */
import type { Response } from 'express';
import { notFound } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The path's {handoverId}; a malformed one is simply unknown: 404, never a 500. */
export function handoverIdOf(path: Record<string, string>): string {
  const id = String(path.handoverId);
  if (!UUID.test(id)) throw notFound('no such handover');
  return id;
}

/** A rendered PDF, inline under its file name, never cached. */
export function sendPdf(res: Response, pdf: { bytes: Uint8Array; filename: string }): void {
  res
    .status(200)
    .set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${pdf.filename}"`, 'Cache-Control': 'no-store', 'Content-Length': String(pdf.bytes.length) })
    .end(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength));
}
