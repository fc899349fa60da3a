/** Builds the real app on the run's database, in a database of its own per test file. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { inject } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { buildDeps, type Deps, type DepsOverrides } from '../../src/deps.js';
import { createLogger } from '../../src/logger.js';
import type { FerretDbBackend } from '../../src/database-process/ferretdb.js';
import { checkedApp, responseChecker } from './openapi-responses.js';
import { apiDescriptionOf } from '../../src/http/api-description.js';

export interface TestApp {
  app: Express;
  deps: Deps;
  config: Config;
  /** Responses that did not match the OpenAPI description (each one as it came). */
  openApiMismatches: string[];
  /**
   * Stops the app; drops its database unless `keepData` (a restart test starts another app on
   * it). Fails when any response did not match the OpenAPI description.
   */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** One generated service key per test process (test-only; never a real key). */
const testKeyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-test-keys-'));

/** The run's database (or the one a test started itself), with the PostgreSQL behind it if any. */
export function testDatabase(own: { mongodbUri?: string; postgresUrl?: string } = {}): { uri: string; postgresUrl?: string } {
  if (own.mongodbUri) return { uri: own.mongodbUri, ...(own.postgresUrl ? { postgresUrl: own.postgresUrl } : {}) };
  const postgresUrl = inject('postgresUrl');
  return { uri: inject('mongodbUri'), ...(postgresUrl ? { postgresUrl } : {}) };
}

/** The backend for a FerretDB a test starts itself: the run's PostgreSQL when there is one. */
export function testFerretDbBackend(): FerretDbBackend {
  const url = inject('postgresUrl');
  return url ? { kind: 'postgresql', url } : { kind: 'sqlite' };
}

/**
 * Per-caller limits lifted: most suites submit and read hundreds of documents from one credential
 * as fast as they can; test/hostile/fair-limits.test.ts sets the limits it proves.
 */
export const UNTHROTTLED: Record<string, string> = {
  HANDOVER_SUBMISSIONS_PER_SECOND_PER_CREDENTIAL: '100000',
  HANDOVER_SUBMISSIONS_PER_SECOND_PER_ORGANISATION: '100000',
  HANDOVER_MAX_CONCURRENT_PER_CREDENTIAL: '10000',
  HANDOVER_READS_PER_SECOND_PER_CREDENTIAL: '100000',
  HANDOVER_MAX_CONCURRENT_READS_PER_CREDENTIAL: '10000',
  HANDOVER_VALIDATIONS_PER_SECOND_PER_ADDRESS: '100000',
  HANDOVER_MAX_CONCURRENT_VALIDATIONS_PER_ADDRESS: '10000',
};

export function uniqueDbName(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function startTestApp(
  env: Record<string, string> = {},
  overrides: DepsOverrides & { mongodbUri?: string; postgresUrl?: string } = {},
): Promise<TestApp> {
  const config = loadConfig({
    HANDOVER_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HANDOVER_DB_NAME: uniqueDbName(),
    HANDOVER_DB_TIMEOUT_MS: '1500',
    // The production default's settle time (not the 2.5 s the short database timeout above would
    // give): a write has half of it, and a loaded CI machine's slowest writes must fit.
    HANDOVER_FEED_SETTLE_MS: '6000',
    HANDOVER_SERVICE_KEY_FILE: path.join(testKeyDir, 'service-signing-key.test-only.private.jwk.json'),
    ...UNTHROTTLED,
    ...env,
  });
  const deps = await buildDeps(config, createLogger(config.logLevel), testDatabase(overrides), overrides);
  return testAppOf(deps, config);
}

/** The real app on these deps, every response of it held to the served OpenAPI description. */
export function testAppOf(deps: Deps, config: Config): TestApp {
  // Of the background jobs (background-jobs.ts) only the dispatcher: deliveries arrive as a
  // subscriber sees them; the audit sequencer and derivations are settled where a test needs them.
  deps.dispatcher.start();
  const openApiMismatches: string[] = [];
  const app = checkedApp(createApp(deps), responseChecker(apiDescriptionOf(deps.standard)), (found) => openApiMismatches.push(...found));
  return {
    app,
    deps,
    config,
    openApiMismatches,
    async close(options = {}) {
      if (!options.keepData) await deps.db.connection.dropDatabase().catch(() => {});
      await deps.close();
      if (openApiMismatches.length > 0) {
        throw new Error(`responses that do not match the OpenAPI description (src/http/openapi/):\n${[...new Set(openApiMismatches)].slice(0, 40).join('\n')}`);
      }
    },
  };
}
