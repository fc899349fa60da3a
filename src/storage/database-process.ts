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
  const alive = () => child.exitCode === null && child.signalCode === null;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (alive()) {
        child.kill(spec.stopSignal ?? 'SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited(child);
        clearTimeout(timer);
      }
      fs.rmSync(pidFile, { force: true });
    })();
    return stopping;
  };
  try {
    await waitForPort('127.0.0.1', spec.port, spec.startTimeoutMs ?? 30_000, alive);
    // Something else may hold the port (then ours exits at once, unable to bind): make sure ours is still running.
    await new Promise((r) => setTimeout(r, 300));
    if (!alive()) throw new Error(`it exited after start; port ${spec.port} is probably taken by another process`);
  } catch (err) {
    await stop();
    throw new Error(`${spec.name} did not start: ${(err as Error).message}; see ${path.join(spec.runDir, `${spec.name}.log`)}`);
  }
  return { pid, port: spec.port, uri: `mongodb://127.0.0.1:${spec.port}/`, stop };
}
