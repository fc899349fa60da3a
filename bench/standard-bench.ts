/**
 * The standard: the time to compile every published schema (what a process would pay if it used
 * them all; each is compiled on its first use) against reading and parsing the same files, the
 * time to validate the largest fixture against its schema alone and with the cross-field rules
 * and completeness report, and the CPU time of one `handover validate FILE` as a sender runs it.
 */
import { spawnSync } from 'node:child_process';
import { readSchemaFiles } from '../src/validation/schema-files.js';
import { createStandard } from '../src/validation/standard.js';
import { validateDocument } from '../src/services/validate-document.js';
import { median } from './stats.js';

export interface StandardFigures {
  schemas: number;
  /** Median ms to compile every schema with ajv (a fresh instance each time). */
  compileMs: number;
  /** Median ms to read and JSON-parse the same files (the baseline). */
  readMs: number;
  fixture: string;
  fixtureKB: number;
  /** Median µs to validate the fixture against the handover schema only. */
  schemaValidateUs: number;
  /** Median µs for the whole dry run: schema, cross-field rules, completeness and deadlines. */
  documentValidateUs: number;
}

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function benchStandard(fixtureName: string, fixtureBytes: Buffer, runs: number): StandardFigures {
  const readMs = median(Array.from({ length: runs }, () => timed(() => readSchemaFiles())));
  const files = readSchemaFiles();
  const compileMs = median(
    Array.from({ length: runs }, () => {
      const { validator } = createStandard(files);
      validator.compileAll();
      return validator.compileMs;
    }),
  );
  const standard = createStandard(files);
  const doc = JSON.parse(fixtureBytes.toString('utf8')) as Record<string, unknown>;
  const version = String(doc.schemaVersion ?? '1.0');
  if (!standard.validator.validate('handover', version, doc).valid) throw new Error(`${fixtureName} is not valid`);
  // Warm up the compiled code paths before measuring.
  for (let i = 0; i < 50; i++) validateDocument(standard, doc);
  const schemaValidateUs = median(Array.from({ length: runs * 20 }, () => timed(() => standard.validator.validate('handover', version, doc)) * 1000));
  const documentValidateUs = median(Array.from({ length: runs * 20 }, () => timed(() => validateDocument(standard, doc)) * 1000));
  return { schemas: files.length, compileMs, readMs, fixture: fixtureName, fixtureKB: fixtureBytes.length / 1024, schemaValidateUs, documentValidateUs };
}

export interface CliValidateFigures {
  /** Median CPU ms (user + system) of `node bin/handover.js validate FILE`: the compiled CLI. */
  compiledMs: number;
  /** The same command through tsx, transpiling src/ at run time (how it ran before the build step). */
  tsxMs: number;
  /** Baseline: a bare `node -e 0`, what any node process costs. */
  nodeMs: number;
}

/** CPU ms of one command and the processes it starts, by bash's `times` (its children's line). */
function childCpuMs(command: string): number {
  const result = spawnSync('bash', ['-c', `${command} >/dev/null 2>&1; times`], { encoding: 'utf8' });
  const children = result.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`times printed ${JSON.stringify(result.stdout)}`);
  return (seconds[0]! + seconds[1]!) * 1000;
}

/** `handover validate FILE` as a sender checking a file runs it (issue 32.4: under 500 ms of CPU). */
export function benchCliValidate(fixturePath: string, runs: number): CliValidateFigures {
  const node = JSON.stringify(process.execPath);
  const file = JSON.stringify(fixturePath);
  const viaTsx = `${node} --import tsx -e "const { runCli } = await import('./src/cli/main.ts'); process.exitCode = await runCli(['validate', ${file.replace(/"/g, "'")}]);"`;
  const times = (command: string) => median(Array.from({ length: runs }, () => childCpuMs(command)));
  return { compiledMs: times(`${node} bin/handover.js validate ${file}`), tsxMs: times(viaTsx), nodeMs: times(`${node} -e 0`) };
}
