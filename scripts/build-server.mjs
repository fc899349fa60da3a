/**
 * Compiles src/ (TypeScript) to build/ (JavaScript, the same tree), so the service, the `handover`
 * command and the tests' child processes start without transpiling at run time, and compiles the
 * schemas' validators ahead (ajv standalone code, src/validation/standalone.ts) into
 * build/validation/precompiled/. Rebuilds only when the sources changed: the build remembers a hash
 * of every file under src/ and schemas/ and the compiler's version, and is current while they are. `npm start`, `npm test` and `bin/handover.js` run it.
 *
 * build/ sits beside src/ at the same depth on purpose: modules find the repository's files
 * (schemas/, fixtures/, dist/web, package.json) by paths relative to themselves.
 *
 * Several processes may ask at once (parallel test runs, a CLI started while the service starts):
 * one builds while the others wait for its lock, and the new tree replaces the old by renames, so
 * a process never loads half a build.
 *   node scripts/build-server.mjs           build when stale
 *   node scripts/build-server.mjs --force   build anyway
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
/** The published schemas: their validators are compiled ahead into the build too. */
const SCHEMAS = path.join(ROOT, 'schemas');
export const BUILD = path.join(ROOT, 'build');
const STAMP = '.source-hash';
const LOCK = path.join(ROOT, '.build.lock');
/** A lock older than this is taken to be left by a builder that died. */
const STALE_LOCK_MS = 60_000;

function filesUnder(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** What the build is made from: every source file's path and bytes, and the compiler. */
function contentHash(files, compilerVersion) {
  const hash = crypto.createHash('sha256').update(`esbuild ${compilerVersion}\n`);
  for (const file of files) hash.update(`${path.relative(SRC, file)}\n`).update(fs.readFileSync(file));
  return hash.digest('hex');
}

/** A cheaper fingerprint of the same (paths, sizes and times, no bytes read), checked first. */
function listingHash(files, compilerVersion) {
  const hash = crypto.createHash('sha256').update(`esbuild ${compilerVersion}\n`);
  for (const file of files) {
    const st = fs.statSync(file);
    hash.update(`${path.relative(SRC, file)} ${st.size} ${st.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(path.join(BUILD, STAMP), 'utf8'));
  } catch {
    return {};
  }
}

/** Whether build/ is the compilation of these sources; a file touched but unchanged still is. */
function isCurrent(files, version) {
  const stamp = readStamp();
  const listing = listingHash(files, version);
  if (stamp.listing === listing) return { current: true };
  const content = contentHash(files, version);
  if (stamp.content !== content) return { current: false, stamp: { content, listing } };
  try {
    fs.writeFileSync(path.join(BUILD, STAMP), JSON.stringify({ content, listing }));
  } catch {
    // read-only checkout: checking the bytes again next time is all it costs
  }
  return { current: true };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function withLock(fn) {
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(LOCK).mtimeMs > STALE_LOCK_MS) fs.rmSync(LOCK, { force: true });
      } catch {
        // gone between the two calls: try again
      }
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { force: true });
  }
}

/** Everything the build is made from. */
const inputs = () => [...filesUnder(SRC), ...filesUnder(SCHEMAS)];

async function compile(files, stamp, esbuild) {
  const next = `${BUILD}.next-${process.pid}`;
  const old = `${BUILD}.old-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: files.filter((f) => f.startsWith(SRC + path.sep) && f.endsWith('.ts')),
    outdir: next,
    outbase: SRC,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Node 20.10+ reads JSON modules only with their attribute; esbuild would drop it for node20.
    supported: { 'import-attributes': true },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // Data read beside the code (rules, code lists) goes along unchanged.
  for (const file of files.filter((f) => f.startsWith(SRC + path.sep) && !f.endsWith('.ts'))) {
    const to = path.join(next, path.relative(SRC, file));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(file, to);
  }
  // The compiled validator module writes them: the same ajv options the service uses. It finds
  // schemas/ relative to itself, which holds in build.next-* as in build/ (same depth).
  const { writePrecompiledValidators } = await import(pathToFileURL(path.join(next, 'validation', 'standalone.js')).href);
  writePrecompiledValidators(path.join(next, 'validation', 'precompiled'));
  fs.writeFileSync(path.join(next, STAMP), JSON.stringify(stamp));
  if (fs.existsSync(BUILD)) fs.renameSync(BUILD, old);
  fs.renameSync(next, BUILD);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Builds build/ from src/ unless it is current; true when it built. */
export async function ensureServerBuilt({ force = false, quiet = false } = {}) {
  // The compiler's version from its package file: loading esbuild itself only when it is needed
  // keeps the check cheap enough for every `handover` command.
  const { version } = createRequire(import.meta.url)('esbuild/package.json');
  if (!force && isCurrent(inputs(), version).current) return false;
  const esbuild = await import('esbuild');
  return withLock(async () => {
    // Another process may have built it while this one waited; the sources may have changed too.
    const files = inputs();
    const check = isCurrent(files, version);
    if (!force && check.current) return false;
    const stamp = check.stamp ?? { content: contentHash(files, version), listing: listingHash(files, version) };
    const started = Date.now();
    await compile(files, stamp, esbuild);
    if (!quiet) process.stderr.write(`compiled src/ and the schemas' validators to build/ (${files.length} files, ${Date.now() - started} ms)\n`);
    return true;
  });
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureServerBuilt({ force: process.argv.includes('--force') });
}
