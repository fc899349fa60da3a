/**
 * What the benchmark stands on: its own database (the service's resolution: MONGODB_URI, mongod
 * or the embedded FerretDB) on a temp dir, organisations with ES256, EdDSA and PS256 keys, and the
 * service as a child process on a free port, so its memory and CPU are its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { loadConfig, type Config } from '../src/config.js';
import { buildDeps, type Deps } from '../src/deps.js';
import { resolveDatabaseFor } from '../src/store.js';
import { createLogger } from '../src/logger.js';
import type { SigningAlgorithm } from '../src/domain/organisations.js';
import { registerSigningKey } from '../src/services/admin.js';
import { issueCredential } from '../src/services/credentials.js';
import { loadServiceSigner } from '../src/signing/service-signer.js';
import { findFreePort } from '../src/database-process/free-port.js';
import type { ResolvedDatabase } from '../src/database-process/resolve-database.js';

export const ALGS: SigningAlgorithm[] = ['ES256', 'EdDSA', 'PS256'];

export interface BenchKey {
  alg: SigningAlgorithm;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface Bench {
  dir: string;
  database: ResolvedDatabase;
  env: Record<string, string>;
  config: Config;
  deps: Deps;
  keys: Record<string, BenchKey>;
  senderToken: string;
  municipalityToken: string;
  /** Another sender's credential and key (the flood's source in the fair-limits row). */
  flooder: { token: string; key: BenchKey };
  close(): Promise<void>;
}

export const SENDER = 'bench-sender';
export const FLOODER = 'bench-flooder';
export const MUNICIPALITY = { id: 'bench-aarhus', code: '751' };

