/**
 * The import rules of src/ (../shared/style.md, "Which way imports go" and "Each library stays in
 * its room"), checked by `npm run check:imports` in CI. Type-only imports of an adapter's
 * interface are allowed where values are not: a service may name the signer or renderer type it
 * is given, but not import the adapter. Storage is the exception: a service declares the ports it
 * needs of storage (src/services/ports/) and storage implements them, so a service imports nothing
 * from storage/, not even a type (services-own-their-storage-ports, and the same rule in
 * test/architecture.test.ts, where an exception would be written with its reason).
 */
/**
 * database-process/ starts and supervises the database's own processes (PostgreSQL, FerretDB, mongod); storage/ talks to the database.
 * outbound/ holds what the service sends out of itself: webhook deliveries and the metrics registry (http/ serves the scrape).
 */
const ADAPTERS = ['signing', 'validation', 'storage', 'database-process', 'outbound', 'pdf', 'identity'];
const room = (folder) => `^src/${folder}/`;

/** A third-party library allowed only in one room (and the composition root that wires it). */
const library = (name, pkg, allowed) => ({
  name: `${name}-in-its-room`,
  comment: `${pkg} is used only in ${allowed.join(', ')}`,
  severity: 'error',
  from: { path: '^src/', pathNot: allowed.map((a) => `^src/${a}`) },
  to: { path: `node_modules/${pkg}/`, dependencyTypesNot: ['type-only'] },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no module depends on itself through others', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ imports nothing of ours but domain/ and errors.ts',
      from: { path: room('domain') },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/errors\\.ts$'] },
    },
    ...ADAPTERS.map((adapter) => ({
      name: `${adapter}-is-an-adapter`,
      severity: 'error',
      comment: `${adapter}/ imports domain and errors, never http, services, cli or another adapter`,
      from: { path: room(adapter) },
      to: { path: '^src/', pathNot: [room(adapter), '^src/domain/', '^src/errors\\.ts$', '^src/logger\\.ts$'], dependencyTypesNot: ['type-only'] },
    })),
    {
      name: 'services-do-not-reach-out',
      severity: 'error',
      comment: 'services/ never import http/ or cli/, nor the composition root',
      from: { path: room('services') },
      to: { path: ['^src/http/', '^src/cli/', '^src/deps\\.ts$', '^src/main\\.ts$', '^src/app\\.ts$'] },
    },
    {
      name: 'services-are-given-their-adapters',
      severity: 'error',
      comment: 'services/ name adapter types, but receive the implementations (deps.ts wires them)',
      from: { path: room('services') },
      to: { path: ADAPTERS.map(room), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-own-their-storage-ports',
      severity: 'error',
      comment: 'services/ name the ports they declare (services/ports/), never a storage type; storage implements the ports and deps.ts wires them',
      from: { path: room('services') },
      to: { path: room('storage') },
    },
    {
      name: 'http-does-not-touch-storage',
      severity: 'error',
      comment: 'http/ calls services; it names storage types at most, and never calls storage or starts databases',
      from: { path: room('http') },
      to: { path: [room('storage'), room('database-process')], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-does-not-touch-storage',
      severity: 'error',
      comment: 'cli/ calls services and the composition root, never storage nor the database processes',
      from: { path: room('cli') },
      to: { path: [room('storage'), room('database-process')], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'crypto-in-one-module',
      severity: 'error',
      comment: 'node:crypto is used only by domain/crypto.ts (JOSE by signing/)',
      from: { path: '^src/', pathNot: '^src/domain/crypto\\.ts$' },
      to: { dependencyTypes: ['core'], path: '^(node:)?crypto$' },
    },
    library('jose', 'jose', ['signing/']),
    library('mongoose', 'mongoose', ['storage/']),
    library('mongodb', 'mongodb', ['storage/']),
    library('ajv', 'ajv', ['validation/']),
    library('pdf-lib', 'pdf-lib', ['pdf/']),
    library('multer', 'multer', ['http/']),
    library('express', 'express', ['http/', 'app\\.ts$']),
    library('pg', 'pg', ['storage/', 'database-process/']),
    library('prom-client', 'prom-client', ['outbound/']),
    library('openid-client', 'openid-client', ['identity/']),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types'] },
  },
};
