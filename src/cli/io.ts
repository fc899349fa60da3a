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

export function readJsonFile<T = unknown>(file: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 2);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CliError(`${file}: not valid JSON`, 2);
  }
}

export function requireOption(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required`, 2);
  return v;
}
