/** A supertest parser that keeps a response body as bytes (PDFs, attachments): `.buffer(true).parse(binaryBody)`. */
import type { Response } from 'superagent';

export function binaryBody(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
