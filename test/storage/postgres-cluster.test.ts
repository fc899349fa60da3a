/**
 * The service's own PostgreSQL cluster, as a newcomer's machine with only the `postgresql`
 * package gets it: found off PATH, initialised once, password-protected on loopback, stopped
 * with the service; and, when running as root under a directory the postgres user cannot enter,
 * kept under /var/lib/handover-exchange and linked from the data dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/process-alive.js';
import { findPostgresBinDir, startOwnPostgres, type OwnPostgres } from '../../src/database-process/postgres.js';

const binDir = findPostgresBinDir(process.env.PATH);
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanup.reverse()) c();
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}


describe('the own PostgreSQL cluster', () => {
  it('is found in PostgreSQL\'s library directory even without PATH', () => {
    expect(binDir).toBeTruthy();
    expect(findPostgresBinDir('')).toMatch(/postgresql\/\d+\/bin$|bin$/);
  });

  it('initialises once, asks for its password, and keeps its data across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-pg-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    let server: OwnPostgres = await startOwnPostgres(binDir!, path.join(dataDir, 'postgres'));
    expect(server.url).toMatch(/^postgres:\/\/handover:[^@]+@127\.0\.0\.1:\d+\/handover$/);
    await query(server.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES (\'æøå\')');
    const withoutPassword = server.url.replace(/:[^:@/]+@/, '@');
    await expect(query(withoutPassword, 'SELECT 1')).rejects.toThrow(/password/i);
    expect(fs.statSync(path.join(dataDir, 'postgres-password')).mode & 0o777).toBe(0o600);
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);

    server = await startOwnPostgres(binDir!, path.join(dataDir, 'postgres'));
    expect(await query(server.url, 'SELECT v FROM kept')).toEqual([{ v: 'æøå' }]);
    await server.stop();
  }, 120_000);

  it.runIf(process.getuid?.() === 0)('runs as the postgres user, from /var/lib/handover-exchange when the data dir lies under a directory closed to it', async () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-closed-'));
    fs.chmodSync(closed, 0o700);
    const dataDir = path.join(closed, 'data');
    const server = await startOwnPostgres(binDir!, path.join(dataDir, 'postgres'));
    const target = fs.realpathSync(path.join(dataDir, 'postgres'));
    cleanup.push(() => {
      fs.rmSync(closed, { recursive: true, force: true });
      fs.rmSync(target, { recursive: true, force: true });
    });
    try {
      expect(fs.lstatSync(path.join(dataDir, 'postgres')).isSymbolicLink()).toBe(true);
      expect(target).toMatch(/^\/var\/lib\/handover-exchange\/postgres-[0-9a-f]{12}$/);
      expect(fs.statSync(target).uid).not.toBe(0);
      expect(await query(server.url, 'SELECT current_user AS u')).toEqual([{ u: 'handover' }]);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
