/**
 * Rules of the code's layout that an import checker cannot see (the import rules themselves are
 * .dependency-cruiser.cjs, run by `npm run check:imports` in CI, which checks the last one too): the environment is read in one
 * place, config.ts; who may call an endpoint and what its query may hold are declared once, in the
 * endpoint list, and checked by the route binder (src/http/bind-operations.ts), never by hand; no
 * source file is over 300 lines; the composition root (deps.ts) takes nothing from http/; the
 * background jobs are started in one place, background-jobs.ts; a use case names no storage type,
 * only the ports it declares (src/services/ports/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './helpers/source-files.js';

describe('the layout of src/', () => {
  it('reads process.env only in config.ts', () => {
    const readers = sourceFiles('src').filter((f) => /process\.env\b/.test(fs.readFileSync(f, 'utf8')));
    expect(readers).toEqual([path.join('src', 'config.ts')]);
  });

  it('checks no role and no query parameter by hand in a route file: the binder does, from the endpoint list', () => {
    const routeFiles = fs.readdirSync(path.join('src', 'http')).filter((f) => f.endsWith('.routes.ts'));
    expect(routeFiles.length).toBeGreaterThan(10);
    const byHand = routeFiles.flatMap((f) => {
      const text = fs.readFileSync(path.join('src', 'http', f), 'utf8');
      return [/\brequireRole\b/, /\ballowOnly\b/, /\bsingleQuery\b/, /\breq\.query\b/, /\.role\s*[!=]==/, /\.route\(/, /\brouter\.(get|post|put|delete|all)\('\/v1/].filter((rule) => rule.test(text)).map((rule) => `${f}: ${rule.source}`);
    });
    expect(byHand).toEqual([]);
  });

  it('builds no /query/ pointer in a use case: a parameter its schema cannot judge is named through queryProblem', () => {
    const builders = sourceFiles(path.join('src', 'services')).filter((f) => /['`"]\/query\//.test(fs.readFileSync(f, 'utf8')));
    expect(builders).toEqual([]);
  });

  // A file a newcomer can read whole: past 300 lines a module does more than one job (split it by concern).
  it('has no source file over 300 lines', () => {
    const long = sourceFiles('src')
      .map((f) => [f, fs.readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > 300)
      .map(([f, lines]) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  // The composition root wires services and adapters; http/ is the inbound side built on it, never a part of it.
  it('composes the service in deps.ts without importing anything from http/', () => {
    const imports = [...fs.readFileSync(path.join('src', 'deps.ts'), 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(20);
    expect(imports.filter((from) => from.startsWith('./http/'))).toEqual([]);
  });

  // Ports owned by the use case: a service declares the narrow interface it needs of storage (in
  // src/services/ports/ or in its own file), storage implements it, deps.ts wires the two. So no
  // service imports anything from storage/, not even a type (dependency-cruiser lets type-only
  // imports through, so this rule is here). An exception names its file and why.
  it('imports nothing from storage/ in a use case, not even a type: services name the ports they declare', () => {
    // A file allowed to, with the reason.
    const exceptions: Record<string, string> = {};
    const specifier = /(?:^(?:import|export)\b[^;]*?\bfrom\s*|\bimport\(\s*)'([^']+)'/gms;
    const reaching = sourceFiles(path.join('src', 'services')).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(specifier)]
        .map((m) => m[1]!)
        .filter((from) => from.startsWith('.') && path.relative(path.join('src', 'storage'), path.join(path.dirname(f), from)).split(path.sep)[0] !== '..')
        .map((from) => `${f} imports ${from}`),
    );
    expect(reaching.filter((line) => !(line.split(' ')[0]! in exceptions))).toEqual([]);
    // An exception whose file imports nothing from storage/ any more is stale: remove it.
    expect(Object.keys(exceptions).filter((f) => !reaching.some((line) => line.startsWith(`${f} `)))).toEqual([]);
  });

  // What runs besides the requests is found in one file: the composition root builds it, main.ts starts it there.
  it('starts every background job in background-jobs.ts, and nowhere else', () => {
    const starts = sourceFiles('src').flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      // The workers' start, and the periodic jobs' use cases taken by the root (main.ts took them before).
      const found = [/\b(auditSequencer|sequencer|derivations|dispatcher)\.start\(\)/, /import \{[^}]*\b(sweepOrphans|applyRetention)\b[^}]*\} from '\.\/services\//].filter((rule) => rule.test(text));
      return found.length > 0 ? [f] : [];
    });
    expect(starts).toEqual([path.join('src', 'background-jobs.ts')]);
  });
});
