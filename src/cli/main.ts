/**
 * The `handover` command: one commander program with a module per command. Every command and
 * subcommand answers `--help` with its usage and exit codes (exit 0); usage errors are exit 2.
 */
import { Command, CommanderError } from 'commander';
import type { CliRun } from './command-kit.js';
import { CliError } from './io.js';

type Register = (program: Command, run: CliRun) => void;

/**
 * Each command's module, loaded only when that command runs: `handover validate` then starts
 * without the database driver, the PDF library and the other commands (issue 32.4: its CPU time).
 * In the order `--help` lists them.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  validate: async () => (await import('./validate.command.js')).registerValidate,
  keys: async () => (await import('./keys.command.js')).registerKeys,
  sign: async () => (await import('./sign.command.js')).registerSign,
  submit: async () => (await import('./submit.command.js')).registerSubmit,
  'verify-receipt': async () => (await import('./verify-receipt.command.js')).registerVerifyReceipt,
  render: async () => (await import('./render.command.js')).registerRender,
  export: async () => (await import('./export.command.js')).registerExport,
  admin: async () => (await import('./admin.command.js')).registerAdmin,
  audit: async () => (await import('./audit.command.js')).registerAudit,
  evidence: async () => (await import('./evidence.command.js')).registerEvidence,
  'verify-store': async () => (await import('./verify-store.command.js')).registerVerifyStore,
};

/** The commands that `argv` needs: the one it names, or all of them (help, a typo, nothing). */
export async function loadCommands(argv: readonly string[] = []): Promise<Register[]> {
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? [argv[0]] : Object.keys(COMMANDS);
  return Promise.all(named.map((name) => COMMANDS[name]!()));
}

/** The command tree of the given commands; `runCli` parses with it, and the help test walks it whole. */
export function buildProgram(run: CliRun, registers: readonly Register[]): Command {
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
  for (const register of registers) register(program, run);
  return program;
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const run: CliRun = { exitCode: 0 };
  const program = buildProgram(run, await loadCommands(argv));
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
