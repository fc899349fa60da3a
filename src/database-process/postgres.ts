/**
 * PostgreSQL for the embedded FerretDB: a server given by URL, or a cluster the service
 * initialises and runs itself under its data dir when PostgreSQL's server binaries are installed.
 */
import { spawn } from 'node:child_process';
import { randomToken, sha256Hex } from '../domain/crypto.js';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startDatabaseProcess, type DatabaseProcess } from './database-process.js';
import { findExecutable } from './find-executable.js';
import { findFreePort } from './free-port.js';

/** The database the service keeps its data in when it runs its own cluster. */
export const OWN_CLUSTER_DATABASE = 'handover';
const OWN_CLUSTER_USER = 'handover';

/**
 * Where initdb and postgres are: on PATH, else in Debian's versioned library directory
 * (/usr/lib/postgresql/<major>/bin, which the `postgresql` package keeps off PATH), newest first.
 */
export function findPostgresBinDir(pathVariable: string | undefined, libRoot = '/usr/lib/postgresql'): string | undefined {
  const onPath = findExecutable('initdb', pathVariable);
  if (onPath && findExecutable('postgres', pathVariable)) return path.dirname(onPath);
  let majors: string[];
  try {
    majors = fs.readdirSync(libRoot).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  } catch {
    return undefined;
  }
  for (const major of majors) {
    const bin = path.join(libRoot, major, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres'))) return bin;
  }
  return undefined;
}

/** Whether `user` may enter `dir` (x permission on it for owner, group or others as they apply). */
function canTraverse(dir: string, user: { uid: number; gid: number }): boolean {
  const st = fs.statSync(dir);
  if (st.uid === user.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === user.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/**
 * Where the cluster can live when PostgreSQL runs as another user than the service: `wanted`
 * (HANDOVER_DATA_DIR/postgres) when that user can reach it, after letting it traverse (not list)
 * the data dir itself; otherwise, when a directory above the data dir is closed to it (a home
 * directory, say), under /var/lib/handover-exchange, linked from `wanted`.
 */
function clusterDirFor(wanted: string, user: { uid: number; gid: number }): string {
  const dataDir = path.dirname(wanted);
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.existsSync(wanted) && fs.lstatSync(wanted).isSymbolicLink()) return fs.realpathSync(wanted);
  const above: string[] = [];
  for (let d = path.dirname(path.resolve(dataDir)); ; d = path.dirname(d)) {
    above.push(d);
    if (d === path.dirname(d)) break;
  }
  if (above.every((d) => canTraverse(d, user))) {
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o001);
    return wanted;
  }
  const elsewhere = path.join('/var/lib/handover-exchange', `postgres-${sha256Hex(path.resolve(wanted)).slice(0, 12)}`);
  fs.mkdirSync(path.dirname(elsewhere), { recursive: true, mode: 0o755 });
  fs.mkdirSync(elsewhere, { recursive: true });
  if (!fs.existsSync(wanted)) fs.symlinkSync(elsewhere, wanted);
  return elsewhere;
}

/** uid and gid of a system user, from /etc/passwd (Node has no getpwnam). */
function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no passwd file: not a system we can switch users on
  }
  return undefined;
}

/**
 * The URL FerretDB connects with, with two session settings (FerretDB issue #4646; see
 * ferretdb-pushdown-indexes.ts):
 * - plan_cache_mode=force_custom_plan: FerretDB prepares its statements with the field name as
 *   a parameter (`_jsonb->$1 @> $2`); a generic plan of that cannot use an expression index,
 *   and PostgreSQL switches to generic plans after five runs.
 * - enable_seqscan=off: until ANALYZE has seen a table grow (autovacuum lags a bulk of inserts),
 *   the planner may prefer scanning it, and each row scanned is a whole document to de-TOAST
 *   (measured: 22 ms instead of 1 ms for an `_id` lookup among 2,000 versions). Every query of
 *   the service is meant to be served by an index (request-queries.ts); a query that no index
 *   can serve still runs, as a scan.
 * - jit=off: such a scan, of however few rows, is costed above every JIT threshold (a disabled
 *   plan's cost), so PostgreSQL compiled, inlined and optimised it first: 43 ms per lookup by
 *   `_id` in a one-row collection (the leases' terms: every pass of the derivation worker and
 *   the audit sequencer, and every settle of a report), against 0.1 ms to run it. The service's
 *   queries are lookups and short ranges, which JIT never pays back.
 */
export function ferretDbPostgresUrl(url: string): string {
  const u = new URL(url);
  for (const [name, value] of [['plan_cache_mode', 'force_custom_plan'], ['enable_seqscan', 'off'], ['jit', 'off']]) if (!u.searchParams.has(name!)) u.searchParams.set(name!, value!);
  return u.toString();
}

/** Creates the URL's database when it does not exist yet (waits up to timeoutMs for a server that is still starting). */
export async function ensurePostgresDatabase(url: string, timeoutMs = 30_000): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  maintenance.search = '';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) {
        try {
          await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`);
        } catch (err) {
          // Another process created it first (42P04 duplicate_database; 23505 from a racing catalog insert).
          if (!['42P04', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
        }
      }
      return;
    } catch (err) {
      // 57P03: the server is still starting up; connection errors: not listening yet.
      const code = (err as { code?: string }).code ?? '';
      if (Date.now() > deadline || !['57P03', 'ECONNREFUSED', 'ECONNRESET'].includes(code)) {
        throw new Error(`PostgreSQL at ${redactPostgresUrl(url)}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

export function redactPostgresUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

export interface OwnPostgres extends DatabaseProcess {
  /** postgres://... for FerretDB and the index adapter. */
  readonly url: string;
  readonly dataDir: string;
}

/**
 * Initialises (once) and starts a PostgreSQL cluster in `dir`, listening on 127.0.0.1 only,
 * with a password kept beside it. initdb and postgres refuse to run as root, so as root they
 * run as the `postgres` system user, who then owns `dir`.
 */
export async function startOwnPostgres(binDir: string, wantedDir: string): Promise<OwnPostgres> {
  const passwordFile = path.join(path.dirname(wantedDir), 'postgres-password');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? systemUser('postgres') : undefined;
  if (asRoot && !user) throw new Error('PostgreSQL will not run as root and there is no `postgres` system user to run it as');
  const dir = user ? clusterDirFor(wantedDir, user) : wantedDir;
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dir, { recursive: true });
  if (user) fs.chownSync(dir, user.uid, user.gid);
  fs.chmodSync(dir, 0o700);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const password = randomToken(24);
    // initdb reads the password from a file its user can read; it is removed right after.
    const pwfile = path.join(dir, 'initdb-password');
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (user) fs.chownSync(pwfile, user.uid, user.gid);
    try {
      await runOnce(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', OWN_CLUSTER_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'], user);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const port = await findFreePort();
  const server = await startDatabaseProcess({
    name: 'postgres',
    command: path.join(binDir, 'postgres'),
    runDir: dir,
    port,
    user,
    stopSignal: 'SIGINT',
    startTimeoutMs: 60_000,
    args: ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'plan_cache_mode=force_custom_plan'],
  });
  const url = `postgres://${OWN_CLUSTER_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${OWN_CLUSTER_DATABASE}`;
  try {
    await ensurePostgresDatabase(url, 60_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { ...server, url, dataDir };
}

/** Runs a command to completion; its output goes into the error when it fails. */
function runOnce(command: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let output = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${output.trim().slice(-500)}`))));
  });
}
