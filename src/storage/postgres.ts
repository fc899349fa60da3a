/**
 * PostgreSQL for the embedded FerretDB: a server given by URL, or a cluster the service
 * initialises and runs itself under its data dir when PostgreSQL's server binaries are installed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
 * The URL FerretDB connects with. FerretDB prepares its statements with the field name as a
 * parameter (`_jsonb->$1 @> $2`); a generic plan of that cannot use an expression index, and
 * PostgreSQL switches to generic plans after five runs. Custom plans keep every query on its
 * index (FerretDB issue #4646; see ferretdb-pushdown-indexes.ts).
 */
export function ferretDbPostgresUrl(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('plan_cache_mode')) u.searchParams.set('plan_cache_mode', 'force_custom_plan');
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
export async function startOwnPostgres(binDir: string, dir: string): Promise<OwnPostgres> {
  const dataDir = path.join(dir, 'data');
  const passwordFile = path.join(dir, '..', 'postgres-password');
  fs.mkdirSync(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? systemUser('postgres') : undefined;
  if (asRoot && !user) throw new Error('PostgreSQL will not run as root and there is no `postgres` system user to run it as');
  if (user) {
    fs.chownSync(dir, user.uid, user.gid);
    // The server must reach its directory: let others traverse (not list) the data dir above it.
    const parent = path.dirname(dir);
    fs.chmodSync(parent, fs.statSync(parent).mode | 0o011);
  }
  fs.chmodSync(dir, 0o700);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const password = randomBytes(24).toString('base64url');
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
