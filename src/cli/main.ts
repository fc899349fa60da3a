/**
 * The `handover` command: one commander program with a module per command. Every command and
 * subcommand answers `--help` with its usage and exit codes (exit 0); usage errors are exit 2.
 */
import { Command, CommanderError } from 'commander';
import { registerAdmin } from './admin.command.js';
import { registerAudit } from './audit.command.js';
import type { CliRun } from './command-kit.js';
import { registerEvidence } from './evidence.command.js';
import { registerExport } from './export.command.js';
import { CliError } from './io.js';
import { registerKeys } from './keys.command.js';
import { registerRender } from './render.command.js';
import { registerSign } from './sign.command.js';
import { registerSubmit } from './submit.command.js';
import { registerValidate } from './validate.command.js';
import { registerVerifyReceipt } from './verify-receipt.command.js';
import { registerVerifyStore } from './verify-store.command.js';


/** The whole command tree; `runCli` parses with it, and the help test walks it. */
export function buildProgram(run: CliRun): Command {
  const program = new Command('handover')
    .description('Validate, sign, submit and check handovers; administer and verify a handover-exchange store.')
    // Set before the commands are added, so that every command inherits it: commander then
    // throws instead of exiting, and runCli turns that into the exit code.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nEvery command prints its usage and exit codes with --help.\nCommon exit codes: 0 ok, 1 invalid, rejected or failed, 2 usage error or unreadable input.\n',
    );
  for (const register of [registerValidate, registerKeys, registerSign, registerSubmit, registerVerifyReceipt, registerRender, registerExport, registerAdmin, registerAudit, registerEvidence, registerVerifyStore]) {
    register(program, run);
  }
  return program;
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const run: CliRun = { exitCode: 0 };
  const program = buildProgram(run);
  try {
    await program.parseAsync(argv.length === 0 ? ['--help'] : argv, { from: 'user' });
    return run.exitCode;
  } catch (err) {
    // Help (asked for) exits 0; a usage error, or help shown because a subcommand is missing, 2.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const name = argv.filter((a) => !a.startsWith('-')).slice(0, 1).join(' ');
    if (err instanceof CliError) {
      process.stderr.write(`handover ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`handover ${name}: ${(err as Error).message}\n`);
    return 1;
  }
}
