/** Loads and validates the service configuration; the only reader of process.env. The settings table is config/settings.ts. */
import { settings } from './config/settings.js';
import type { Config, Setting } from './config/config-types.js';

// Deliberate entry point: config.ts is the configuration's one public module (style.md), so its
// type and the settings table (for the generated configuration table) are taken from here;
// config/ holds its parts.
export type { Config, LogLevel, Setting } from './config/config-types.js';
export { settings } from './config/settings.js';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The configuration of this process, from its environment: the one place process.env is read. */
export function configFromEnvironment(): Config {
  return loadConfig(process.env);
}

/** The CLI's credential when not given with --credential (HANDOVER_CREDENTIAL). */
export function cliCredentialFromEnvironment(): string | undefined {
  return process.env.HANDOVER_CREDENTIAL;
}

/** `HANDOVER_NO_PROGRESS=1`: the CLI shows no progress bar, not even on a terminal. */
export function cliProgressHiddenByEnvironment(): boolean {
  return process.env.HANDOVER_NO_PROGRESS === '1';
}

/**
 * Reads the configuration from an environment. Every problem is reported at once, each naming
 * its variable, so an operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const table = settings(env);
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(table) as [keyof Config, Setting<unknown>][]) {
    const raw = env[setting.env];
    if (raw === undefined || raw === '') {
      out[key] = setting.default;
      continue;
    }
    try {
      out[key] = setting.parse(raw);
    } catch (err) {
      // Never echo a connection string: it may carry a password.
      const shown = setting.env === 'MONGODB_URI' || setting.env === 'HANDOVER_POSTGRES_URL' ? '' : ` (got ${JSON.stringify(raw.slice(0, 40))})`;
      problems.push(`${setting.env}: ${(err as Error).message}${shown}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out as unknown as Config);
}
