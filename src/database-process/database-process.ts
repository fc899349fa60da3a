/** Starts and stops a local database server process (FerretDB, PostgreSQL or mongod) we own. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitForPort } from './free-port.js';

export interface DatabaseProcess {
  readonly pid: number;
  readonly port: number;
  readonly uri: string;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. Idempotent. */
  stop(): Promise<void>;
}

/** How long a database may take to stop cleanly before it is killed. */
const STOP_GRACE_SECONDS = 5;

export interface DatabaseProcessSpec {
  command: string;
  args: string[];
  port: number;
  /** Directory for the pid file and the server's own log. */
  runDir: string;
  name: string;
  startTimeoutMs?: number;
  /** Run as this system user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  /** The signal for a clean, prompt stop (PostgreSQL: SIGINT, its "fast" shutdown; SIGTERM waits for clients). */
  stopSignal?: NodeJS.Signals;
}

/**
 * The pid file holds "<database pid> <owner pid>". A previous run killed with SIGKILL leaves its
 * database child running on the same data dir; two servers on one data dir would corrupt it,
 * so an orphan (its owner is gone) is stopped (and waited for), and a live owner makes us refuse to start.
 */
async function takeOverRunDir(pidFile: string, command: string, stopSignal: NodeJS.Signals): Promise<void> {
  let dbPid: number;
  let ownerPid: number;
  try {
    [dbPid, ownerPid] = fs.readFileSync(pidFile, 'utf8').trim().split(/\s+/).map(Number) as [number, number];
  } catch {
    return;
  }
  const running = (pid: number) => {
    if (!Number.isInteger(pid) || pid <= 1) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (ownerPid !== process.pid && running(ownerPid)) {
    throw new Error(`the data dir ${path.dirname(pidFile)} is in use by another running service (pid ${ownerPid})`);
  }
  if (!running(dbPid)) return;
  try {
    if (!fs.readFileSync(`/proc/${dbPid}/cmdline`, 'utf8').includes(path.basename(command))) return;
    process.kill(dbPid, stopSignal);
  } catch {
    return; // gone meanwhile, or not ours to inspect
  }
  for (let waited = 0; running(dbPid) && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (running(dbPid)) process.kill(dbPid, 'SIGKILL');
}

/** Every database process this process started and has not stopped: stopped together on shutdown. */
const owned = new Set<DatabaseProcess>();

/** Stops every database process this process started (each SIGTERM/SIGINT, then SIGKILL). */
export async function stopAllDatabaseProcesses(): Promise<void> {
  await Promise.all([...owned].map((p) => p.stop()));
}

/** The last resort when a shutdown runs out of time: SIGKILL every database process we own, now. */
export function killAllDatabaseProcesses(): void {
  for (const p of owned) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * A watchdog that stops the database when this process dies in any way, SIGKILL included (which
 * no handler sees): a shell that blocks reading a pipe only we hold open. When we die, the kernel
 * closes our end, the read returns, and the shell sends the stop signal, then SIGKILL if the
 * database is still there after the grace period. It is killed as soon as the database exits, so
 * it never signals a reused pid.
 */
function watchOverDatabase(pid: number, stopSignal: NodeJS.Signals, graceSeconds: number): ChildProcess {
  const script = [
    'read _',
    `kill -s ${stopSignal.replace(/^SIG/, '')} ${pid} 2>/dev/null || exit 0`,
    `i=0; while [ $i -lt ${graceSeconds * 10} ] && kill -0 ${pid} 2>/dev/null; do sleep 0.1; i=$((i+1)); done`,
    `kill -s KILL ${pid} 2>/dev/null`,
  ].join('\n');
  // Own process group, like the database: a terminal's Ctrl-C must not stop it before we do.
  const watchdog = spawn('sh', ['-c', script], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref(): void }).unref();
  watchdog.stdin!.on('error', () => undefined);
  return watchdog;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startDatabaseProcess(spec: DatabaseProcessSpec): Promise<DatabaseProcess> {
  fs.mkdirSync(spec.runDir, { recursive: true });
  const pidFile = path.join(spec.runDir, `${spec.name}.pid`);
  await takeOverRunDir(pidFile, spec.command, spec.stopSignal ?? 'SIGKILL');
  const logFd = fs.openSync(path.join(spec.runDir, `${spec.name}.log`), 'a');
  // Own process group: a Ctrl-C in the terminal reaches only the service, which drains its
  // in-flight requests before it stops the database itself.
  const child = spawn(spec.command, spec.args, { stdio: ['ignore', logFd, logFd], detached: true, ...(spec.user ?? {}) });
  child.unref();
  fs.closeSync(logFd);
  if (child.pid === undefined) {
    await new Promise((r) => child.once('error', r));
    throw new Error(`could not start ${spec.command}`);
  }
  const pid = child.pid;
  fs.writeFileSync(pidFile, `${pid} ${process.pid}`);
  const watchdog = watchOverDatabase(pid, spec.stopSignal ?? 'SIGTERM', STOP_GRACE_SECONDS);
  child.once('exit', () => watchdog.kill('SIGKILL'));
  const alive = () => child.exitCode === null && child.signalCode === null;
  let stopping: Promise<void> | undefined;
  const handle: DatabaseProcess = {
    pid,
    port: spec.port,
    uri: `mongodb://127.0.0.1:${spec.port}/`,
    stop: () => {
      stopping ??= (async () => {
        if (alive()) {
          child.kill(spec.stopSignal ?? 'SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_SECONDS * 1000);
          await exited(child);
          clearTimeout(timer);
        }
        fs.rmSync(pidFile, { force: true });
        owned.delete(handle);
      })();
      return stopping;
    },
  };
  owned.add(handle);
  const stop = handle.stop;
  try {
    await waitForPort('127.0.0.1', spec.port, spec.startTimeoutMs ?? 30_000, alive);
    // Something else may hold the port (then ours exits at once, unable to bind): make sure ours is still running.
    await new Promise((r) => setTimeout(r, 300));
    if (!alive()) throw new Error(`it exited after start; port ${spec.port} is probably taken by another process`);
  } catch (err) {
    await stop();
    throw new Error(`${spec.name} did not start: ${(err as Error).message}; see ${path.join(spec.runDir, `${spec.name}.log`)}`);
  }
  return handle;
}
