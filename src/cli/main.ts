/** The `handover` command: dispatches to one module per subcommand. */
import { ADMIN_USAGE, adminCommand } from './admin.command.js';
import { AUDIT_USAGE, auditCommand } from './audit.command.js';
import { EVIDENCE_USAGE, evidenceCommand } from './evidence.command.js';
import { CliError } from './io.js';
import { KEYS_USAGE, keysCommand } from './keys.command.js';
import { RENDER_USAGE, renderCommand } from './render.command.js';
import { SIGN_USAGE, signCommand } from './sign.command.js';
import { SUBMIT_USAGE, submitCommand } from './submit.command.js';
import { VALIDATE_USAGE, validateCommand } from './validate.command.js';
import { VERIFY_RECEIPT_USAGE, verifyReceiptCommand } from './verify-receipt.command.js';

const USAGE = `usage: handover <command> [options]

  ${VALIDATE_USAGE}
  ${KEYS_USAGE}
  ${SIGN_USAGE}
  ${SUBMIT_USAGE}
  ${VERIFY_RECEIPT_USAGE}
  ${RENDER_USAGE}
  ${ADMIN_USAGE}
  ${AUDIT_USAGE}
  ${EVIDENCE_USAGE}
  handover help

exit codes: 0 ok, 1 invalid or rejected, 2 usage error or unreadable input
`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  help: async () => {
    process.stdout.write(USAGE);
    return 0;
  },
  validate: validateCommand,
  keys: keysCommand,
  sign: signCommand,
  submit: submitCommand,
  'verify-receipt': verifyReceiptCommand,
  render: renderCommand,
  admin: adminCommand,
  audit: auditCommand,
  evidence: evidenceCommand,
};

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = COMMANDS[name === '--help' || name === '-h' ? 'help' : name];
  if (!command) {
    process.stderr.write(`handover: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`handover ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (err as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      process.stderr.write(`handover ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`handover ${name}: ${(err as Error).message}\n`);
    return 1;
  }
}