/** A database of the benchmark's own (the embedded default, or the given embedded backend) with a sender, a municipality and keys. */
export async function startBench(embeddedBackend?: 'postgresql' | 'sqlite'): Promise<Bench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-bench-'));
  // Its own PostgreSQL runs as the postgres user when the benchmark runs as root: it must reach the data dir inside.
  fs.chmodSync(dir, 0o711);
  const database = await resolveDatabaseFor(loadConfig({ ...process.env, HANDOVER_DATA_DIR: path.join(dir, 'db'), ...(embeddedBackend ? { HANDOVER_EMBEDDED_BACKEND: embeddedBackend } : {}) }));
  const keyFile = path.join(dir, 'service-signing-key.bench-only.private.jwk.json');
  await loadServiceSigner(keyFile, { generateIfMissing: true });
  const env = {
    MONGODB_URI: database.uri,
    ...(database.postgresUrl ? { HANDOVER_POSTGRES_URL: database.postgresUrl } : {}),
    // One of its own per run and per section: on a PostgreSQL server given by HANDOVER_POSTGRES_URL, names outlive the run.
    HANDOVER_DB_NAME: `bench-${path.basename(dir).slice(-6)}`,
    HANDOVER_DATA_DIR: path.join(dir, 'data'),
    HANDOVER_SERVICE_KEY_FILE: keyFile,
    HANDOVER_LOG_LEVEL: 'error',
    HANDOVER_DEMO_DATA: 'off',
    // The retention job's first run files every handover seeded in bulk: not what a request costs.
    HANDOVER_RETENTION_EVERY_MS: '0',
    // Entries are listed at once: the benchmark pages a feed that is complete.
    HANDOVER_FEED_SETTLE_MS: '0',
    // The benchmark measures the process's capacity from one client: per-caller limits lifted.
    HANDOVER_SUBMISSIONS_PER_SECOND_PER_CREDENTIAL: '100000',
    HANDOVER_SUBMISSIONS_PER_SECOND_PER_ORGANISATION: '100000',
    HANDOVER_MAX_CONCURRENT_PER_CREDENTIAL: '10000',
    HANDOVER_READS_PER_SECOND_PER_CREDENTIAL: '100000',
    HANDOVER_MAX_CONCURRENT_READS_PER_CREDENTIAL: '10000',
    HANDOVER_VALIDATIONS_PER_SECOND_PER_ADDRESS: '100000',
    HANDOVER_MAX_CONCURRENT_VALIDATIONS_PER_ADDRESS: '10000',
  };
  const config = loadConfig(env);
  const deps = await buildDeps(config, createLogger('error'), database);
  // Deliveries as in service; the sequencer and derivations are left to the runs that measure them.
  deps.dispatcher.start();
  const now = new Date();
  await deps.organisations.createOrganisation({ id: SENDER, type: 'asylum-centre-operator', name: 'Benchmark sender', createdAt: now });
  await deps.organisations.createOrganisation({ id: MUNICIPALITY.id, type: 'municipality', name: 'Aarhus Kommune', municipalityCode: MUNICIPALITY.code, createdAt: now });
  const keys: Record<string, BenchKey> = {};
  for (const alg of ALGS) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'PS256' ? { modulusLength: 2048 } : {}) });
    const kid = `bench-${alg.toLowerCase()}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid };
    await registerSigningKey(deps.admin, SENDER, { jwk: publicJwk, alg }, now);
    keys[alg] = { alg, kid, privateKey, publicJwk };
  }
  const senderToken = (await issueCredential(deps.organisations, { organisationId: SENDER, role: 'sender', label: 'bench' }, now)).token;
  // A second sender with a key of its own: the client whose flood the fair limits hold back.
  await deps.organisations.createOrganisation({ id: FLOODER, type: 'asylum-centre-operator', name: 'Benchmark flooding sender', createdAt: now });
  const flooderPair = await generateKeyPair('ES256', { extractable: true });
  const flooderKey: BenchKey = { alg: 'ES256', kid: 'bench-flooder-es256', privateKey: flooderPair.privateKey, publicJwk: { ...(await exportJWK(flooderPair.publicKey)), kid: 'bench-flooder-es256' } };
  await registerSigningKey(deps.admin, FLOODER, { jwk: flooderKey.publicJwk, alg: 'ES256' }, now);
  const flooder = { token: (await issueCredential(deps.organisations, { organisationId: FLOODER, role: 'sender', label: 'bench' }, now)).token, key: flooderKey };
  const municipalityToken = (await issueCredential(deps.organisations, { organisationId: MUNICIPALITY.id, role: 'municipality', label: 'bench' }, now)).token;
  return {
    dir,
    database,
    env,
    config,
    deps,
    keys,
    senderToken,
    municipalityToken,
    flooder,
    async close() {
      // Its own database goes with it (on a shared PostgreSQL server it would stay otherwise).
      await deps.db.connection.dropDatabase();
      await deps.close();
      await database.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A handover from a fixture with a fresh id, addressed to the benchmark's municipality, as the benchmark sender. */
export function freshHandover(fixture: Record<string, any>): Record<string, any> {
  const doc = structuredClone(fixture);
  doc.handoverId = crypto.randomUUID();
  doc.sender.organisationId = SENDER;
  doc.recipient.municipalityCode = MUNICIPALITY.code;
  return doc;
}

export async function signHandover(doc: unknown, key: BenchKey): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(doc))).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'handover+jws' }).sign(key.privateKey);
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Peak resident memory so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** The per-caller limits the benchmark lifts; a service started with `perCallerLimits` has the defaults, with these changes. */
const LIFTED_LIMITS = [
  'HANDOVER_SUBMISSIONS_PER_SECOND_PER_CREDENTIAL',
  'HANDOVER_SUBMISSIONS_PER_SECOND_PER_ORGANISATION',
  'HANDOVER_MAX_CONCURRENT_PER_CREDENTIAL',
  'HANDOVER_READS_PER_SECOND_PER_CREDENTIAL',
  'HANDOVER_MAX_CONCURRENT_READS_PER_CREDENTIAL',
  'HANDOVER_VALIDATIONS_PER_SECOND_PER_ADDRESS',
  'HANDOVER_MAX_CONCURRENT_VALIDATIONS_PER_ADDRESS',
];

export async function startService(bench: Bench, o: { perCallerLimits?: Record<string, string>; env?: Record<string, string> } = {}): Promise<ServiceProcess> {
  const port = await findFreePort();
  const benchEnv = { ...Object.fromEntries(Object.entries(bench.env).filter(([k]) => !(o.perCallerLimits && LIFTED_LIMITS.includes(k)))), ...o.perCallerLimits, ...o.env };
  // BENCH_SERVICE_CPU_PROF_DIR: each service writes a V8 CPU profile there when it stops (where its time goes).
  const profileDir = process.env.BENCH_SERVICE_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, 'build/main.js'], { env: { ...process.env, ...benchEnv, PORT: String(port), HANDOVER_STOP_WITH_PARENT: 'true' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 900) throw new Error('the service did not become ready in 90 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    peakRssMiB() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
