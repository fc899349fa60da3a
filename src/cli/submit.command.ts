/**
 * `handover submit FILE --attach path:personRef:category ... --url URL --credential TOKEN --key KEY`:
 * completes the attachment manifest from the files, signs, uploads (multipart) and prints the receipt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { cliCredentialFromEnvironment } from '../config.js';
import { sha256Hex } from '../domain/crypto.js';
import type { ManifestEntry } from '../domain/attachment-manifest.js';
import { sniff } from '../domain/content-inspection.js';
import { signDocument } from '../signing/document-signing.js';
import { typFor } from './sign.command.js';
import { CliError, readJsonFile, requireOption } from './io.js';

export const SUBMIT_USAGE =
  'handover submit FILE [--attach PATH:PERSONREF:CATEGORY ...] --url URL --key PRIVATE_JWK_FILE [--credential TOKEN | env HANDOVER_CREDENTIAL] [--out RECEIPT_FILE] [--save-jws FILE]';

/** Adds each file to the manifest, or checks it against an entry the document already has. */
export function completeManifest(doc: { attachments?: ManifestEntry[] }, files: { file: string; bytes: Buffer; personRef: string; category: string }[]): void {
  doc.attachments ??= [];
  for (const f of files) {
    const filename = path.basename(f.file);
    const sha256 = sha256Hex(f.bytes);
    const existing = doc.attachments.find((a) => a.filename === filename);
    if (existing) {
      if (existing.sha256 !== sha256 || existing.size !== f.bytes.length) throw new CliError(`${f.file}: differs from the manifest entry for ${filename} (size or SHA-256)`);
      continue;
    }
    const mediaType = sniff(f.bytes.subarray(0, 16));
    if (mediaType === 'unknown') throw new CliError(`${f.file}: not a PDF, PNG or JPEG file`);
    let n = doc.attachments.length + 1;
    while (doc.attachments.some((a) => a.attachmentRef === `A${n}`)) n++;
    doc.attachments.push({ attachmentRef: `A${n}`, filename, mediaType, size: f.bytes.length, sha256, personRef: f.personRef, category: f.category });
  }
}

export async function submitCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { attach: { type: 'string', multiple: true, default: [] }, url: { type: 'string' }, credential: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' }, 'save-jws': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new CliError(`usage: ${SUBMIT_USAGE}`, 2);
  const url = requireOption(values, 'url').replace(/\/$/, '');
  const credential = values.credential ?? cliCredentialFromEnvironment();
  if (!credential) throw new CliError('--credential or HANDOVER_CREDENTIAL is required', 2);
  const key = readJsonFile<JWK>(requireOption(values, 'key'));
  const doc = readJsonFile<{ attachments?: ManifestEntry[] }>(positionals[0]!);
  const files = (values.attach as string[]).map((spec) => {
    const [file, personRef, category] = spec.split(':');
    if (!file || !personRef || !category) throw new CliError(`--attach ${spec}: use PATH:PERSONREF:CATEGORY`, 2);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      throw new CliError(`${file}: cannot read`, 2);
    }
    return { file, bytes, personRef, category };
  });
  completeManifest(doc, files);
  const jws = await signDocument(Buffer.from(JSON.stringify(doc), 'utf8'), key, typFor(doc));
  // Keep the signed bytes: with the receipt they prove what was handed over.
  if (values['save-jws']) fs.writeFileSync(values['save-jws'], jws);

  const form = new FormData();
  form.append('jws', jws);
  for (const f of files) {
    const entry = doc.attachments!.find((a) => a.filename === path.basename(f.file))!;
    form.append('attachments', new Blob([f.bytes], { type: entry.mediaType }), entry.filename);
  }
  let res: Response;
  try {
    res = await fetch(`${url}/v1/handovers`, { method: 'POST', headers: { Authorization: `Bearer ${credential}` }, body: form });
  } catch (err) {
    throw new CliError(`cannot reach ${url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) {
    process.stderr.write(`rejected (${res.status}):\n${text}\n`);
    return 1;
  }
  if (values.out) fs.writeFileSync(values.out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  process.stderr.write(res.status === 201 ? 'accepted\n' : 'already accepted earlier: this is the original receipt\n');
  return 0;
}
