/** Small helpers the CLI commands share: reading JSON files, printing errors. */
import fs from 'node:fs';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A file's text, or a usage error (exit 2) naming it. */
export function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 2);
  }
}

export function readJsonFile<T = unknown>(file: string): T {
  const text = readTextFile(file);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CliError(`${file}: not valid JSON`, 2);
  }
}
