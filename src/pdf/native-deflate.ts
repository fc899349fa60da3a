/**
 * pdf-lib compresses page contents, fonts and object streams with pako, a pure-JavaScript zlib.
 * Node's own zlib writes the same format (RFC 1950, the same default level) several times
 * faster, and compression was the largest single cost of a household PDF. This points pdf-lib's
 * pako at it; output stays deterministic (same input, same bytes).
 */
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

let installed = false;

export function useNativeDeflate(): void {
  if (installed) return;
  // The pako instance pdf-lib itself loads, not whichever copy is nearest to us.
  const fromPdfLib = createRequire(createRequire(import.meta.url).resolve('pdf-lib'));
  const pako = fromPdfLib('pako') as { deflate: (data: Uint8Array, options?: { level?: number }) => Uint8Array };
  pako.deflate = (data, options) => zlib.deflateSync(data, { level: options?.level ?? zlib.constants.Z_DEFAULT_COMPRESSION });
  installed = true;
}
