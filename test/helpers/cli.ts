/** Runs the `handover` command as its own process against a test app's database, as a user would. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import type { TestApp } from './test-app.js';

const BIN = path.resolve('bin/handover.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(t: TestApp, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, MONGODB_URI: inject('mongodbUri'), HANDOVER_DB_NAME: t.config.dbName, HANDOVER_LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    // 'close', not 'exit': a process can have exited before what it wrote has been read (CI saw
    // `verify-receipt --help` exit 0 with its usage not read yet, under load).
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** Quotes one argument for sh. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the `handover` command on a pseudo-terminal (util-linux `script`), as a person at a
 * terminal would: what a terminal shows (stdout and stderr together) comes back as `screen`.
 */
export function runCliInTerminal(args: string[], env: Record<string, string | undefined> = {}): Promise<{ status: number; screen: string }> {
  return new Promise((resolve) => {
    const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, HANDOVER_LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (c) => (screen += c));
    child.stderr.on('data', (c) => (screen += c));
    child.on('close', (code) => resolve({ status: code ?? -1, screen }));
  });
}
