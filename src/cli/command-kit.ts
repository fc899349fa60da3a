/**
 * What every `handover` command shares: how an action hands back its exit code, and how each
 * command documents its exit codes in its own `--help`.
 */
import { InvalidArgumentError, type Command } from 'commander';

/** The exit code of this invocation, set by the command's action. */
export interface CliRun {
  exitCode: number;
}

/** The exit codes of a command, as its `--help` ends (and docs/cli.md repeats). */
export type ExitCodes = Readonly<Record<number, string>>;

/** The codes every command shares: an unexpected failure is 1, a usage error 2. */
export const USAGE_ERROR = 'usage error (unknown option, missing argument, bad value) or unreadable input';

function exitCodesText(codes: ExitCodes): string {
  const rows = Object.entries({ ...codes, 2: codes[2] ?? USAGE_ERROR }).map(([code, meaning]) => `  ${code}  ${meaning}`);
  return `\nExit codes:\n${rows.join('\n')}\n`;
}

/**
 * Gives a command its exit-code table and an action whose returned number becomes the exit
 * code (errors thrown by it are turned into codes by `runCli`).
 */
export function defineAction<A extends unknown[]>(command: Command, run: CliRun, codes: ExitCodes, action: (...args: A) => Promise<number>): Command {
  return command.addHelpText('after', exitCodesText(codes)).action(async (...args: unknown[]) => {
    run.exitCode = await action(...(args as A));
  });
}

/** Collects a repeatable option's values (`--attach a --attach b`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A whole number option of at least `min`, or a usage error naming the option. */
export function wholeNumber(name: string, min = 1) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}`);
    return n;
  };
}
