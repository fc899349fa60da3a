/**
 * `handover admin ...`: bootstrap an empty database (the first admin credential, organisations,
 * keys) directly, through the same admin services as the HTTP API. With the embedded database,
 * stop the service first (or point MONGODB_URI at the database it logged at start).
 */
import { parseArgs } from 'node:util';
import { configFromEnvironment } from '../config.js';
import { openRegistry, resolveDatabaseFor } from '../deps.js';
import { AppError } from '../errors.js';
import { createCredential, createOrganisation, registerSigningKey, revokeCredential, revokeSigningKey } from '../services/admin.js';
import { CliError, readJsonFile, requireOption } from './io.js';

export const ADMIN_USAGE = `handover admin create-organisation --id ID --type TYPE --name NAME [--municipality CODE]
  handover admin register-key --org ID --jwk PUBLIC_JWK_FILE --alg ALG [--valid-from ISO] [--valid-until ISO]
  handover admin revoke-key --kid KID --reason TEXT [--at ISO]
  handover admin issue-credential --org ID --role ROLE [--label TEXT]
  handover admin revoke-credential --id CREDENTIAL_ID`;

const OPTIONS = {
  id: { type: 'string' },
  type: { type: 'string' },
  name: { type: 'string' },
  municipality: { type: 'string' },
  org: { type: 'string' },
  jwk: { type: 'string' },
  alg: { type: 'string' },
  'valid-from': { type: 'string' },
  'valid-until': { type: 'string' },
  kid: { type: 'string' },
  reason: { type: 'string' },
  at: { type: 'string' },
  role: { type: 'string' },
  label: { type: 'string' },
} as const;

/** The options given, as a request body: an option not given is no member at all (not one that is undefined). */
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined));

export async function adminCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values: v } = parseArgs({ args: rest, options: OPTIONS });
  const known = ['create-organisation', 'register-key', 'revoke-key', 'issue-credential', 'revoke-credential'];
  if (!sub || !known.includes(sub)) throw new CliError(`usage:\n  ${ADMIN_USAGE}`, 2);

  const config = configFromEnvironment();
  const database = await resolveDatabaseFor(config);
  const registry = await openRegistry(config, database);
  const now = new Date();
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  try {
    switch (sub) {
      case 'create-organisation': {
        print(await createOrganisation(registry.admin, defined({ id: v.id, type: v.type, name: v.name, municipalityCode: v.municipality }), now));
        break;
      }
      case 'register-key':
        print(await registerSigningKey(registry.admin, requireOption(v, 'org'), defined({ jwk: readJsonFile(requireOption(v, 'jwk')), alg: v.alg, validFrom: v['valid-from'], validUntil: v['valid-until'] }), now));
        break;
      case 'revoke-key':
        print(await revokeSigningKey(registry.admin, requireOption(v, 'kid'), defined({ reason: v.reason, revokedAt: v.at }), now));
        break;
      case 'issue-credential': {
        const issued = await createCredential(registry.admin, requireOption(v, 'org'), defined({ role: v.role, label: v.label }), now);
        print(issued);
        process.stderr.write('the token is shown only now; store it in a secret store\n');
        break;
      }
      case 'revoke-credential': {
        const c = await revokeCredential(registry.admin, requireOption(v, 'id'), now);
        print({ id: c.id, organisationId: c.organisationId, role: c.role, revokedAt: c.revokedAt });
        break;
      }
    }
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
