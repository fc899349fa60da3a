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
    child.on('exit', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}
