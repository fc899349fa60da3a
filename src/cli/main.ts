/** The `handover` command: dispatches to one module per subcommand. */
import { VALIDATE_USAGE, validateCommand } from './validate.command.js';

const USAGE = `usage: handover <command> [options]

commands:
  help                    show this text
  ${VALIDATE_USAGE}
`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  help: async () => {
    process.stdout.write(USAGE);
    return 0;
  },
  validate: validateCommand,
};

/** Runs one CLI invocation and returns its exit code (0 ok, 1 invalid input, 2 usage error). */
export async function runCli(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = COMMANDS[name === '--help' || name === '-h' ? 'help' : name];
  if (!command) {
    process.stderr.write(`handover: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  return command(rest);
}
