/**
 * `handover admin ...`: bootstrap an empty database (the first admin credential, organisations,
 * keys) directly, through the same admin services as the HTTP API. With the embedded database,
 * stop the service first (or point MONGODB_URI at the database it logged at start).
 */
import type { Command } from 'commander';
import { configFromEnvironment } from '../config.js';
import { openRegistry } from '../cli-stores.js';
import { resolveDatabaseFor } from '../store.js';
import { AppError, validationFailed } from '../errors.js';
import { requestBodyProblems, type RequestBodyName } from '../validation/request-bodies.js';
import { createCredential, createOrganisation, registerSigningKey, revokeCredential, revokeSigningKey, type AdminDeps } from '../services/admin.js';
import { defineAction, type CliRun } from './command-kit.js';
import { CliError, readJsonFile } from './io.js';

/**
 * The options given, as a request body checked against its schema as the route binder checks the
 * API's (refused with every problem, as the API's 422): an option not given is no member at all.
 */
function bodyOf(name: RequestBodyName, o: Record<string, unknown>): Record<string, unknown> {
  const body = Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined));
  const problems = requestBodyProblems(name, body);
  if (problems.length > 0) throw validationFailed(problems);
  return body;
}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

const CODES = { 0: 'done (the result printed as JSON)', 1: "refused by the service's rules (the problem and its fields printed)", 2: 'usage error or unreadable input' };

/** Runs one admin action on the configured database, which is opened for it and closed after. */
async function withRegistry(work: (admin: AdminDeps, now: Date) => Promise<void>): Promise<number> {
  const config = configFromEnvironment();
  const database = await resolveDatabaseFor(config);
  const registry = await openRegistry(config, database);
  try {
    await work(registry.admin, new Date());
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      const details = (err.errors ?? []).map((e) => `\n  ${e.pointer}: ${e.message}`).join('');
      throw new CliError(`${err.title}: ${err.detail ?? ''}${details}`);
    }
    throw err;
  } finally {
    await registry.close();
    await database.stop();
  }
}

export function registerAdmin(program: Command, run: CliRun): void {
  const admin = program.command('admin').description('bootstrap and administer the configured database directly (organisations, keys, credentials)');
  defineAction(
    admin
      .command('create-organisation')
      .description('create an organisation')
      .requiredOption('--id <id>', 'its id')
      .requiredOption('--type <type>', 'asylum-centre-operator, iom-mission, municipality, gp-practice or service')
      .requiredOption('--name <name>', 'its name')
      .option('--municipality <code>', 'the municipality code (type municipality)'),
    run,
    CODES,
    (o: { id: string; type: string; name: string; municipality?: string }) =>
      withRegistry(async (deps, now) => print(await createOrganisation(deps, bodyOf('organisation', { id: o.id, type: o.type, name: o.name, municipalityCode: o.municipality }), now))),
  );
  defineAction(
    admin
      .command('register-key')
      .description("register an organisation's public signing key")
      .requiredOption('--org <id>', 'the organisation')
      .requiredOption('--jwk <file>', 'the public JWK')
      .requiredOption('--alg <alg>', 'ES256, EdDSA, PS256 or RS256')
      .option('--valid-from <iso>', 'valid from (default: now)')
      .option('--valid-until <iso>', 'valid until (a warning is shown in the admin API before it ends)'),
    run,
    CODES,
    (o: { org: string; jwk: string; alg: string; validFrom?: string; validUntil?: string }) => {
      const jwk = readJsonFile(o.jwk);
      return withRegistry(async (deps, now) => print(await registerSigningKey(deps, o.org, bodyOf('signing-key', { jwk, alg: o.alg, validFrom: o.validFrom, validUntil: o.validUntil }), now)));
    },
  );
  defineAction(
    admin
      .command('revoke-key')
      .description('revoke a signing key; effective on the next request')
      .requiredOption('--kid <kid>', 'the key id')
      .requiredOption('--reason <text>', 'why')
      .option('--at <iso>', 'revoked as of (default: now)'),
    run,
    CODES,
    (o: { kid: string; reason: string; at?: string }) => withRegistry(async (deps, now) => print(await revokeSigningKey(deps, o.kid, bodyOf('key-revocation', { reason: o.reason, revokedAt: o.at }), now))),
  );
  defineAction(
    admin
      .command('issue-credential')
      .description('issue a credential; the token is printed once')
      .requiredOption('--org <id>', 'the organisation')
      .requiredOption('--role <role>', 'sender, municipality, gp, admin or auditor')
      .option('--label <text>', 'what it is for')
      .option('--expires-at <iso>', 'when it stops working'),
    run,
    CODES,
    (o: { org: string; role: string; label?: string; expiresAt?: string }) =>
      withRegistry(async (deps, now) => {
        print(await createCredential(deps, o.org, bodyOf('credential', { role: o.role, label: o.label, expiresAt: o.expiresAt }), now));
        process.stderr.write('the token is shown only now; store it in a secret store\n');
      }),
  );
  defineAction(
    admin.command('revoke-credential').description('revoke a credential').requiredOption('--id <id>', 'the credential id'),
    run,
    CODES,
    (o: { id: string }) =>
      withRegistry(async (deps, now) => {
        const c = await revokeCredential(deps, o.id, now);
        print({ id: c.id, organisationId: c.organisationId, role: c.role, revokedAt: c.revokedAt });
      }),
  );
}
