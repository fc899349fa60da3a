/**
 * Demo data for `npm start` on an empty embedded database: the fixtures' organisations, demo
 * keys and credentials (written to HANDOVER_DATA_DIR/demo, marked demo-only), and every valid
 * handover fixture submitted through the real submission path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { UploadedFile } from '../domain/attachment-manifest.js';
import type { Caller, Organisation, Role, SigningAlgorithm } from '../domain/organisations.js';
import type { generateSigningKey, signDocument } from '../signing/document-signing.js';
import { registerSigningKey } from './admin.js';
import { issueCredential } from './credentials.js';
import type { AdminDeps } from './admin.js';
import { HANDOVER_TYP, storeHandoverVersion, type SubmissionDeps } from './submit-handover.js';
import type { AttachmentFiles } from './ports/attachments.js';
import type { Organisations } from './ports/organisations.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

const ORGANISATIONS: (Omit<Organisation, 'createdAt'> & { role: Role; alg?: SigningAlgorithm })[] = [
  { id: 'service', type: 'service', name: 'handover-exchange', role: 'admin' },
  { id: 'drk-asylum', type: 'asylum-centre-operator', name: 'Dansk Røde Kors Asylafdeling', role: 'sender', alg: 'ES256' },
  { id: 'iom-kampala', type: 'iom-mission', name: 'IOM Kampala', role: 'sender', alg: 'EdDSA' },
  { id: 'kk-101', type: 'municipality', name: 'Københavns Kommune', municipalityCode: '101', role: 'municipality' },
  { id: 'holbaek-316', type: 'municipality', name: 'Holbæk Kommune', municipalityCode: '316', role: 'municipality' },
  { id: 'odense-461', type: 'municipality', name: 'Odense Kommune', municipalityCode: '461', role: 'municipality' },
  { id: 'varde-573', type: 'municipality', name: 'Varde Kommune', municipalityCode: '573', role: 'municipality' },
  { id: 'horsens-615', type: 'municipality', name: 'Horsens Kommune', municipalityCode: '615', role: 'municipality' },
  { id: 'randers-730', type: 'municipality', name: 'Randers Kommune', municipalityCode: '730', role: 'municipality' },
  { id: 'aarhus-751', type: 'municipality', name: 'Aarhus Kommune', municipalityCode: '751', role: 'municipality' },
  { id: 'aarhus-sundhedspleje', type: 'health-visitors', name: 'Sundhedsplejen, Aarhus Kommune', municipalityCode: '751', role: 'child-services' },
  { id: 'aarhus-ppr', type: 'school-psychology', name: 'PPR, Aarhus Kommune', municipalityCode: '751', role: 'child-services' },
  { id: 'gp-horsens-1', type: 'gp-practice', name: 'Lægerne i Søndergade, Horsens', role: 'gp' },
];

export interface DemoDeps {
  organisations: Organisations;
  /** How demo keys are made and demo handovers signed (signing/document-signing.ts). */
  demoSigning: { generateSigningKey: typeof generateSigningKey; signDocument: typeof signDocument };
  admin: AdminDeps;
  attachments: AttachmentFiles;
  submission: SubmissionDeps;
  clock: () => Date;
}

/** Loads the demo into an empty database; does nothing when any organisation exists. */
export async function loadDemoData(d: DemoDeps, dir: string): Promise<{ organisations: number; handovers: number; credentialsFile: string } | undefined> {
  if ((await d.organisations.countOrganisations()) > 0) return undefined;
  const now = d.clock();
  fs.mkdirSync(path.join(dir, 'keys'), { recursive: true, mode: 0o700 });
  const credentials: Record<string, { role: Role; token: string }> = {};
  const keys: Record<string, string> = {};
  for (const o of ORGANISATIONS) {
    const { role, alg, ...organisation } = o;
    await d.organisations.createOrganisation({ ...organisation, createdAt: now });
    credentials[o.id] = { role, token: (await issueCredential(d.organisations, { organisationId: o.id, role, label: 'demo' }, now)).token };
    if (alg) {
      const { privateJwk, publicJwk } = await d.demoSigning.generateSigningKey(alg, `${o.id}-demo-1`);
      const file = path.join(dir, 'keys', `${o.id}.demo-only.private.jwk.json`);
      fs.writeFileSync(file, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 });
      keys[o.id] = file;
      await registerSigningKey(d.admin, o.id, { jwk: publicJwk, alg }, now);
    }
  }
  // The audit log is read by an auditor, a role of the service itself, not by its admin.
  credentials['service-auditor'] = { role: 'auditor', token: (await issueCredential(d.organisations, { organisationId: 'service', role: 'auditor', label: 'demo' }, now)).token };
  const credentialsFile = path.join(dir, 'credentials.demo-only.json');
  fs.writeFileSync(credentialsFile, `${JSON.stringify({ note: 'Demo credentials for a local demo database. Never use in production.', credentials, keys }, null, 2)}\n`, { mode: 0o600 });

  let handovers = 0;
  for (const file of fs.readdirSync(path.join(FIXTURES, 'valid')).sort()) {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'valid', file));
    const doc = JSON.parse(bytes.toString('utf8')) as { documentType: string; sender?: { organisationId: string }; attachments?: { filename: string }[] };
    if (doc.documentType !== 'handover' || !doc.sender || !keys[doc.sender.organisationId]) continue;
    const org = doc.sender.organisationId;
    const privateJwk = JSON.parse(fs.readFileSync(keys[org]!, 'utf8'));
    const jws = await d.demoSigning.signDocument(bytes, privateJwk, HANDOVER_TYP);
    const uploads: UploadedFile[] = [];
    for (const a of doc.attachments ?? []) {
      const content = fs.readFileSync(path.join(FIXTURES, 'attachments', file.replace(/\.json$/, ''), a.filename));
      const stored = await d.attachments.write(Readable.from([content]), a.filename, now);
      uploads.push({ ...stored, clientFilename: a.filename });
    }
    const caller: Caller = { credentialId: 'demo-loader', organisationId: org, organisationType: org === 'iom-kampala' ? 'iom-mission' : 'asylum-centre-operator', role: 'sender' };
    await storeHandoverVersion(d.submission, caller, { bytes: Buffer.from(jws), serialization: 'compact' }, uploads);
    handovers++;
  }
  return { organisations: ORGANISATIONS.length, handovers, credentialsFile };
}
