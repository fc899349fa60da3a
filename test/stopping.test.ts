/**
 * Reliability catalogue 55: stopping means stopped. A supervisor sends SIGTERM (or SIGINT) to the
 * process it started, which for the README's commands is npm: the service (build/main.js, compiled by prestart), FerretDB and
 * PostgreSQL (when the service started them) are gone within HANDOVER_SHUTDOWN_TIMEOUT_MS, in
 * every state, and no database process outlives the service even when it is killed with -9.
 * Each test records the whole process tree under npm before it signals, and then checks that
 * every one of those processes is gone (orphans are re-parented, so the tree alone would hide them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../src/database-process/free-port.js';
import { loadServiceSigner } from '../src/signing/service-signer.js';
import { isAlive } from './helpers/process-alive.js';

const SHUTDOWN_MS = 5_000;
/**
 * Scheduling slack on a loaded two-core machine (CI runs this beside the whole suite), on top of
 * the promised bound: what is proven is "gone within the grace period", not a speed.
 */
const SLACK_MS = 5_000;
const DATABASE_CHOICES = ['MONGODB_URI', 'HANDOVER_POSTGRES_URL', 'HANDOVER_EMBEDDED_BACKEND'];
const started: ChildProcess[] = [];
const seen = new Set<number>();

interface Proc {
  pid: number;
  ppid: number;
  cmd: string;
}

function processTable(): Proc[] {
  const out: Proc[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(entry), ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function descendants(root: number): Proc[] {
  const table = processTable();
  const out: Proc[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const p of table) if (p.ppid === pid) (out.push(p), queue.push(p.pid));
  }
  return out;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function npm(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !DATABASE_CHOICES.includes(k) && !k.startsWith('npm_')) clean[k] = v;
  const child = spawn('npm', args, { env: { ...clean, HANDOVER_LOG_LEVEL: 'info', HANDOVER_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_MS), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return { child, output: () => output };
}

/** Everything under npm now, remembered so afterEach can clean up whatever a failing test leaves. */
function treeOf(child: ChildProcess): Proc[] {
  const tree = descendants(child.pid!);
  for (const p of tree) seen.add(p.pid);
  return tree;
}

/** Alive and not a zombie; a process that exits between the two looks is gone (ESRCH, ENOENT). */
function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** Signals npm and measures until every process of the recorded tree, npm included, is gone. */
async function signalAndWait(child: ChildProcess, tree: Proc[], signal: NodeJS.Signals): Promise<{ ms: number; left: Proc[] }> {
  const t0 = Date.now();
  child.kill(signal);
  const all = [{ pid: child.pid!, ppid: 0, cmd: 'npm' }, ...tree];
  for (;;) {
    const left = all.filter((p) => isRunning(p.pid));
    if (left.length === 0 || Date.now() - t0 > SHUTDOWN_MS + SLACK_MS + 5_000) return { ms: Date.now() - t0, left };
    await new Promise((r) => setTimeout(r, 50));
  }
}

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'handover-stop-'));
const has = (tree: Proc[], pattern: RegExp) => tree.some((p) => pattern.test(p.cmd));
/** Databases made on the run's PostgreSQL, dropped at the end. */
const madeDatabases: string[] = [];
/** A PostgreSQL server the run already has (a database of this test's own on it), so FerretDB need not wait for a cluster of its own. */
const runPostgres = (): Record<string, string> => {
  const url = inject('postgresUrl');
  if (!url) return {};
  const name = `handover_stop_${process.pid}_${madeDatabases.length}`;
  madeDatabases.push(name);
  return { HANDOVER_POSTGRES_URL: url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) };
};

afterAll(async () => {
  const url = inject('postgresUrl');
  if (!url || madeDatabases.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const name of madeDatabases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
});

afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const pid of seen) {
    try {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // exited between the look and the kill
    }
  }
  seen.clear();
});

