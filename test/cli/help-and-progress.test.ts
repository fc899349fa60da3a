/** The CLI explains itself: `--help` on every command, usage errors as exit 2, progress only on a terminal. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { Command } from 'commander';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, loadCommands } from '../../src/cli/main.js';
import { runCli, runCliInTerminal, type CliResult } from '../helpers/cli.js';
import { validFixtureNames } from '../helpers/fixtures.js';
import { as, submit, temporaryProtection } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

/** Every command path in the program, e.g. ['admin', 'register-key'], walked from the real tree. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

/** Every command, as `handover --help` loads them. */
const wholeProgram = buildProgram({ exitCode: 0 }, await loadCommands());

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  await submit(t, w.drk, temporaryProtection('751'));
  await request(t.app).get('/v1/municipalities/751/handovers').set(as(w.aarhus.token)).expect(200);
});
afterAll(() => t.close());

describe('handover <command> --help', () => {
  const paths = commandPaths(wholeProgram);

  it('knows every command and subcommand (the walk found the tree)', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['validate', 'keys generate', 'sign', 'submit', 'verify-receipt', 'render', 'admin create-organisation', 'admin issue-credential', 'audit verify', 'audit export', 'evidence export', 'evidence verify', 'verify-store']),
    );
  });

  it('prints usage and exit codes and exits 0 for every command, with --help and with help (`handover help audit`, `handover audit help verify`)', async () => {
    // A few at a time: each is a process of its own on a 2-core machine.
    const results: { p: string[]; flag: CliResult; word: CliResult }[] = [];
    for (let i = 0; i < paths.length; i += 4) {
      results.push(...(await Promise.all(paths.slice(i, i + 4).map(async (p) => ({ p, flag: await runCli(t, [...p, '--help']), word: await runCli(t, [...p.slice(0, -1), 'help', p.at(-1)!]) })))));
    }
    for (const { p, flag, word } of results) {
      const name = p.join(' ');
      expect(flag.status, name).toBe(0);
      expect(flag.stderr, name).toBe('');
      expect(flag.stdout, name).toMatch(new RegExp(`^Usage: handover ${name} `));
      // A leaf command documents its exit codes; a group lists its subcommands.
      const leaf = !paths.some((q) => q.length > p.length && q.slice(0, p.length).join(' ') === name);
      if (leaf) expect(flag.stdout, name).toMatch(/Exit codes:\n {2}0 {2}.+\n(.|\n)* {2}2 {2}/);
      else expect(flag.stdout, name).toContain('Commands:');
      expect(word.status, name).toBe(0);
      expect(word.stdout, name).toBe(flag.stdout);
    }
  }, 180_000);

  it('answers no arguments, `help` and `--help` with the overview (exit 0)', async () => {
    for (const args of [[], ['help'], ['--help'], ['-h']]) {
      const res = await runCli(t, args);
      expect(res.status, args.join(' ')).toBe(0);
      expect(res.stdout).toMatch(/^Usage: handover \[options\] \[command\]/);
      expect(res.stdout).toContain('verify-store');
    }
  });

  it('exits 2 with the reason on stderr for usage errors, and does not run the command', async () => {
    const cases: [string[], RegExp][] = [
      [['nope'], /unknown command 'nope'/],
      [['validate'], /missing required argument 'files'/],
      [['validate', '--bogus', 'x.json'], /unknown option '--bogus'/],
      [['sign', 'fixtures/valid/01-single-adult-asylum-centre.json'], /required option '--key <file>' not specified/],
      [['keys', 'generate', '--kid', 'k', '--out', '/tmp/never.jwk', '--alg', 'HS256'], /argument 'HS256' is invalid/],
      [['evidence', 'export', 'h1', '--version', 'two', '--out', '/tmp/never.json'], /--version must be a whole number/],
      [['admin'], /Usage: handover admin/],
    ];
    for (const [args, reason] of cases) {
      const res = await runCli(t, args);
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toMatch(reason);
      expect(res.stdout, args.join(' ')).toBe('');
    }
    expect(fs.existsSync('/tmp/never.jwk')).toBe(false);
  });
});

describe('progress on a terminal, quiet when piped', () => {
  const files = validFixtureNames().filter((f) => f.startsWith('0') || f.startsWith('1')).map((f) => path.join('fixtures/valid', f));

  it('validate of many files shows a bar on a terminal, with every result line intact', async () => {
    expect(files.length).toBeGreaterThan(5);
    const res = await runCliInTerminal(['validate', ...files]);
    expect(res.status).toBe(0);
    expect(res.screen).toMatch(new RegExp(`validating \\[.*\\] \\d+/${files.length}`));
    for (const f of files) expect(res.screen).toContain(`${f}: valid (`);
  });

  it('validate piped prints only its results: no bar, no control characters', async () => {
    const res = await runCli(t, ['validate', ...files]);
    expect(res.status).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout.split('\n').filter(Boolean)).toHaveLength(files.length);
    expect(res.stdout).not.toMatch(/[\u001b\r]/);
  });

  it('audit export and audit verify show their bars on a terminal and stay quiet when piped', async () => {
    const env = { MONGODB_URI: inject('mongodbUri'), HANDOVER_DB_NAME: t.config.dbName, HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-progress-'));
    const onTerminal = await runCliInTerminal(['audit', 'export', '--out', path.join(dir, 'a.jsonl')], env);
    expect(onTerminal.status).toBe(0);
    expect(onTerminal.screen).toMatch(/exporting the audit log \[.*\] \d+\/\d+/);
    expect(onTerminal.screen).toMatch(/exported \d+ events and their signed checkpoint/);
    const verifyOnTerminal = await runCliInTerminal(['audit', 'verify'], env);
    expect(verifyOnTerminal.status).toBe(0);
    expect(verifyOnTerminal.screen).toMatch(/verifying the audit log \[.*\] \d+\/\d+/);
    expect(verifyOnTerminal.screen).toMatch(/audit log intact: \d+ events/);

    const piped = await runCli(t, ['audit', 'verify'], { HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(/^audit log intact: \d+ events, chain verified, signed checkpoint \d+/);
    expect(piped.stdout).not.toMatch(/[\u001b\r]/);
    const exportPiped = await runCli(t, ['audit', 'export', '--out', path.join(dir, 'b.jsonl')], { HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile });
    expect(exportPiped.status).toBe(0);
    expect(exportPiped.stderr).toBe('');
  });
});
