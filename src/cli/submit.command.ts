/**
 * `handover submit FILE --attach path:personRef:category ... --url URL --credential TOKEN --key KEY`:
 * completes the attachment manifest from the files, signs, uploads (multipart) and prints the receipt.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { cliCredentialFromEnvironment } from '../config.js';
import { sha256Hex } from '../domain/crypto.js';
import type { ManifestEntry } from '../domain/attachment-manifest.js';
import { sniff } from '../domain/content-inspection.js';
import { signDocument } from '../signing/document-signing.js';
import { typFor } from './sign.command.js';
import { collect, defineAction, type CliRun } from './command-kit.js';
import { CliError, readJsonFile } from './io.js';

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

export function registerSubmit(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('submit')
      .description('complete the attachment manifest from the files, sign, upload (multipart) and print the signed receipt')
      .argument('<file>', 'the handover document (JSON)')
      .option('--attach <path:personRef:category>', 'a file to attach (repeatable)', collect, [])
      .requiredOption('--url <url>', 'the service, e.g. https://handover.example.dk')
      .requiredOption('--key <file>', "the organisation's private JWK")
      .option('--credential <token>', 'the sender credential (default: env HANDOVER_CREDENTIAL)')
      .option('--out <file>', 'also write the receipt to a file')
      .option('--save-jws <file>', 'keep the signed submission (with the receipt it proves what was handed over)'),
    run,
    { 0: 'accepted (201), or accepted earlier (200: the original receipt)', 1: 'rejected by the service (its problem printed) or the service cannot be reached', 2: 'usage error or unreadable input' },
    (file: string, o: SubmitOptions) => submit(file, o),
  );
}

interface SubmitOptions {
  attach: string[];
  url: string;
  key: string;
  credential?: string;
  out?: string;
  saveJws?: string;
}

async function submit(docFile: string, o: SubmitOptions): Promise<number> {
  const url = o.url.replace(/\/$/, '');
  const credential = o.credential ?? cliCredentialFromEnvironment();
  if (!credential) throw new CliError('--credential or HANDOVER_CREDENTIAL is required', 2);
  const key = readJsonFile<JWK>(o.key);
  const doc = readJsonFile<{ attachments?: ManifestEntry[] }>(docFile);
  const files = o.attach.map((spec) => {
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
  if (o.saveJws) fs.writeFileSync(o.saveJws, jws);

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
  if (o.out) fs.writeFileSync(o.out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  process.stderr.write(res.status === 201 ? 'accepted\n' : 'already accepted earlier: this is the original receipt\n');
  return 0;
}