describe('npm start', () => {
  it('SIGTERM while serving stops the service, its FerretDB and its own PostgreSQL within the shutdown time', async () => {
    const port = await findFreePort();
    const s = npm(['start'], { HANDOVER_DATA_DIR: dataDir(), PORT: String(port) });
    await until('listening', () => (s.output().includes('"msg":"listening on') ? true : undefined));
    const tree = treeOf(s.child);
    expect(has(tree, /build\/main\.js/)).toBe(true);
    expect(has(tree, /ferretdb --handler=postgresql/)).toBe(true);
    expect(has(tree, /postgres -D/)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const { ms, left } = await signalAndWait(s.child, tree, 'SIGTERM');
    expect(left.map((p) => p.cmd)).toEqual([]);
    expect(ms).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
    expect(s.output()).toContain('"msg":"stopped"');
  });

  it('SIGINT (Ctrl-C) stops it too', async () => {
    const s = npm(['start'], { HANDOVER_DATA_DIR: dataDir(), PORT: String(await findFreePort()), ...runPostgres() });
    await until('listening', () => (s.output().includes('"msg":"listening on') ? true : undefined));
    const tree = treeOf(s.child);
    expect(has(tree, /ferretdb/)).toBe(true);
    const { ms, left } = await signalAndWait(s.child, tree, 'SIGINT');
    expect(left.map((p) => p.cmd)).toEqual([]);
    expect(ms).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
  });

  it('SIGTERM during start-up, while its PostgreSQL is up and FerretDB not yet, stops what was started', async () => {
    const s = npm(['start'], { HANDOVER_DATA_DIR: dataDir(), PORT: String(await findFreePort()) });
    const tree = await until('its PostgreSQL', () => {
      const t = treeOf(s.child);
      return has(t, /postgres -D/) ? t : undefined;
    });
    expect(s.output()).not.toContain('listening on');
    const { ms, left } = await signalAndWait(s.child, treeOf(s.child).length >= tree.length ? treeOf(s.child) : tree, 'SIGTERM');
    expect(left.map((p) => p.cmd)).toEqual([]);
    expect(ms).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
  });

  it('SIGTERM while the database given by MONGODB_URI is unreachable stops within the shutdown time, a second SIGTERM too', async () => {
    const closed = await findFreePort();
    const keyFile = path.join(dataDir(), 'service-signing-key.test-only.private.jwk.json');
    await loadServiceSigner(keyFile, { generateIfMissing: true });
    const s = npm(['start'], { MONGODB_URI: `mongodb://127.0.0.1:${closed}/handover`, HANDOVER_DB_TIMEOUT_MS: '60000', PORT: String(await findFreePort()), HANDOVER_SERVICE_KEY_FILE: keyFile });
    const tree = await until('the service', () => {
      const t = treeOf(s.child);
      return has(t, /build\/main\.js/) ? t : undefined;
    });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(s.output()).not.toContain('listening on');
    const main = tree.find((p) => /build\/main\.js/.test(p.cmd))!;
    process.kill(main.pid, 'SIGTERM');
    const { ms, left } = await signalAndWait(s.child, tree, 'SIGTERM');
    expect(left.map((p) => p.cmd)).toEqual([]);
    expect(ms).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
  });

  it('kill -9 of the service: its FerretDB and PostgreSQL notice and stop', async () => {
    const s = npm(['start'], { HANDOVER_DATA_DIR: dataDir(), PORT: String(await findFreePort()) });
    await until('listening', () => (s.output().includes('"msg":"listening on') ? true : undefined));
    const tree = treeOf(s.child);
    const main = tree.find((p) => /build\/main\.js/.test(p.cmd))!;
    const databases = tree.filter((p) => /ferretdb --handler|postgres -D/.test(p.cmd));
    expect(databases).toHaveLength(2);
    process.kill(main.pid, 'SIGKILL');
    const t0 = Date.now();
    await until('the databases to stop', () => (databases.every((p) => !isAlive(p.pid)) ? true : undefined), 15_000);
    // The watchdog's grace for a clean stop is 5 s; both stop cleanly well within it.
    expect(Date.now() - t0).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
  });
});

describe('npm run bench', () => {
  it('SIGTERM stops the benchmark, the service it started and its FerretDB', async () => {
    const s = npm(['run', 'bench', '--', '--only', 'standard', '--quick'], { HANDOVER_CACHE_DIR: path.join(os.homedir(), '.cache', 'handover-exchange'), ...runPostgres() });
    const tree = await until('the benchmark service', () => {
      const t = treeOf(s.child);
      return has(t, /build\/main\.js/) && has(t, /ferretdb/) ? t : undefined;
    });
    const { ms, left } = await signalAndWait(s.child, tree, 'SIGTERM');
    expect(left.map((p) => p.cmd)).toEqual([]);
    expect(ms).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
  });
});
